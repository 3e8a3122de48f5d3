import Foundation
import Testing
@testable import ResticLintCore
@testable import ResticLintModel
@testable import ResticLintPipeline
@testable import ResticLintReporting

@Suite struct ReportGitHubTests {
    static func plain(_ finding: Finding) -> Finding {
        var finding = finding
        finding.lock = nil
        finding.relatedLocks = []
        finding.fixedIn = nil
        finding.remediation = []
        finding.references = []
        return finding
    }

    @Test func dataAndPropertiesAreEscaped() {
        #expect(GitHubReporter.escapeData("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b")
        #expect(GitHubReporter.escapeProperty("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext%3A a%2C b")
        #expect(GitHubReporter.escapeData("%0A") == "%250A")  // already-escaped text is not decoded by GitHub
    }

    @Test func annotationEscapesFileTitleAndMessage() {
        let finding = Self.plain(ReportFixtures.finding(title: "Lock: held, 50% of the time",
                                                        message: "first: line, with 100%\r\nsecond line\nthird",
                                                        input: "logs/a:b,c.log"))
        let output = GitHubReporter().render(ReportFixtures.report([finding], input: "logs/a:b,c.log"), context: ReportFixtures.context)
        #expect(output == "::error file=logs/a%3Ab%2Cc.log,line=6,title=Lock%3A held%2C 50%25 of the time [breaker-misfire]"
            + "::first: line, with 100%25%0D%0Asecond line%0Athird\n")
    }

    @Test func levelsMapAndErrorsComeFirst() {
        let report = ReportFixtures.report([
            Self.plain(ReportFixtures.finding(severity: .info, line: 1, message: "info")),
            Self.plain(ReportFixtures.finding(severity: .warning, line: 2, message: "warning")),
            Self.plain(ReportFixtures.finding(severity: .error, line: 3, message: "error")),
        ])
        let lines = GitHubReporter().render(report, context: ReportFixtures.context).split(separator: "\n")
        #expect(lines.map { String($0.prefix { $0 != " " }) } == ["::error", "::warning", "::notice"])
        #expect(lines.map { String($0.split(separator: "::").last ?? "") } == ["error", "warning", "info"])
    }

    @Test func annotationsAreCappedPerLevelWithASummaryNotice() {
        let findings = (0..<13).map { Self.plain(ReportFixtures.finding(severity: .error, line: 100 + $0)) }
            + (0..<12).map { Self.plain(ReportFixtures.finding(severity: .warning, line: 200 + $0)) }
            + (0..<11).map { Self.plain(ReportFixtures.finding(severity: .info, line: 300 + $0)) }
        let lines = GitHubReporter().render(ReportFixtures.report(findings.reversed()), context: ReportFixtures.context)
            .split(separator: "\n").map(String.init)
        #expect(lines.count == 30)
        #expect(lines.prefix(10).allSatisfy { $0.hasPrefix("::error ") })
        #expect(lines.dropFirst(10).prefix(10).allSatisfy { $0.hasPrefix("::warning ") })
        #expect(lines.dropFirst(20).allSatisfy { $0.hasPrefix("::notice ") })
        // 3 errors, 2 warnings and 2 notices (9 shown, to leave room for the summary) are left out.
        #expect(lines.last == "::notice title=resticlint::7 more findings: see the SARIF or JSON report "
            + "(GitHub shows 10 annotations per level per step).")
        // Most severe first, report order within a level.
        #expect(lines[0].contains("line=112,") && lines[9].contains("line=103,"))
    }

    @Test func tenPerLevelNeedNoSummary() {
        let findings = (0..<10).map { Self.plain(ReportFixtures.finding(severity: .info, line: 1 + $0)) }
        let lines = GitHubReporter().render(ReportFixtures.report(findings), context: ReportFixtures.context).split(separator: "\n")
        #expect(lines.count == 10)
        #expect(!lines.contains { $0.contains("more finding") })
    }

    @Test func jobSummaryTablesEveryFinding() throws {
        var context = ReportFixtures.context
        context.environment = ["GITHUB_STEP_SUMMARY": "/tmp/summary.md"]
        let findings = (0..<25).map { i in
            ReportFixtures.finding(severity: .error, line: 10 + i, message: i == 0 ? "pipe | and <b>html</b>\nsecond line" : "finding \(i)")
        }
        let output = GitHubReporter().render(ReportFixtures.report(findings), context: context)
        #expect(output.split(separator: "\n").last?.contains("15 more findings: see the job summary or the SARIF report") == true)

        let written = GitHubJobSummary().render(ReportFixtures.report(findings), context: context)
        #expect(written.hasPrefix("## resticlint\n"))
        #expect(written.contains("| Severity | Rule | Location | Lock | Diagnosis | Fixed in |"))
        let rows = written.split(separator: "\n").filter { $0.hasPrefix("| error |") }
        try #require(rows.count == 25)
        #expect(rows[0] == "| error | `breaker-misfire` | `logs/nightly.log:10` | `lock/798ffec919`<br>related: `lock/91b9421fff` | "
            + "pipe \\| and &lt;b&gt;html&lt;/b&gt;<br>second line | restic 0.17.1 |")
    }

    @Test func noSummaryWithoutTheVariable() {
        var context = ReportFixtures.context
        context.environment = ["GITHUB_STEP_SUMMARY": ""]
        let output = GitHubReporter().render(ReportFixtures.ciReport, context: context)
        #expect(!output.contains("job summary"))
    }

    /// The CLI appends the job summary (rendering writes no file); each step appends again.
    @Test func cliAppendsTheJobSummary() throws {
        let summary = FileManager.default.temporaryDirectory.appendingPathComponent("resticlint-summary-\(UUID().uuidString).md")
        defer { try? FileManager.default.removeItem(at: summary) }
        try Data("# earlier step\n\n".utf8).write(to: summary)
        let log = "\(TestSupport.samplesDirectory)/b2-5005-misfire-0.17.0.log"
        for _ in 0..<2 {
            let run = try TestSupport.run(["analyze", "--format", "github", log], environment: ["GITHUB_STEP_SUMMARY": summary.path])
            #expect(run.status == 0 && run.stdout.hasPrefix("::error "))
        }
        let written = try String(contentsOf: summary, encoding: .utf8)
        #expect(written.hasPrefix("# earlier step\n\n## resticlint\n"))
        #expect(written.components(separatedBy: "## resticlint\n").count == 3)
        #expect(written.contains("| error | `breaker-misfire` |"))
    }

    @Test func cliReportsAnUnwritableSummaryNotFatal() throws {
        let log = "\(TestSupport.samplesDirectory)/b2-5005-misfire-0.17.0.log"
        let run = try TestSupport.run(["analyze", "--format", "github", log],
                                      environment: ["GITHUB_STEP_SUMMARY": FileManager.default.temporaryDirectory.path])  // a directory
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("::error ") == true)
        #expect(lines.last?.hasPrefix("::warning title=resticlint::cannot append the job summary to ") == true)
    }
}

