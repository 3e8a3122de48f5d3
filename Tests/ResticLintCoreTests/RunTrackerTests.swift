import Testing
@testable import ResticLintPipeline

/// The run tracker remembers the open run of the event before, as most events continue it: a run
/// closed in between (its end printed, the input gone quiet, a process silent for long) must never
/// take another event, and interleaved processes must each keep their own.
@Suite struct RunTrackerTests {
    static func event(_ line: Int, pid: Int?, marker: RunMarker? = nil) -> LogEvent {
        LogEvent(line: line, endLine: line, text: "message \(line)", timestamp: nil, pid: pid, hits: EventHits(), marker: marker)
    }

    @Test func aClosedRunTakesNoMoreEvents() throws {
        let tracker = RunTracker(input: 0, flagVersion: nil, catalog: TestSupport.catalog)
        #expect(tracker.add(Self.event(1, pid: 7)).isEmpty)
        #expect(tracker.add(Self.event(2, pid: 7, marker: .fatalExit)).isEmpty)
        let ended = tracker.closeEnded()
        #expect(ended.map { $0.events.map(\.line) } == [[1, 2]])
        // The same process goes on: a new run, not the closed one.
        #expect(tracker.add(Self.event(3, pid: 7)).isEmpty)
        #expect(tracker.add(Self.event(4, pid: 7)).isEmpty)
        let rest = tracker.closeAll()
        #expect(rest.map { $0.events.map(\.line) } == [[3, 4]])
        #expect(rest.map(\.id) == [2] && tracker.runCount == 2)
        #expect(tracker.add(Self.event(5, pid: 7)).isEmpty)
        #expect(tracker.closeAll().map { $0.events.map(\.line) } == [[5]])
    }

    @Test func interleavedProcessesKeepTheirOwnRuns() {
        let tracker = RunTracker(input: 0, flagVersion: nil, catalog: TestSupport.catalog)
        let pids = [3, 3, 5, 3, 5, 5, 9, 3, nil, nil, 5]
        for (i, pid) in pids.enumerated() { #expect(tracker.add(Self.event(i + 1, pid: pid)).isEmpty) }
        let runs = tracker.closeAll()
        var expected: [Int?: [Int]] = [:]
        for (i, pid) in pids.enumerated() { expected[pid, default: []].append(i + 1) }
        #expect(runs.count == expected.count)
        for run in runs { #expect(run.events.map(\.line) == expected[run.pid]) }
    }
}
