import ResticFormats
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
    }

    /// `restic backup --stdin` fed by a pipe (not `--stdin-from-command`, `--stdin-filename`).
    static func pipesIntoStdin(_ commandLine: String) -> Bool {
        commandLine.split(separator: " ").contains("--stdin")
    }

    public static func advise(_ report: AnalysisReport, catalog: RuleCatalog) -> Advice {
        var groups: [VersionGroup] = []
        var groupOf: [String: Int] = [:]
        for run in report.runs {
            let key = run.version.value ?? "unknown"
            if let index = groupOf[key] {
                groups[index].runs.append(run.id)
            } else {
                groupOf[key] = groups.count
                groups.append(VersionGroup(version: run.version.value, evidence: run.version, input: run.input, runs: [run.id], problems: []))
            }
        }
        let runs = Dictionary(uniqueKeysWithValues: report.runs.map { ($0.id, $0) })
        for finding in report.findings {
            guard let run = runs[finding.run], let index = groupOf[run.version.value ?? "unknown"],
                  let affected = catalog.rule(finding.rule)?.definition.affected,
                  affected.overlaps(run.version.range) else { continue }
            if let existing = groups[index].problems.firstIndex(where: { $0.rule == finding.rule }) {
                groups[index].problems[existing].findings += 1
                continue
            }
            let fixed = run.version.exact.map { affected.fix(above: $0) } ?? affected.intersection(run.version.range).fix(above: nil)
            groups[index].problems.append(Problem(rule: finding.rule, title: finding.title, findings: 1,
                                                  fixedIn: fixed, moreInfo: finding.references.first))
        }
        var operational: [String] = []
        var advised = Set<String>()
        // The two leading non-upgrade steps of each rule found, most severe rules first.
        for finding in report.findings.sorted(by: { ($1.severity, $0.rule) < ($0.severity, $1.rule) }) where advised.insert(finding.rule).inserted {
            for step in finding.remediation.filter({ !$0.hasPrefix("Upgrade") }).prefix(2) {
                operational.append("\(finding.rule): \(step)")
            }
        }
        let piped = report.runs.filter { run in
            run.commandLine.map(pipesIntoStdin) ?? false && report.findings.contains { $0.run == run.id }
        }
        if !piped.isEmpty {
            operational.append("""
                backup --stdin: restic 0.17 and later can run the producer itself with `--stdin-from-command -- <command>`; \
                a failed lock then stops the producer cleanly instead of leaving it writing into a closed pipe \
                (runs \(piped.map { String($0.id) }.joined(separator: ", "))).
                """)
        }
        let unknown = report.runs.filter { $0.version == .unknown }.count
        let missing = unknown == 0 ? nil : """
            \(unknown) run\(unknown == 1 ? " has" : "s have") no restic version: the log shows no `restic X.Y.Z compiled with` \
            banner (run `restic version` before the command), no versioned binary path (like restic-0.17.1), and no message \
            only some versions print; pass --restic-version X.Y.Z to say it.
            """
        return Advice(groups: groups, operational: operational, missingVersionEvidence: missing)
    }
}
