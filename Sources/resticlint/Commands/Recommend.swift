import ArgumentParser
import ResticLintCore

struct Recommend: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommend",
        abstract: "Recommend restic upgrades and operational changes for the problems found in the logs.")

    @OptionGroup var input: LogInputOptions

    func run() throws {
        let analyzer = try input.analyzer()
        let report = analyzer.analyze(input.sources)
        print(UpgradeReport.text(report.upgradeAdvice(catalog: analyzer.catalog)), terminator: "")
        try CLIError.throwIfUnreadable(report.failedInputs)
    }
}

/// govulncheck-style text: Found in / Fixed in / More info per problem, then the one upgrade.
enum UpgradeReport {
    static func text(_ advice: UpgradeAdvisor.Advice) -> String {
        var out = ""
        var number = 0
        for group in advice.groups {
            let runs = "\(group.runs.count) run\(group.runs.count == 1 ? "" : "s")"
            out += "restic \(group.version ?? "(version unknown)") — \(runs) in \(group.input)\n"
            if group.problems.isEmpty {
                out += "  No known restic problem found for this version.\n\n"
                continue
            }
            for problem in group.problems {
                number += 1
                out += "  Problem #\(number): \(problem.rule) (\(problem.findings)×)\n    \(problem.title)\n"
                out += "    Found in: restic \(group.version ?? "?") (\(evidence(group.evidence)))\n"
                out += "    Fixed in: \(problem.fixedIn.map { "restic \($0)" } ?? "N/A")\n"
                if let info = problem.moreInfo { out += "    More info: \(info)\n" }
            }
            if let all = group.fixesAll {
                out += "  => Upgrade to restic \(all) or later to fix \(group.problems.filter { $0.fixedIn != nil }.count) of \(group.problems.count) problem(s).\n"
            } else {
                out += "  => No restic release fixes these; see the advice below.\n"
            }
            out += "\n"
        }
        if !advice.operational.isEmpty {
            out += "Operational advice:\n" + advice.operational.map { "  - \($0)\n" }.joined()
        }
        if let missing = advice.missingVersionEvidence { out += "\nVersion evidence missing: \(missing)\n" }
        return out
    }

    private static func evidence(_ evidence: VersionEvidence) -> String {
        switch evidence {
        case .banner(_, let line): return "banner, line \(line)"
        case .path(_, let line): return "binary path, line \(line)"
        case .wrapper(_, let line): return "wrapper statement, line \(line)"
        case .flag: return "--restic-version"
        case .inferred(let range, let line): return "inferred \(range) from line \(line)"
        case .unknown: return "no evidence"
        }
    }
}