@Suite struct ReportJUnitTests {
    static let parser = """
        import json, sys
        import xml.etree.ElementTree as ET
        root = ET.parse(sys.argv[1]).getroot()
        suite = root.find("testsuite")
        cases = []
        for case in suite.findall("testcase"):
            children = [{"tag": c.tag, "attrib": c.attrib, "text": c.text or ""} for c in case]
            cases.append({"classname": case.get("classname"), "name": case.get("name"), "children": children})
        print(json.dumps({"root": root.tag, "suite": suite.attrib, "cases": cases}))
        """

    struct Parsed: Decodable {
        struct Case: Decodable {
            struct Child: Decodable {
                var tag: String
                var attrib: [String: String]
                var text: String
            }
            var classname: String
            var name: String
            var children: [Child]
        }
        var root: String
        var suite: [String: String]
        var cases: [Case]
    }

    static func parse(_ xml: String) throws -> Parsed {
        let file = try Python.temporaryFile(xml, suffix: ".xml")
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try Python.run(parser, [file.path])
        try #require(result.status == 0, "not well-formed XML: \(result.stderr)\n\(xml)")
        return try JSONDecoder().decode(Parsed.self, from: Data(result.stdout.utf8))
    }

    @Test func escapeCoversMarkupQuotesAndControls() {
        #expect(JUnitReporter.escape("<&>\"'") == "&lt;&amp;&gt;&quot;&apos;")
        #expect(JUnitReporter.escape("a\nb\tc\rd") == "a&#10;b&#9;c&#13;d")
        #expect(JUnitReporter.escape("a\nb", attribute: false) == "a\nb")
        #expect(JUnitReporter.escape("bell\u{7}nul\u{0}") == "bell\u{FFFD}nul\u{FFFD}")
    }

