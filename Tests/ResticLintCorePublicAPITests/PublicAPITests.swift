import Foundation
import ResticFormats
import ResticLintCore  // deliberately not @testable, and the target has no package access: public API only
import Testing

/// What a library user may rely on: analyse a text or a file, stream runs into report sinks, render
/// every format, load a rule folder, and gate findings with an ignore file and a baseline.
@Suite struct PublicAPITests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// The restic #5005 reproduction: restic 0.17.0's circuit breaker trips on a sibling's 404.
    static let sample = repository.appendingPathComponent("samples/b2-5005-misfire-0.17.0.log").path
    static var misfire: String { get throws { try String(contentsOfFile: sample, encoding: .utf8) } }

    static func builtinAnalyzer() throws -> Analyzer {
        Analyzer(catalog: try RuleCatalog.load(from: [], builtin: true))
    }

    @Test func analyzesATextAndAFile() throws {
        let analyzer = try Self.builtinAnalyzer()
        let text = analyzer.analyze(text: try Self.misfire, name: "nightly.log")
        #expect(text.inputs.map(\.lines) == [6])
        #expect(text.runs.count == 1)
        let misfire = try #require(text.findings.first { $0.rule == "breaker-misfire" })
        #expect(misfire.line == 6 && misfire.lock == "lock/798ffec919" && misfire.fixedIn == "0.17.1")
        #expect(misfire.severity == .error)

        let sample = Self.sample
        let file = analyzer.analyze([.file(sample), .file("/nonexistent/restic.log")])
        #expect(file.findings.contains { $0.rule == "breaker-misfire" && $0.input == sample })
        #expect(file.failedInputs.map(\.name) == ["/nonexistent/restic.log"])
        #expect(file.stats.lines == 6)
        #expect(analyzer.analyze(text: "").stats.lines == 0)
    }

    @Test func streamsRunsIntoEverySink() throws {
        let analyzer = try Self.builtinAnalyzer()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("resticlint-api-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = folder.appendingPathComponent("nightly.log")
        let misfire = try Self.misfire
        try Data((misfire + misfire.replacingOccurrences(of: "0.17.0", with: "0.17.1")).utf8).write(to: log)

        let context = ReportContext(catalog: analyzer.catalog)
        for format in Reporters.formats {
            let sink = format.sink()
            let assembler = ReportAssembler(catalog: analyzer.catalog)
            var out = sink.begin(context)
            var closed: [ClosedRun] = []
            let outcome = analyzer.stream([.file(log.path)]) { run in
                closed.append(run)
                assembler.add(run)
                out += sink.closed(run)
            }
            out += sink.end(assembler.finish(outcome))
            #expect(closed.map(\.run.id) == [1, 2], "\(format.identifier)")
            #expect(outcome.inputs.map(\.lines) == [12])
            #expect(out.contains("breaker-misfire"), "\(format.identifier) names the rule")
            // The same report rendered whole gives the same text.
            let whole = analyzer.analyze([.file(log.path)])
            #expect(format.sink().render(whole, context: context) == out, "\(format.identifier)")
        }
        #expect(Reporters.named("sarif") != nil && Reporters.named("nonsense") == nil)
    }

    @Test func loadsARuleFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("resticlint-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let builtin = Self.repository.appendingPathComponent("rules/breaker-misfire.yml")
        try FileManager.default.copyItem(at: builtin, to: folder.appendingPathComponent("breaker-misfire.yml"))
        let catalog = try RuleCatalog.load(from: [folder.path])
        #expect(catalog.rules.map(\.id) == ["breaker-misfire"])
        let examples = RuleExampleRunner.run(catalog)
        #expect(!examples.isEmpty && examples.allSatisfy { $0.passed })
        let report = Analyzer(catalog: catalog, flagVersion: ResticVersion("0.17.0")).analyze(text: try Self.misfire)
        #expect(report.findings.map(\.rule) == ["breaker-misfire"])

        try Data("id: broken\n  severity: [".utf8).write(to: folder.appendingPathComponent("broken.yml"))
        #expect(throws: (any Error).self) { try RuleCatalog.load(from: [folder.path]) }
    }

    @Test func gatesWithAnIgnoreFileAndABaseline() throws {
        let analyzer = try Self.builtinAnalyzer()
        let report = analyzer.analyze(text: try Self.misfire)
        let failing = report.findings.filter { $0.severity >= .warning }
        #expect(!failing.isEmpty)

        func failures(_ configuration: LintConfiguration, baseline: Baseline? = nil) -> Int {
            let gate = Gate(configuration: configuration, baseline: baseline, today: "2026-11-30", failOn: .warning)
            var suppressed: [SuppressedFinding] = []
            for run in Dictionary(grouping: report.findings, by: \.run).keys.sorted() {
                let summary = report.runs.first { $0.id == run }!
                _ = gate.filter(ClosedRun(run: summary, findings: report.findings.filter { $0.run == run })) { suppressed.append($0) }
            }
            return gate.failures
        }
        #expect(failures(LintConfiguration()) == failing.count)
        let ignore = try LintConfiguration.parse("""
            suppressions:
              - rule: breaker-misfire
                reason: fixed by the upgrade next week
                until: 2099-01-01
            """, file: ".resticlint.yml")
        #expect(failures(ignore) == failing.filter { $0.rule != "breaker-misfire" }.count)
        let baseline = try Baseline.parse(Data(Baseline(findings: report.findings).serialized().utf8), name: "baseline.json")
        #expect(failures(LintConfiguration(), baseline: baseline) == 0)
    }
}
