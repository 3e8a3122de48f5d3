import Foundation
import Testing
@testable import ResticLintCore
@testable import ResticLintModel
@testable import ResticLintPipeline

/// Runs `python3 -c SCRIPT ARGS...` for checks done best by Python's libraries (jsonschema, XML parser).
enum Python {
    typealias Output = ChildProcess.Output

    static func run(_ script: String, _ arguments: [String] = []) throws -> Output {
        try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script] + arguments)
    }

    static func temporaryFile(_ text: String, suffix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("resticlint-\(UUID().uuidString)\(suffix)")
        try Data(text.utf8).write(to: url)
        return url
    }
}

@Suite struct ReportSARIFTests {
    /// The official OASIS schema, vendored beside the tests (see `Schemas/NOTICE.md`).
    static var schemaPath: String {
        TestSupport.repositoryRoot.appendingPathComponent("Tests/ResticLintCoreTests/Schemas/sarif-schema-2.1.0.json").path
    }

    static let validator = """
        import json, sys
        try:
            import jsonschema
        except ImportError as error:
            print("python3 has no jsonschema (run .ci/install-deps): %s" % error)
            sys.exit(2)
        with open(sys.argv[1], encoding="utf-8") as f:
            schema = json.load(f)
        with open(sys.argv[2], encoding="utf-8") as f:
            document = json.load(f)
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        errors = sorted(cls(schema, format_checker=jsonschema.FormatChecker()).iter_errors(document),
                        key=lambda e: [str(p) for p in e.absolute_path])
        for e in errors[:20]:
            print("/" + "/".join(str(p) for p in e.absolute_path) + ": " + e.message)
        sys.exit(1 if errors else 0)
        """

