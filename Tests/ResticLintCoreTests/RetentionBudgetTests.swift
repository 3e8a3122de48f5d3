import Testing
@testable import ResticLintCore
@testable import ResticLintMatching
@testable import ResticLintPipeline
@testable import ResticLintReporting

/// An open run keeps a bounded amount of its events, whatever the log: checked on the tracker's own
/// count of what it retains (`RetentionBudget.size`), never on wall time or RSS.
@Suite struct RetentionBudgetTests {
    static func pattern(_ rule: String, _ name: String) throws -> (rule: Int, pattern: Int) {
        let r = try #require(TestSupport.catalog.rules.firstIndex { $0.id == rule })
        let p = try #require(TestSupport.catalog.rules[r].patterns.firstIndex { $0.name == name })
        return (r, p)
    }

    static func retry(_ i: Int, hit: (rule: Int, pattern: Int)) -> LogEvent {
        let error = "stream error: stream ID \(i); " + String(repeating: "CANCEL ", count: 300)
        let text = "Load(<data/ab12cd34ef>, 0, 0) returned error, retrying after 1.5s: " + error
        // Two rules capture the same error, as on a real line.
        let fields: HitFields = ["op": "Load", "handle": "data/ab12cd34ef", "handle_type": "data", "delay": "1.5s", "error": error]
        return LogEvent(line: i, endLine: i, text: text, timestamp: nil, pid: nil,
                        hits: [PatternHit(rule: hit.rule, pattern: hit.pattern, fields: fields),
                               PatternHit(rule: hit.rule, pattern: hit.pattern, fields: ["error": String(decoding: Array(error.utf8), as: UTF8.self)])],
                        marker: nil)
    }

    /// 60,000 retries of 2 KiB each (about 130 MB of events kept whole), then restic's final error.
    @Test func aLongRunOfRetriesStaysWithinTheBudgetAndKeepsItsEnd() throws {
        let retry = try Self.pattern("retry-recovered", "retry")
        let fatal = try Self.pattern("unclassified-error", "fatal")
        let tracker = RunTracker(input: 0, flagVersion: nil, catalog: TestSupport.catalog)
        let count = 60_000
        var peak = 0
        for i in 1...count {
            let closed = tracker.add(Self.retry(i, hit: retry))
            guard closed.isEmpty else { Issue.record("a run closed at event \(i)"); return }
            peak = max(peak, tracker.retainedBytes)
        }
        let end = LogEvent(line: count + 1, endLine: count + 1, text: "Fatal: unable to save snapshot", timestamp: nil, pid: nil,
                           hits: [PatternHit(rule: fatal.rule, pattern: fatal.pattern, fields: ["line": "Fatal: unable to save snapshot"])],
                           marker: .fatalExit)
        #expect(tracker.add(end).isEmpty)
        let run = try #require(tracker.closeAll().first)
        #expect(tracker.retainedBytes == 0)

        // The bound, whatever the number of events: the hard budget plus `perKind` compacted events of
        // the one kind this run repeats.
        let compactSize = RetentionBudget.size(of: RetentionBudget.compacted(Self.retry(count, hit: retry)))
        #expect(peak <= RetentionBudget.hard + RetentionBudget.perKind * compactSize)
        #expect(peak > RetentionBudget.hard)
        // Every event is accounted for: kept whole, kept compacted, or counted as dropped.
        #expect(run.events.count + run.droppedEvents == count + 1)
        #expect(run.compactedEvents > 0 && run.droppedEvents > 0)
        // Once compaction starts, every event kept is compacted (and counted as such).
        #expect(run.compactedEvents == run.events.count - run.events.prefix { $0.cutBytes == 0 }.count)
        // The first events are whole, and the error their two patterns captured counts once.
        let first = run.events[0]
        #expect(first.text == Self.retry(1, hit: retry).text && first.cutBytes == 0)
        let error = try #require(first.hits[1].fields["error"])
        let names = "op handle handle_type delay error error".utf8.count - 5, shortValues = "Load data/ab12cd34ef data 1.5s".utf8.count - 3
        #expect(RetentionBudget.size(of: first) == RetentionBudget.eventOverhead + first.text.utf8.count
                + 6 * RetentionBudget.fieldOverhead + names + shortValues + error.utf8.count)
        // Later ones are cut, and say so.
        let compacted = try #require(run.events.last { $0.marker == nil })
        #expect(compacted.text.utf8.count <= RetentionBudget.compactLimit && compacted.cutBytes > 0)
        #expect(compacted.hits[0].fields["error"]?.hasSuffix(" bytes cut]") == true)
        #expect(compacted.hits[0].fields["delay"] == "1.5s")
        // restic's final error is another kind of event: it is kept, so its diagnosis is not lost.
        #expect(run.events.last?.marker == .fatalExit)
        #expect(run.ended)
    }

    /// A run within the budget is kept exactly as it came.
    @Test func aShortRunIsKeptWhole() throws {
        let retry = try Self.pattern("retry-recovered", "retry")
        let tracker = RunTracker(input: 0, flagVersion: nil, catalog: TestSupport.catalog)
        for i in 1...100 { _ = tracker.add(Self.retry(i, hit: retry)) }
        let run = try #require(tracker.closeAll().first)
        #expect(run.events.count == 100 && run.compactedEvents == 0 && run.droppedEvents == 0)
        #expect(run.events.map(\.text) == (1...100).map { Self.retry($0, hit: retry).text })
        #expect(run.events.map { $0.hits[0].fields } == (1...100).map { Self.retry($0, hit: retry).hits[0].fields })
    }

    /// Through the whole pipeline: a run long enough to be compacted gives the diagnoses of its start
    /// and of its end, and its JSON says it was compacted.
    @Test func aCompactedRunKeepsItsDiagnoses() throws {
        let banner = "restic 0.17.0 compiled with go1.22.5 on linux/amd64\nopen repository\n"
        let retry = "Load(<data/ab12cd34ef>, 0, 0) returned error, retrying after 1.5s: " + String(repeating: "read: connection reset ", count: 90) + "\n"
        let log = banner + String(repeating: retry, count: 2_000) + "Fatal: unable to save snapshot: context canceled\n"
        let report = TestSupport.analyze(log)
        let run = try #require(report.runs.first)
        #expect(run.compactedEvents > 0 && run.droppedEvents == 0)
        #expect(JSONReporter.run(run).serialized().contains("\"compactedEvents\""))
        let short = TestSupport.analyze(banner + String(repeating: retry, count: 3) + "Fatal: unable to save snapshot: context canceled\n")
        #expect(Set(report.findings.map(\.rule)) == Set(short.findings.map(\.rule)))
        // The final error is the last line of the run's unclassified-error finding, as in the short log.
        #expect(short.findings.contains { $0.rule == "unclassified-error" && $0.lastLine == 6 })
        #expect(report.findings.contains { $0.rule == "unclassified-error" && $0.lastLine == 2_003 })
    }
}
