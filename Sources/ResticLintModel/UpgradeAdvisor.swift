import ResticFormats
import ResticLintRules
/// osv-scanner's computation over restic versions: per problem the lowest release above the
/// installed one that fixes it, per installed version the highest of those, which fixes them all.
public enum UpgradeAdvisor {
    public struct Problem: Sendable {
        public var rule: String
        public var title: String
        public var findings: Int
        /// nil when no release fixes it (govulncheck's `N/A`).
        public var fixedIn: ResticVersion?
        public var moreInfo: String?
    }

    public struct VersionGroup: Sendable {
        /// The version as known (`0.17.0`, `>=0.17.0` when inferred) or nil when unknown.
        public var version: String?
        public var evidence: VersionEvidence
        public var input: String
        public var runs: [Int]
        public var problems: [Problem]
        /// The one upgrade that fixes every fixable problem; nil when nothing fixable was found.
        public var fixesAll: ResticVersion? { problems.compactMap(\.fixedIn).max() }
    }

    public struct Advice: Sendable {
        public var groups: [VersionGroup]
        public var operational: [String]
        /// Said when some runs have no version: what evidence would have told it.
        public var missingVersionEvidence: String?

        package init(groups: [VersionGroup], operational: [String], missingVersionEvidence: String?) {
            self.groups = groups
            self.operational = operational
            self.missingVersionEvidence = missingVersionEvidence
        }
    }

    /// `restic backup --stdin` fed by a pipe (not `--stdin-from-command`, `--stdin-filename`).
    static func pipesIntoStdin(_ commandLine: String) -> Bool {
        commandLine.split(separator: " ").contains("--stdin")
    }

    /// The advice for a whole report.
    public static func advise(_ report: AnalysisReport, catalog: RuleCatalog) -> Advice {
        var accumulator = Accumulator(catalog: catalog)
        report.runs.forEach { accumulator.add($0) }
        let runs = Dictionary(report.runs.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for finding in report.findings {
            guard let run = runs[finding.run] else { continue }
            accumulator.add(finding, in: run)
        }
        return accumulator.advice()
    }

    /// The advice built as runs close, keeping per version and rule only what the advice says.
    public struct Accumulator: Sendable {
        let catalog: RuleCatalog
        private var groups: [VersionGroup] = []
        private var groupOf: [String: Int] = [:]
        /// The first finding's severity and remediation per rule, for the operational advice.
        private var firstOfRule: [String: (severity: Severity, remediation: [String])] = [:]
        private var pipedRunsWithFindings: [Int] = []
        private var unknownRuns = 0

        public init(catalog: RuleCatalog) { self.catalog = catalog }

        public mutating func add(_ run: RunSummary) {
            if run.version == .unknown { unknownRuns += 1 }
            let key = run.version.value ?? "unknown"
            if let index = groupOf[key] {
                groups[index].runs.append(run.id)
            } else {
                groupOf[key] = groups.count
                groups.append(VersionGroup(version: run.version.value, evidence: run.version, input: run.input, runs: [run.id], problems: []))
            }
        }

        public mutating func add(_ finding: Finding, in run: RunSummary) {
            if firstOfRule[finding.rule] == nil { firstOfRule[finding.rule] = (finding.severity, finding.remediation) }
            if run.commandLine.map(UpgradeAdvisor.pipesIntoStdin) ?? false, pipedRunsWithFindings.last != run.id {
                pipedRunsWithFindings.append(run.id)
            }
            guard let index = groupOf[run.version.value ?? "unknown"],
                  let affected = catalog.rule(finding.rule)?.definition.affected,
                  affected.overlaps(run.version.range) else { return }
            if let existing = groups[index].problems.firstIndex(where: { $0.rule == finding.rule }) {
                groups[index].problems[existing].findings += 1
                return
            }
            let fixed = run.version.exact.map { affected.fix(above: $0) } ?? affected.intersection(run.version.range).fix(above: nil)
            groups[index].problems.append(Problem(rule: finding.rule, title: finding.title, findings: 1,
                                                  fixedIn: fixed, moreInfo: finding.references.first))
        }

        public func advice() -> Advice {
            var operational: [String] = []
            // The two leading non-upgrade steps of each rule found, most severe rules first.
            for (rule, first) in firstOfRule.sorted(by: { ($1.value.severity, $0.key) < ($0.value.severity, $1.key) }) {
                for step in first.remediation.filter({ !$0.hasPrefix("Upgrade") }).prefix(2) {
                    operational.append("\(rule): \(step)")
                }
            }
            let piped = pipedRunsWithFindings.sorted()
            if !piped.isEmpty {
                operational.append("""
                    backup --stdin: restic 0.17 and later can run the producer itself with `--stdin-from-command -- <command>`; \
                    a failed lock then stops the producer cleanly instead of leaving it writing into a closed pipe \
                    (runs \(piped.map { String($0) }.joined(separator: ", "))).
                    """)
            }
            let missing = unknownRuns == 0 ? nil : """
                \(unknownRuns) run\(unknownRuns == 1 ? " has" : "s have") no restic version: the log shows no `restic X.Y.Z compiled with` \
                banner (run `restic version` before the command), no versioned binary path (like restic-0.17.1), and no message \
                only some versions print; pass --restic-version X.Y.Z to say it.
                """
            return Advice(groups: groups, operational: operational, missingVersionEvidence: missing)
        }
    }
}
