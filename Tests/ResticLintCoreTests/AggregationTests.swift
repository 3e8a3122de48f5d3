import Foundation
import Testing
@testable import ResticLintCore
@testable import ResticLintPipeline

/// Repeats of one problem in a run are one finding that says how often, from where to where.
@Suite struct AggregationTests {
    static func retryStorm(files: Int, error: String, firstFile: Int = 0) -> String {
        (firstFile..<firstFile + files).map { i in
            let handle = String(format: "data/%02x%08x", i, i * 7919)
            return "Load(<\(handle)>, 0, 0) returned error, retrying after 1.\(i)s: \(error)\n"
                + "Load(<\(handle)>, 0, 0) operation successful after 1 retries\n"
        }.joined()
    }

    @Test func aRetryStormIsOneFindingPerErrorClass() throws {
        let log = "restic 0.17.1 compiled with go1.23.0 on linux/amd64\nopen repository\n"
            + Self.retryStorm(files: 40, error: "Get https://b2.example/file/bucket/data/ab/0123abcd: 503 Service Unavailable")
            + Self.retryStorm(files: 3, error: "unexpected EOF", firstFile: 100)
        let findings = TestSupport.analyze(log).findings.filter { $0.rule == "retry-recovered" }
        #expect(findings.count == 2)
        let storm = findings[0]
        #expect(storm.occurrences == 40)
        #expect(storm.line == 4 && storm.lastLine == 82)
        #expect(storm.evidence.count == FindingAggregator.evidenceLimit)
        #expect(storm.evidence.map(\.line) == storm.evidence.map(\.line).sorted())
        #expect(Set(storm.lines).isSuperset(of: storm.evidence.map(\.line)))
        #expect(findings[1].occurrences == 3 && findings[1].line == 84)
        // One finding with 40 triggers (the run's throttling) shows its trigger line and the first others.
        let throttled = try #require(TestSupport.analyze(log).findings.first { $0.rule == "backend-throttled" })
        #expect(throttled.evidence.count == FindingAggregator.evidenceLimit)
        #expect(throttled.evidence.contains { $0.line == throttled.line })
        #expect(throttled.lines == throttled.evidence.map(\.line))
    }

    @Test func differentRunsAndLocksStayApart() {
        let run = "restic 0.17.0 compiled with go1.22.5 on linux/amd64\nopen repository\n"
            + "Load(<lock/1111111111>, 0, 0) failed: b2_download_file_by_name: 404: File with such name does not exist.\n"
            + "Load(<lock/2222222222>, 0, 0) failed: b2_download_file_by_name: 404: File with such name does not exist.\n"
        let report = TestSupport.analyze(run + run)
        let vanished = report.findings.filter { $0.rule == "lock-file-vanished" }
        #expect(vanished.count == 4)
        #expect(vanished.allSatisfy { $0.occurrences == 1 })
        #expect(Set(vanished.map(\.run)) == [1, 2])
    }

    /// A finding's evidence events: its supporting events and its triggers, merged in event order.
    @Test func evidenceEventsAreBothListsInOrderEachOnce() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let a = Array(Set((0..<Int.random(in: 0...6, using: &random)).map { _ in Int.random(in: 0...12, using: &random) })).sorted()
            let b = Array(Set((0..<Int.random(in: 0...6, using: &random)).map { _ in Int.random(in: 0...12, using: &random) })).sorted()
            #expect(FindingBuilder.merged(a, b) == Set(a + b).sorted(), "\(a) \(b)")
        }
    }

    @Test func errorClassMasksWhatChangesBetweenRepeats() {
        #expect(AggregationKey.errorClass("Get https://x/data/ab/abcdef0123: 503 after 1.5s")
            == AggregationKey.errorClass("Get https://x/data/cd/0987fedcba: 503 after 12ms"))
        #expect(AggregationKey.errorClass("context deadline exceeded") == "context deadline exceeded")
        #expect(AggregationKey.errorClass("upload 0123456789abcdef failed") == "upload <id> failed")
        #expect(AggregationKey.errorClass("503 Service Unavailable") != AggregationKey.errorClass("429 Too Many Requests"))
    }

    /// Baselines, SARIF fingerprints and the text report all work on the aggregated finding.
    @Test func reportsCarryTheOccurrences() throws {
        let log = "restic 0.17.1 compiled with go1.23.0 on linux/amd64\nopen repository\n"
            + Self.retryStorm(files: 12, error: "503 Service Unavailable")
        let report = TestSupport.analyzer.analyze(text: log, name: "storm.log")
        let context = ReportContext(catalog: TestSupport.catalog, currentDirectory: "/")
        let text = TextReporter().render(report, context: context)
        #expect(text.contains("info[retry-recovered] storm.log:4 (run 1, 12× to line 26): "))
        let row = text.split(separator: "\n").first { $0.hasPrefix("storm.log ") && $0.contains("retry-recovered") }
        #expect(row?.split(separator: " ") == ["storm.log", "retry-recovered", "info", "1", "12", "1"])
        var verbose = context
        verbose.verbose = true
        #expect(TextReporter().render(report, context: verbose).contains("occurrences: 12, lines 4–26"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(JSONReporter().render(report, context: context).utf8)) as? [String: Any])
        let finding = try #require((json["findings"] as? [[String: Any]])?.first { $0["rule"] as? String == "retry-recovered" })
        #expect(finding["occurrences"] as? Int == 12 && finding["lastLine"] as? Int == 26)
        let baseline = Baseline(findings: report.findings)
        #expect(baseline.classify(report.findings).allSatisfy { !$0.isNew })
    }
}
