import ResticFormats
import ResticLintModel

/// One restic invocation found in an input: its events, and what is known of its version.
package struct Run: Sendable {
    package var id: Int
    package var input: Int
    package var startLine: Int
    package var endLine: Int
    package var pid: Int?
    package var command: String?
    /// The invocation as the log shows it (`+ restic -r ... backup --stdin`), when it does.
    package var commandLine: String?
    package var events: [LogEvent] = []
    /// Events beyond the per-run cap or `RetentionBudget.hard` are counted, not kept, so memory stays bounded.
    package var droppedEvents = 0
    /// Events kept with their text and fields cut (`RetentionBudget.compacted`).
    package var compactedEvents = 0
    /// The counted size of `events` (`RetentionBudget.size`), and the events of each kind kept beyond
    /// `RetentionBudget.hard`.
    var retainedBytes = 0
    var keptBeyondBudget: [Int: Int] = [:]
    package var version: VersionEvidence = .unknown
    package var completedBackup = false

    var startStages: Set<Int> = []
    var hasBody = false
    var ended = false
    var lastTimestamp: WallClock?
    var inferredRange = VersionRange.all
    var inferredLine: Int?
    /// Every distinct version range a message implied, with its first line: kept apart from
    /// `inferredRange`, which drops hints that contradict each other.
    var versionHints: [String: (range: VersionRange, line: Int)] = [:]

    mutating func noteVersionHint(_ range: VersionRange, line: Int) {
        if versionHints[range.description] == nil { versionHints[range.description] = (range, line) }
    }

    /// The first message that the run's exact version evidence contradicts (a 0.16.4 banner beside
    /// `circuit breaker open`, which only 0.17+ prints): a hand-edited or mixed log, or a misread.
    package var versionConflict: VersionConflict? {
        guard let stated = version.exact,
              let hint = versionHints.values.filter({ !$0.range.contains(stated) }).min(by: { $0.line < $1.line })
        else { return nil }
        return VersionConflict(stated: stated, evidence: version, messageRange: hint.range, messageLine: hint.line)
    }

    static let eventCap = 50_000
}

extension RunSummary {
    /// What the report model keeps of a closed run.
    package init(_ run: Run, inputName: String) {
        self.init(id: run.id, input: inputName, startLine: run.startLine, endLine: run.endLine, command: run.command,
                  commandLine: run.commandLine, pid: run.pid, version: run.version, droppedEvents: run.droppedEvents)
        compactedEvents = run.compactedEvents
        endTime = run.lastTimestamp
        completedBackup = run.completedBackup
        fatalExit = run.ended
    }
}
