import ResticLintRules

/// What reporters receive at the end of a streamed analysis: everything but the findings themselves,
/// which went out as their runs closed. Built once, so every reporter tells the same totals and advice.
public struct AnalysisSummary: Sendable {
    public var toolVersion: String
    public var inputs: [InputSummary]
    /// Every run, by id.
    public var runs: [RunSummary]
    public var problems: [EngineProblem]
    /// Findings an ignore-file suppression silenced; counted, not shown.
    public var suppressed: [SuppressedFinding]
    public var tally: FindingTally
    public var advice: UpgradeAdvisor.Advice

    public var stats: Stats {
        let lines = inputs.reduce(0) { $0 + $1.lines }
        let classified = inputs.reduce(0) { $0 + $1.classifiedLines }
        return Stats(lines: lines, classified: classified, unclassified: lines - classified, runs: runs.count, findings: tally.total)
    }

    public var failedInputs: [InputSummary] { inputs.filter { $0.error != nil } }

    package init(toolVersion: String, inputs: [InputSummary], runs: [RunSummary], problems: [EngineProblem],
                 suppressed: [SuppressedFinding], tally: FindingTally, advice: UpgradeAdvisor.Advice) {
        self.toolVersion = toolVersion
        self.inputs = inputs
        self.runs = runs
        self.problems = problems
        self.suppressed = suppressed
        self.tally = tally
        self.advice = advice
    }
}

/// Findings counted per input and rule: the text report's leading table, and the totals.
public struct FindingTally: Sendable {
    public struct Row: Sendable, Equatable {
        public var input: String
        public var rule: String
        public var severity: Severity
        /// Findings after aggregation.
        public var findings: Int
        /// Occurrences before aggregation.
        public var occurrences: Int
        /// Runs with at least one of these findings.
        public var runs: Int
        fileprivate var lastRun: Int
    }

    /// In order of first appearance.
    public private(set) var rows: [Row] = []
    private var rowIndex: [String: Int] = [:]

    public init() {}

    public init(_ findings: [Finding]) {
        findings.forEach { add($0) }
    }

    public var total: Int { rows.reduce(0) { $0 + $1.findings } }

    public func count(_ severity: Severity) -> Int {
        rows.filter { $0.severity == severity }.reduce(0) { $0 + $1.findings }
    }

    public mutating func add(_ finding: Finding) {
        let key = "\(finding.input)\u{0}\(finding.rule)\u{0}\(finding.severity.rawValue)"
        guard let i = rowIndex[key] else {
            rowIndex[key] = rows.count
            rows.append(Row(input: finding.input, rule: finding.rule, severity: finding.severity, findings: 1,
                            occurrences: finding.occurrences, runs: 1, lastRun: finding.run))
            return
        }
        rows[i].findings += 1
        rows[i].occurrences += finding.occurrences
        if rows[i].lastRun != finding.run {
            rows[i].runs += 1
            rows[i].lastRun = finding.run
        }
    }
}

/// Builds the summary from the closed runs as they pass, keeping no finding.
public final class ReportAssembler {
    private let catalog: RuleCatalog
    private var runs: [RunSummary] = []
    private var tally = FindingTally()
    private var advisor: UpgradeAdvisor.Accumulator
    private var suppressed: [SuppressedFinding] = []

    public init(catalog: RuleCatalog) {
        self.catalog = catalog
        advisor = UpgradeAdvisor.Accumulator(catalog: catalog)
    }

    public func add(_ closed: ClosedRun) {
        runs.append(closed.run)
        advisor.add(closed.run)
        for finding in closed.findings {
            tally.add(finding)
            advisor.add(finding, in: closed.run)
        }
    }

    public func suppress(_ finding: SuppressedFinding) { suppressed.append(finding) }

    public func finish(_ outcome: ScanOutcome) -> AnalysisSummary {
        AnalysisSummary(toolVersion: ToolVersion.current, inputs: outcome.inputs, runs: runs.sorted { $0.id < $1.id },
                        problems: outcome.problems, suppressed: suppressed, tally: tally, advice: advisor.advice())
    }
}