    static func validate(_ sarif: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        guard FileManager.default.fileExists(atPath: schemaPath) else {
            Issue.record("SARIF schema not found at \(schemaPath)", sourceLocation: sourceLocation)
            return
        }
        let file = try Python.temporaryFile(sarif, suffix: ".sarif")
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try Python.run(validator, [schemaPath, file.path])
        #expect(result.status == 0, "SARIF is invalid against \(schemaPath):\n\(result.stdout)\(result.stderr)",
                sourceLocation: sourceLocation)
    }

    static func parse(_ sarif: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
    }

    static func run(_ document: [String: Any]) throws -> [String: Any] {
        let runs = try #require(document["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        return try #require(runs.first)
    }

    static func results(_ document: [String: Any]) throws -> [[String: Any]] {
        try #require(try run(document)["results"] as? [[String: Any]])
    }

    /// Findings of several rules and severities, a finding at line 0, a rule the catalogue lacks,
    /// a multi-line block, baseline states, an engine problem and an unreadable input.
    static var edgeReport: AnalysisReport {
        var report = ReportFixtures.ciReport
        var warning = ReportFixtures.finding(rule: "stale-lock", severity: .warning, line: 0, title: "Stale lock, maybe", message: "A lock: old, 100% stale.")
        warning.evidence = [EvidenceLine(line: 0, text: "repository is already locked\nlock was created at 2024-01-01 (3h ago)")]
        warning.isNew = true
        var block = ReportFixtures.finding(rule: "breaker-open", line: 7, input: "/srv/ci/logs/after upgrade.log")
        block.inputIndex = 1
        block.evidence = [EvidenceLine(line: 7, text: "repository is already locked by PID 4242\nlock was created at 2024-01-01 02:00:03 (1h2m3.5s ago)\nstorage ID 9a8b7c6d"),
                          EvidenceLine(line: 12, text: "unable to create lock in backend")]
        block.lines = [7, 8, 9, 10, 12]
        block.isNew = false
        report.findings += [warning, block]
        report.problems = [EngineProblem(rule: "breaker-open", pattern: "own_failure", line: 3, message: "match limit exceeded")]
        return report
    }

    @Test func ciReportIsValidSARIF() throws {
        try Self.validate(SARIFReporter().render(ReportFixtures.ciReport, context: ReportFixtures.context))
    }

    @Test func edgeCasesAreValidSARIF() throws {
        try Self.validate(SARIFReporter().render(Self.edgeReport, context: ReportFixtures.context))
    }

    @Test func emptyReportIsValidSARIF() throws {
        let sarif = SARIFReporter().render(ReportFixtures.report([]), context: ReportFixtures.context)
        try Self.validate(sarif)
        #expect(try Self.results(Self.parse(sarif)).isEmpty)
    }

    @Test func validatorRejectsInvalidSARIF() throws {
        guard FileManager.default.fileExists(atPath: Self.schemaPath) else { return }
        let broken = SARIFReporter().render(ReportFixtures.ciReport, context: ReportFixtures.context)
            .replacingOccurrences(of: "\"level\": \"note\"", with: "\"level\": \"info\"")
        let file = try Python.temporaryFile(broken, suffix: ".sarif")
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try Python.run(Self.validator, [Self.schemaPath, file.path])
        #expect(result.status == 1, "the validator should reject level 'info': \(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("'info' is not one of"))
    }

    @Test func driverListsEveryCatalogueRule() throws {
        let document = try Self.parse(SARIFReporter().render(ReportFixtures.ciReport, context: ReportFixtures.context))
        #expect(document["version"] as? String == "2.1.0")
        #expect(document["$schema"] as? String == SARIFReporter.schemaURI)
        let run = try Self.run(document)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "resticlint")
        #expect(driver["semanticVersion"] as? String == Analyzer.toolVersion)
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.compactMap { $0["id"] as? String } == TestSupport.catalog.rules.map(\.id))
        for (rule, descriptor) in zip(TestSupport.catalog.rules, rules) {
            let full = try #require((descriptor["fullDescription"] as? [String: Any])?["text"] as? String)
            let short = try #require((descriptor["shortDescription"] as? [String: Any])?["text"] as? String)
            #expect(full.count <= 1024 && short.count <= 1024)
            let help = try #require(descriptor["help"] as? [String: Any])
            #expect((help["text"] as? String)?.isEmpty == false)
            #expect((help["markdown"] as? String)?.contains(rule.definition.references.first ?? "") == true)
            let level = (descriptor["defaultConfiguration"] as? [String: Any])?["level"] as? String
            #expect(level == ["error": "error", "warning": "warning", "info": "note"][rule.definition.severity.rawValue])
            let tags = try #require((descriptor["properties"] as? [String: Any])?["tags"] as? [String])
            #expect(Set(tags).isSuperset(of: rule.definition.tags) && Set(tags).count == tags.count)
        }
        let results = try Self.results(document)
        #expect(results.count == ReportFixtures.ciReport.findings.count)
        for result in results {
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(rules[index]["id"] as? String == result["ruleId"] as? String)
        }
        let invocation = try #require((run["invocations"] as? [[String: Any]])?.first)
        #expect(invocation["executionSuccessful"] as? Bool == false)  // one input could not be read
        #expect((invocation["workingDirectory"] as? [String: Any])?["uri"] as? String == "file:///srv/ci/")
        #expect((run["automationDetails"] as? [String: Any])?["id"] as? String == "restic-logs/")
    }

    @Test func resultsCarryTitleLocationAndProperties() throws {
        let results = try Self.results(Self.parse(SARIFReporter().render(ReportFixtures.ciReport, context: ReportFixtures.context)))
        let misfire = results[0]
        let text = try #require((misfire["message"] as? [String: Any])?["text"] as? String)
        #expect(text.hasPrefix("Circuit breaker opened for a lock file that never failed (restic 0.17.0 bug). restic 0.17.0 refused"))
        let physical = try #require(((misfire["locations"] as? [[String: Any]])?.first)?["physicalLocation"] as? [String: Any])
        #expect((physical["artifactLocation"] as? [String: Any])?["uri"] as? String == "logs/nightly.log")
        let region = try #require(physical["region"] as? [String: Int])
        let trigger = "unable to create lock in backend: circuit breaker open for file <lock/798ffec919>"
        #expect(region == ["startLine": 6, "startColumn": 1, "endLine": 6, "endColumn": trigger.utf16.count + 1])
        #expect((misfire["relatedLocations"] as? [[String: Any]])?.count == 2)
        let properties = try #require(misfire["properties"] as? [String: Any])
        #expect(properties["lock"] as? String == "lock/798ffec919")
        #expect(properties["relatedLocks"] as? [String] == ["lock/91b9421fff"])
        #expect(properties["confidence"] as? String == "confirmed")
        #expect(properties["fixedIn"] as? String == "0.17.1")
        #expect(properties["run"] as? Int == 1)

        // The absolute input under the current directory is made relative, and URI-encoded.
        let second = try #require(((results[1]["locations"] as? [[String: Any]])?.first)?["physicalLocation"] as? [String: Any])
        #expect((second["artifactLocation"] as? [String: Any])?["uri"] as? String == "logs/after%20upgrade.log")
    }

    @Test func regionIsOmittedBelowLineOneAndSpansBlocks() throws {
        let results = try Self.results(Self.parse(SARIFReporter().render(Self.edgeReport, context: ReportFixtures.context)))
        let lineZero = try #require(results.first { $0["ruleId"] as? String == "stale-lock" })
        let physical = try #require(((lineZero["locations"] as? [[String: Any]])?.first)?["physicalLocation"] as? [String: Any])
        #expect(physical["region"] == nil)
        #expect(physical["artifactLocation"] != nil)
        #expect(lineZero["level"] as? String == "warning")
        #expect(lineZero["baselineState"] as? String == "new")

        let block = try #require(results.first { ($0["properties"] as? [String: Any])?["run"] as? Int == 1 && $0["ruleId"] as? String == "breaker-open" && $0["baselineState"] != nil })
        let region = try #require((((block["locations"] as? [[String: Any]])?.first)?["physicalLocation"] as? [String: Any])?["region"] as? [String: Int])
        #expect(region["startLine"] == 7)
        #expect(region["endLine"] == 10)  // the block's lines, not the next evidence line
        #expect(region["endColumn"] == "storage ID 9a8b7c6d".utf16.count + 1)
        #expect(block["baselineState"] as? String == "unchanged")
    }

    @Test func ruleMissingFromTheCatalogueGetsADescriptor() throws {
        let run = try Self.run(Self.parse(SARIFReporter().render(Self.edgeReport, context: ReportFixtures.context)))
        let rules = try #require(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        let index = try #require(rules.firstIndex { $0["id"] as? String == "stale-lock" })
        let result = try #require((run["results"] as? [[String: Any]])?.first { $0["ruleId"] as? String == "stale-lock" })
        #expect(result["ruleIndex"] as? Int == index)
        let notifications = try #require(((run["invocations"] as? [[String: Any]])?.first)?["toolExecutionNotifications"] as? [[String: Any]])
        #expect(notifications.count == 2)  // the unreadable input and the engine problem
    }

    @Test func fingerprintIgnoresLineNumbersAndDurations() throws {
        func hash(_ log: String, rule: String) throws -> String {
            let report = TestSupport.analyzer.analyze(text: log, name: "logs/nightly.log")
            let results = try Self.results(Self.parse(SARIFReporter().render(report, context: ReportFixtures.context)))
            let result = try #require(results.first { $0["ruleId"] as? String == rule })
            return try #require((result["partialFingerprints"] as? [String: String])?["primaryLocationLineHash"])
        }
        let original = try hash(ReportFixtures.misfireLog, rule: "breaker-misfire")
        let shifted = try hash("backup started\nusing parent snapshot 1a2b3c4d\n\n" + ReportFixtures.misfireLog, rule: "breaker-misfire")
        #expect(original == shifted)
        #expect(original.hasSuffix(":1"))
        #expect(original.count == 18)

        let other = try hash(ReportFixtures.upgradedLog, rule: "breaker-open")
        #expect(other != original)

        // Identical findings in one file are told apart by their occurrence.
        var later = ReportFixtures.finding(line: 40)
        later.evidence = later.evidence.map { EvidenceLine(line: $0.line + 34, text: $0.text) }
        let twice = ReportFixtures.report([ReportFixtures.finding(), later])
        let results = try Self.results(Self.parse(SARIFReporter().render(twice, context: ReportFixtures.context)))
        let hashes = results.compactMap { ($0["partialFingerprints"] as? [String: String])?["primaryLocationLineHash"] }
        #expect(hashes.count == 2 && hashes[0].dropLast(2) == hashes[1].dropLast(2))
        #expect(hashes.map { $0.suffix(2) } == [":1", ":2"])
    }

    @Test func inputsOutsideTheCurrentDirectoryKeepTheirPath() throws {
        var context = ReportFixtures.context
        context.currentDirectory = "/home/backup"
        let results = try Self.results(Self.parse(SARIFReporter().render(ReportFixtures.ciReport, context: context)))
        let location = try #require((((results[1]["locations"] as? [[String: Any]])?.first)?["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: Any])
        #expect(location["uri"] as? String == "file:///srv/ci/logs/after%20upgrade.log")
        #expect(location["uriBaseId"] == nil)
    }
}
