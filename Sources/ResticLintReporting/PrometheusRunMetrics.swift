import Foundation
import ResticLintModel

/// Runs seen, and the last run per input, repository and command: when it ended and how.
struct PrometheusRunMetrics {
    let families: [MetricFamily]

    init(report: AnalysisReport, timeZone: TimeZone, now: Date) {
        let errorRuns = Set(report.findings.filter { $0.severity == .error }.map(\.run))
        var runs = MetricFamily("resticlint_runs", help: "restic runs in the analysed logs, per command and outcome.")
        var end = MetricFamily("resticlint_last_run_end_timestamp_seconds",
                               help: "When the last run ended (its last timestamped line; absent when the log has no timestamps).")
        var outcome = MetricFamily("resticlint_last_run_outcome",
                                   help: "How the last run ended: 1 for its outcome (succeeded, failed, unknown), 0 for the others.")
        var success = MetricFamily("resticlint_last_success_timestamp_seconds",
                                   help: "When the last successful run ended (absent when none succeeded or the log has no timestamps).")

        let commandOf = PrometheusRunMetrics.commands(report.runs)
        for command in Set(report.runs.map(commandOf)).sorted() {
            for state in RunOutcome.allCases { runs.add([("command", command), ("outcome", state.rawValue)], 0) }
        }
        // Runs are in log order per input; a later run of the same job replaces an earlier one.
        var last: [[String]: (outcome: RunOutcome, end: Int64?)] = [:]
        var order: [[String]] = []
        for run in report.runs {
            let command = commandOf(run)
            let state = RunOutcome(run, command: command, hasErrorFinding: errorRuns.contains(run.id))
            runs.add([("command", command), ("outcome", state.rawValue)], 1, merge: +)
            let key = [run.input, RepositoryName.of(run.commandLine) ?? "", command]
            let endTime = run.endTime.map { UnixTime.seconds($0, timeZone: timeZone, now: now) }
            if state == .succeeded, let endTime {
                success.add(PrometheusRunMetrics.labels(key), Double(endTime), merge: max)
            }
            if let earlier = last[key], let earlierEnd = earlier.end, let endTime, earlierEnd > endTime { continue }
            if last[key] == nil { order.append(key) }
            last[key] = (state, endTime)
        }
        for key in order {
            guard let entry = last[key] else { continue }
            let labels = PrometheusRunMetrics.labels(key)
            if let endTime = entry.end { end.add(labels, Double(endTime)) }
            for state in RunOutcome.allCases {
                outcome.add(labels + [("outcome", state.rawValue)], state == entry.outcome ? 1 : 0)
            }
        }
        families = [runs, end, outcome, success]
    }

    /// A run whose log does not show its command (journald: a lock failure before the first backup
    /// line) ran the command its input's other runs show, when they all show the same one: a systemd
    /// unit or a cron job runs one command. Otherwise it stays `unknown`.
    static func commands(_ runs: [RunSummary]) -> (RunSummary) -> String {
        var known: [String: Set<String>] = [:]
        for run in runs { if let command = run.command { known[run.input, default: []].insert(command) } }
        return { run in
            if let command = run.command { return command }
            if let only = known[run.input], only.count == 1 { return only.first! }
            return "unknown"
        }
    }

    private static func labels(_ key: [String]) -> [(String, String)] {
        [("input", key[0]), ("repository", key[1]), ("command", key[2])]
    }
}
