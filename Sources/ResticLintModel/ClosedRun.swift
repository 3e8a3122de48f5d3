/// A run as the reporters see it once it has closed: its summary and its findings, in line order.
public struct ClosedRun: Sendable {
    public var run: RunSummary
    public var findings: [Finding]

    public init(run: RunSummary, findings: [Finding]) {
        self.run = run
        self.findings = findings
    }
}

/// What is known of the inputs once they are all read.
public struct ScanOutcome: Sendable {
    public var inputs: [InputSummary]
    public var problems: [EngineProblem]

    package init(inputs: [InputSummary], problems: [EngineProblem]) {
        self.inputs = inputs
        self.problems = problems
    }
}
