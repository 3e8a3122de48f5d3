import ResticFormats
import ResticLintRules

/// Everything one analysis found, in the order reporters present it: what whole-report renderers
/// (`Reporter`) receive. Streaming reporters receive the runs as they close, then `AnalysisSummary`.
public struct AnalysisReport: Sendable {
    public var toolVersion: String
    public var inputs: [InputSummary]
    public var runs: [RunSummary] { didSet { advice = nil } }
    public var findings: [Finding] { didSet { advice = nil } }
    public var problems: [EngineProblem]
    /// Findings an ignore-file suppression silenced; counted, not shown.
    public var suppressed: [SuppressedFinding] = []
    /// The upgrade advice, when the pipeline computed it already (a streamed analysis); dropped when
    /// the findings or runs change.
    public var advice: UpgradeAdvisor.Advice?

    public var stats: Stats {
        let lines = inputs.reduce(0) { $0 + $1.lines }
        let classified = inputs.reduce(0) { $0 + $1.classifiedLines }
        return Stats(lines: lines, classified: classified, unclassified: lines - classified, runs: runs.count, findings: findings.count)
    }

    public var failedInputs: [InputSummary] { inputs.filter { $0.error != nil } }

    public init(toolVersion: String, inputs: [InputSummary], runs: [RunSummary], findings: [Finding],
                problems: [EngineProblem], suppressed: [SuppressedFinding] = []) {
        self.toolVersion = toolVersion
        self.inputs = inputs
        self.runs = runs
        self.findings = findings
        self.problems = problems
        self.suppressed = suppressed
    }

    /// The summary of a streamed analysis with the findings a caller kept.
    public init(_ summary: AnalysisSummary, findings: [Finding]) {
        self.init(toolVersion: summary.toolVersion, inputs: summary.inputs, runs: summary.runs, findings: findings,
                  problems: summary.problems, suppressed: summary.suppressed)
        advice = summary.advice
    }

    /// The advice computed once in the pipeline, or from the findings for a report assembled by hand.
    public func upgradeAdvice(catalog: RuleCatalog) -> UpgradeAdvisor.Advice {
        advice ?? UpgradeAdvisor.advise(self, catalog: catalog)
    }
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
    /// Messages longer than `MessageCut.limit` (4 KiB): classified and kept on their head only.
    public var cutMessages = 0

    package init(name: String, lines: Int, bytes: Int, classifiedLines: Int, truncatedLines: Int, error: String?) {
        self.name = name
        self.lines = lines
        self.bytes = bytes
        self.classifiedLines = classifiedLines
        self.truncatedLines = truncatedLines
        self.error = error
    }
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
    /// Events kept with text and fields cut to bound memory (`RetentionBudget`).
    public var compactedEvents = 0
    /// The run's last timestamp as the log writes it (a local clock reading), when lines carry one.
    public var endTime: WallClock?
    /// A backup printed `snapshot ... saved`.
    public var completedBackup = false
    /// restic printed its final error (`Fatal: ...`, a JSON `exit_error`, an exit code).
    public var fatalExit = false
    /// What the log shows of the run's locking, for the HTML report's timeline.
    package var lockTimeline = LockTimeline()

    public init(id: Int, input: String, startLine: Int, endLine: Int, command: String? = nil, commandLine: String? = nil,
                pid: Int? = nil, version: VersionEvidence = .unknown, droppedEvents: Int = 0) {
        self.id = id
        self.input = input
        self.startLine = startLine
        self.endLine = endLine
        self.command = command
        self.commandLine = commandLine
        self.pid = pid
        self.version = version
        self.droppedEvents = droppedEvents
    }
}

public struct SuppressedFinding: Sendable {
    public var rule: String
    public var input: String
    public var line: Int
    public var reason: String

    package init(rule: String, input: String, line: Int, reason: String) {
        self.rule = rule
        self.input = input
        self.line = line
        self.reason = reason
    }
}