    @Test func specialCharactersSurviveAParser() throws {
        let title = "Title <&>\"' with ]]> inside"
        let message = "a < b && c > \"d\" 'e' \u{1B}[0m"
        let input = "logs/<odd> & \"name's\".log"
        let finding = ReportFixtures.finding(title: title, message: message, input: input)
        let xml = JUnitReporter().render(ReportFixtures.report([finding], input: input), context: ReportFixtures.context)
        #expect(xml.contains("&lt;&amp;&gt;&quot;&apos;"))
        let parsed = try Self.parse(xml)
        let failing = try #require(parsed.cases.first { !$0.children.isEmpty })
        #expect(failing.name == input)
        #expect(failing.classname == "breaker-misfire")
        let failure = try #require(failing.children.first)
        #expect(failure.tag == "failure")
        #expect(failure.attrib["message"] == "1 finding: \(title)")
        #expect(failure.attrib["type"] == "error")
        #expect(failure.text.hasPrefix("\(input):6: a < b && c > \"d\" 'e' \u{FFFD}[0m"))
    }

    @Test func everyRuleAndInputIsATestcase() throws {
        let parsed = try Self.parse(JUnitReporter().render(ReportFixtures.ciReport, context: ReportFixtures.context))
        let rules = TestSupport.catalog.rules.count
        #expect(parsed.root == "testsuites")
        #expect(parsed.suite["name"] == "resticlint")
        #expect(parsed.cases.count == rules * 3 + 1)
        #expect(parsed.suite["tests"] == String(rules * 3 + 1))
        #expect(parsed.suite["failures"] == "3")
        #expect(parsed.suite["errors"] == "1")
        #expect(parsed.suite["skipped"] == String(rules))
        let failures = parsed.cases.filter { $0.children.first?.tag == "failure" }.map { "\($0.classname) \($0.name)" }
        #expect(failures == ["breaker-misfire logs/nightly.log", "breaker-open logs/after upgrade.log",
                             "lock-file-vanished logs/after upgrade.log"])
        for rule in TestSupport.catalog.rules {
            #expect(parsed.cases.filter { $0.classname == rule.id }.map(\.name)
                == ["logs/nightly.log", "logs/after upgrade.log", "/var/log/restic/missing.log"])
        }
    }

    @Test func oneFailureListsEveryFindingOfTheRule() throws {
        let report = ReportFixtures.report([ReportFixtures.finding(line: 6, message: "first"), ReportFixtures.finding(line: 9, message: "second")])
        let parsed = try Self.parse(JUnitReporter().render(report, context: ReportFixtures.context))
        let failing = parsed.cases.filter { !$0.children.isEmpty }
        #expect(failing.count == 1)
        #expect(failing[0].children.count == 1)
        #expect(failing[0].children[0].attrib["message"]?.hasPrefix("2 findings: ") == true)
        #expect(failing[0].children[0].text.split(separator: "\n").map { String($0.prefix(22)) }
            == ["logs/nightly.log:6: fi", "logs/nightly.log:9: se"])
    }

    @Test func cleanReportPassesEveryRule() throws {
        let parsed = try Self.parse(JUnitReporter().render(ReportFixtures.report([]), context: ReportFixtures.context))
        #expect(parsed.cases.count == TestSupport.catalog.rules.count)
        #expect(parsed.cases.allSatisfy { $0.children.isEmpty })
        #expect(parsed.suite["failures"] == "0")
    }
}

@Suite struct ReportGitLabTests {
    static func issues(_ report: AnalysisReport) throws -> [[String: Any]] {
        let text = GitLabReporter().render(report, context: ReportFixtures.context)
        #expect(text.utf8.first == UInt8(ascii: "["), "Code Quality reports must not start with a BOM")
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    }

    @Test func issuesHaveTheCodeQualityShape() throws {
        let issues = try Self.issues(ReportFixtures.ciReport)
        #expect(issues.count == 3)
        #expect(issues.map { $0["check_name"] as? String } == ["breaker-misfire", "lock-file-vanished", "breaker-open"])
        #expect(issues.map { $0["severity"] as? String } == ["critical", "info", "critical"])
        let location = try #require(issues[0]["location"] as? [String: Any])
        #expect(location["path"] as? String == "logs/nightly.log")
        #expect((location["lines"] as? [String: Int])?["begin"] == 6)
        #expect((issues[1]["location"] as? [String: Any])?["path"] as? String == "logs/after upgrade.log")
        #expect((issues[0]["description"] as? String)?.hasPrefix("Circuit breaker opened") == true)
        #expect(Set(issues.compactMap { $0["fingerprint"] as? String }).count == 3)
    }

    @Test func warningIsMajor() throws {
        let issues = try Self.issues(ReportFixtures.report([ReportFixtures.finding(severity: .warning)]))
        #expect(issues.first?["severity"] as? String == "major")
    }

