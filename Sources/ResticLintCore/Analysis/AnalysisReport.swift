/// Everything one analysis found, in the order reporters present it.
public struct AnalysisReport: Sendable {
    public var toolVersion: String
    public var inputs: [InputSummary]
    public var runs: [RunSummary]
    public var findings: [Finding]
    public var problems: [EngineProblem]
    /// Findings an ignore-file suppression silenced; counted, not shown.
    public var suppressed: [SuppressedFinding] = []

    public var stats: Stats {
        let lines = inputs.reduce(0) { $0 + $1.lines }
        let classified = inputs.reduce(0) { $0 + $1.classifiedLines }
        return Stats(lines: lines, classified: classified, unclassified: lines - classified, runs: runs.count, findings: findings.count)
    }

    public var failedInputs: [InputSummary] { inputs.filter { $0.error != nil } }
}

public struct Stats: Sendable, Equatable {
    public var lines: Int
    public var classified: Int
    public var unclassified: Int
    public var runs: Int
    public var findings: Int
}

public struct InputSummary: Sendable {
    public var name: String
    public var lines: Int
    public var bytes: Int
    public var classifiedLines: Int
    /// Lines longer than the read buffer: counted, and classified on their first part only.
    public var truncatedLines: Int
    public var error: String?
}

public struct RunSummary: Sendable {
    public var id: Int
    public var input: String
    public var startLine: Int
    public var endLine: Int
    public var command: String?
    public var commandLine: String?
    public var pid: Int?
    public var version: VersionEvidence
    public var droppedEvents: Int
    /// The run's last timestamp as the log writes it (a local clock reading), when lines carry one.
    public var endTime: WallClock?
    /// A backup printed `snapshot ... saved`.
    public var completedBackup: Bool
    /// restic printed its final error (`Fatal: ...`, a JSON `exit_error`, an exit code).
    public var fatalExit: Bool
    /// What the log shows of the run's locking, for the HTML report's timeline.
    public var lockTimeline = LockTimeline()

    init(_ run: Run, inputName: String) {
        id = run.id
        input = inputName
        startLine = run.startLine
        endLine = run.endLine
        command = run.command
        commandLine = run.commandLine
        pid = run.pid
        version = run.version
        droppedEvents = run.droppedEvents
        endTime = run.lastTimestamp
        completedBackup = run.completedBackup
        fatalExit = run.ended
    }
}

public struct SuppressedFinding: Sendable {
    public var rule: String
    public var input: String
    public var line: Int
    public var reason: String
}
