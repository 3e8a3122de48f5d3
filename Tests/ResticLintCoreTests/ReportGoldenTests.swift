import Foundation
import Testing
@testable import ResticLintCore

/// Reports built from small embedded logs, the same for every report test.
enum ReportFixtures {
    /// The directory reports are rendered "in": absolute inputs under it come out relative.
    static let currentDirectory = "/srv/ci"

    /// restic #5005 on 0.17.0: a circuit-breaker misfire.
    static let misfireLog = MisfireContractTests.reproduction

    /// The same situation on 0.17.1, plus a lock whose own loads failed: a vanished lock and an open breaker.
    static let upgradedLog = """
        restic 0.17.1 compiled with go1.23.0 on linux/amd64
        open repository
        Load(<lock/91b9421fff>, 0, 0) failed: b2_download_file_by_name: 404: File with such name does not exist.
        Load(<lock/5c0f3e6a1b>, 0, 0) returned error, retrying after 1.032s: Copy: net/http: server replied with more than declared Content-Length; truncated
        Load(<lock/5c0f3e6a1b>, 0, 0) failed: Copy: net/http: server replied with more than declared Content-Length; truncated
        unable to create lock in backend: circuit breaker open for file <lock/5c0f3e6a1b>

        """

    static var context: ReportContext {
        // A fixed catalogue version: golden files must not change whenever any rule file's text does.
        ReportContext(catalog: RuleCatalog(rules: TestSupport.catalog.rules, version: "golden"), environment: [:],
                      currentDirectory: currentDirectory)
    }

    /// Three inputs: a relative log with the misfire, an absolute log under the current directory (with a
    /// space in its name) with two findings, and a log that could not be read.
    static let ciReport: AnalysisReport = merge([
        TestSupport.analyzer.analyze(text: misfireLog, name: "logs/nightly.log"),
        TestSupport.analyzer.analyze(text: upgradedLog, name: "/srv/ci/logs/after upgrade.log"),
    ], failed: [("/var/log/restic/missing.log", "/var/log/restic/missing.log: No such file or directory")])

    /// A finding to vary in tests: the fixture's misfire with the given changes.
    static func finding(rule: String = "breaker-misfire", severity: Severity = .error, line: Int = 6,
                        title: String? = nil, message: String? = nil, input: String = "logs/nightly.log") -> Finding {
        var finding = ciReport.findings[0]
        finding.rule = rule
        finding.severity = severity
        finding.line = line
        finding.input = input
        finding.inputIndex = 0
        if let title { finding.title = title }
        if let message { finding.message = message }
        return finding
    }

    /// A one-input report holding exactly these findings.
    static func report(_ findings: [Finding], input: String = "logs/nightly.log", problems: [EngineProblem] = []) -> AnalysisReport {
        var report = ciReport
        report.inputs = [InputSummary(name: input, lines: 10, bytes: 500, classifiedLines: 5, truncatedLines: 0, error: nil)]
        report.runs = [report.runs[0]]
        report.findings = findings
        report.problems = problems
        return report
    }

    /// Joins single-input reports as `Analyzer.analyze(_:)` does for several inputs.
    static func merge(_ reports: [AnalysisReport], failed: [(name: String, error: String)] = []) -> AnalysisReport {
        var merged = AnalysisReport(toolVersion: Analyzer.toolVersion, inputs: [], runs: [], findings: [], problems: [])
        for (index, report) in reports.enumerated() {
            let offset = merged.runs.count
            merged.inputs += report.inputs
            merged.runs += report.runs.map { run in
                var run = run
                run.id += offset
                return run
            }
            merged.findings += report.findings.map { finding in
                var finding = finding
                finding.run += offset
                finding.inputIndex = index
                return finding
            }
            merged.problems += report.problems
        }
        for input in failed {
            merged.inputs.append(InputSummary(name: input.name, lines: 0, bytes: 0, classifiedLines: 0, truncatedLines: 0, error: input.error))
        }
        return merged
    }
}

/// Golden files under `Golden/`; `UPDATE_GOLDEN=1 swift test --filter Report` rewrites them.
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static var updating: Bool { ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" }

    static func check(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent(name)
        if updating {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try Data(actual.utf8).write(to: url)
            } catch {
                Issue.record("cannot write golden \(url.path): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            Issue.record("missing golden file \(url.path); run with UPDATE_GOLDEN=1 to create it", sourceLocation: sourceLocation)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        guard actual != expected else { return }
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let line = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
        let got = line < a.count ? String(a[line]) : "<end of output>"
        let want = line < e.count ? String(e[line]) : "<end of file>"
        Issue.record("""
            \(name) differs from the golden file at line \(line + 1) (UPDATE_GOLDEN=1 rewrites it):
              expected: \(want)
              actual:   \(got)
            """, sourceLocation: sourceLocation)
    }
}

@Suite struct ReportGoldenTests {
    static let formats: [(identifier: String, file: String)] = [
        ("text", "ci-report.txt"), ("json", "ci-report.json"), ("jsonl", "ci-report.jsonl"), ("markdown", "ci-report.md"),
        ("sarif", "ci-report.sarif"), ("github", "ci-report.github.txt"),
        ("gitlab", "ci-report.gitlab.json"), ("junit", "ci-report.junit.xml"),
        ("prometheus", "ci-report.prom"),
    ]

    @Test func fixtureHasTheExpectedFindings() {
        let report = ReportFixtures.ciReport
        #expect(report.findings.map(\.rule) == ["breaker-misfire", "lock-file-vanished", "breaker-open"])
        #expect(report.failedInputs.map(\.name) == ["/var/log/restic/missing.log"])
    }

    @Test(arguments: formats.map(\.identifier))
    func formatMatchesGolden(identifier: String) throws {
        let reporter = try #require(Reporters.named(identifier))
        let file = try #require(Self.formats.first { $0.identifier == identifier }?.file)
        Golden.check(reporter.render(ReportFixtures.ciReport, context: ReportFixtures.context), file)
    }

    @Test(arguments: formats.map(\.identifier))
    func outputIsDeterministic(identifier: String) throws {
        let reporter = try #require(Reporters.named(identifier))
        let first = reporter.render(ReportFixtures.ciReport, context: ReportFixtures.context)
        let again = ReportFixtures.merge([
            TestSupport.analyzer.analyze(text: ReportFixtures.misfireLog, name: "logs/nightly.log"),
            TestSupport.analyzer.analyze(text: ReportFixtures.upgradedLog, name: "/srv/ci/logs/after upgrade.log"),
        ], failed: [("/var/log/restic/missing.log", "/var/log/restic/missing.log: No such file or directory")])
        #expect(reporter.render(again, context: ReportFixtures.context) == first)
    }

    @Test func githubStepSummaryMatchesGolden() throws {
        Golden.check(GitHubJobSummary().render(ReportFixtures.ciReport, context: ReportFixtures.context), "ci-report.github-summary.md")
    }

    @Test func everyFormatIsRegistered() {
        #expect(Reporters.identifiers == ["text", "json", "jsonl", "markdown", "sarif", "github", "gitlab", "junit", "html", "prometheus"])
        for identifier in Reporters.identifiers {
            #expect(Reporters.named(identifier) != nil, "\(identifier) is listed but not constructible")
        }
        #expect(Reporters.named("xml") == nil)
    }
}