    @Test func fingerprintsAreUniqueAndStable() throws {
        let same = ReportFixtures.report([ReportFixtures.finding(line: 6), ReportFixtures.finding(line: 60)])
        let prints = try Self.issues(same).compactMap { $0["fingerprint"] as? String }
        #expect(prints.count == 2 && prints[0] != prints[1])

        func misfirePrint(_ log: String) throws -> String? {
            try Self.issues(TestSupport.analyzer.analyze(text: log, name: "logs/nightly.log")).first?["fingerprint"] as? String
        }
        #expect(try misfirePrint(ReportFixtures.misfireLog) == misfirePrint("extra line\nanother\n" + ReportFixtures.misfireLog))
        let otherInput = try Self.issues(TestSupport.analyzer.analyze(text: ReportFixtures.misfireLog, name: "logs/weekly.log"))
        #expect(try otherInput.first?["fingerprint"] as? String != misfirePrint(ReportFixtures.misfireLog))
    }

    @Test func emptyReportIsAnEmptyArray() {
        #expect(GitLabReporter().render(ReportFixtures.report([]), context: ReportFixtures.context) == "[]\n")
    }
}

@Suite struct ReportMarkdownTests {
    @Test func findingSectionsAndEscaping() {
        var finding = ReportFixtures.finding(title: "Title with <tag> & `code`", message: "Message | with <b>html</b>")
        finding.evidence = [EvidenceLine(line: 6, text: "line with ``` fence")]
        let markdown = MarkdownReporter().render(ReportFixtures.report([finding]), context: ReportFixtures.context)
        #expect(markdown.hasPrefix("# resticlint report\n\n**1 finding (1 error) in 1 run of 1 input;"))
        #expect(markdown.contains("| error | `breaker-misfire` | `logs/nightly.log:6` |"))
        #expect(markdown.contains("## 1. error: Title with &lt;tag&gt; &amp; `code`\n"))
        #expect(markdown.contains("````text\n6 | line with ``` fence\n````\n"))
        #expect(markdown.contains("**Diagnosis:** Message | with &lt;b&gt;html&lt;/b&gt;\n"))
        #expect(markdown.contains("**Fixed in:** restic 0.17.1"))
        #expect(markdown.contains("**What to do:**\n\n- Upgrade restic to 0.17.1"))
        #expect(markdown.contains("- <https://github.com/restic/restic/issues/5005>"))
    }

    @Test func cleanReportSaysSo() {
        let markdown = MarkdownReporter().render(ReportFixtures.report([]), context: ReportFixtures.context)
        #expect(markdown.contains("No findings."))
        #expect(!markdown.contains("| Severity |"))
    }
}

@Suite struct ReportSupportTests {
    @Test func pathsAreRelativeUnderTheCurrentDirectory() {
        #expect(ReportPaths.relative("/srv/ci/logs/a.log", to: "/srv/ci") == "logs/a.log")
        #expect(ReportPaths.relative("/srv/ci/logs/a.log", to: "/srv/ci/") == "logs/a.log")
        #expect(ReportPaths.relative("/srv/ci/./logs/../logs/a.log", to: "/srv/ci") == "logs/a.log")
        #expect(ReportPaths.relative("/srv/cicd/a.log", to: "/srv/ci") == "/srv/cicd/a.log")
        #expect(ReportPaths.relative("/var/log/a.log", to: "/srv/ci") == "/var/log/a.log")
        #expect(ReportPaths.relative("./logs/a.log", to: "/srv/ci") == "logs/a.log")
        #expect(ReportPaths.relative("<stdin>", to: "/srv/ci") == "<stdin>")
        #expect(ReportPaths.relative("/a.log", to: "/") == "a.log")
        #expect(ReportPaths.uri("logs/a b%:c.log") == "logs/a%20b%25%3Ac.log")
        #expect(ReportPaths.uri("/var/log/ü.log") == "file:///var/log/%C3%BC.log")
        #expect(ReportPaths.directoryURI("/srv/ci") == "file:///srv/ci/")
        #expect(ReportPaths.directoryURI("/") == "file:///")
    }

    @Test func durationsAreMasked() {
        #expect(Fingerprints.normalized("  a\t b  1.5s ") == "a b <duration>")
    }

    @Test func descriptionsAreCutAtAWord() {
        let long = String(repeating: "word ", count: 400)
        let cut = ReportText.truncated(long, to: 1024)
        #expect(cut.count <= 1024 && cut.hasSuffix("word…"))
        #expect(ReportText.truncated("short", to: 1024) == "short")
    }

    @Test func contextDefaultsToTheProcessDirectory() {
        let context = ReportContext(catalog: TestSupport.catalog)
        #expect(context.currentDirectory == FileManager.default.currentDirectoryPath)
        #expect(context.environment.isEmpty)
    }
}
