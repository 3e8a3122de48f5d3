import Foundation
import ResticLintModel
import ResticLintRules

/// Metrics for node_exporter's textfile collector. Every value describes the analysed input, so a file
/// written after each restic run can go down as well as up: the families are gauges (no `_total`,
/// which would make `rate()` and `increase()` miss a new finding after an equal count), and alerts
/// look back with `max_over_time`.
public struct PrometheusReporter: Reporter {
    public static let identifier = "prometheus"

    /// The zone of the log's clock readings: this host's, as journald and restic print local time.
    public var timeZone: TimeZone
    /// Places syslog stamps, which have no year.
    public var now: Date

    public init(timeZone: TimeZone = .current, now: Date = Date()) {
        self.timeZone = timeZone
        self.now = now
    }

    public func render(_ report: AnalysisReport, context: ReportContext) -> String {
        var build = MetricFamily("resticlint_build_info", help: "resticlint's version; always 1.")
        build.add([("version", report.toolVersion)], 1)
        return ([build, findings(report, catalog: context.catalog), suppressed(report)]
            + PrometheusRunMetrics(report: report, timeZone: timeZone, now: now).families
            + versions(report, catalog: context.catalog) + [lockAges(report)] + PrometheusReporter.parseStatistics(report))
            .filter { !$0.samples.isEmpty }.map(\.text).joined()
    }

    /// Every rule of the catalogue, with 0 where it found nothing: an absent series and a clean log
    /// look different, and alerts on a rule never see it vanish.
    private func findings(_ report: AnalysisReport, catalog: RuleCatalog) -> MetricFamily {
        var family = MetricFamily("resticlint_findings", help: "Findings in the analysed logs, per rule and severity.")
        for finding in report.findings {
            family.add([("rule", finding.rule), ("severity", finding.severity.rawValue)], 1, merge: +)
        }
        let found = Set(report.findings.map(\.rule))
        for rule in catalog.rules where !found.contains(rule.id) {
            family.add([("rule", rule.id), ("severity", rule.definition.severity.rawValue)], 0)
        }
        return family
    }

    private func suppressed(_ report: AnalysisReport) -> MetricFamily {
        var family = MetricFamily("resticlint_suppressed_findings", help: "Findings an ignore-file suppression silenced, per rule.")
        for finding in report.suppressed { family.add([("rule", finding.rule)], 1, merge: +) }
        return family
    }

    /// The restic versions seen, and per version whether a release fixes what its runs ran into.
    private func versions(_ report: AnalysisReport, catalog: RuleCatalog) -> [MetricFamily] {
        var info = MetricFamily("resticlint_restic_version_info",
                                help: "restic versions of the analysed runs (a range when inferred from message shapes); always 1.")
        var upgrade = MetricFamily("resticlint_upgrade_recommended",
                                   help: "1 when a restic release fixes problems found in runs of this version; recommended is the lowest release fixing all of them.")
        for group in UpgradeAdvisor.advise(report, catalog: catalog).groups {
            let version = group.version ?? "unknown"
            info.add([("version", version), ("evidence", group.evidence.label)], 1)
            let target = group.fixesAll
            upgrade.add([("version", version), ("recommended", target?.description ?? "")], target == nil ? 0 : 1)
        }
        return [info, upgrade]
    }

    /// The age of the lock each already-locked finding ran into, the oldest per holder host and kind.
    private func lockAges(_ report: AnalysisReport) -> MetricFamily {
        var family = MetricFamily("resticlint_lock_age_seconds",
                                  help: "Age of the lock that already-locked findings ran into, when the log gives it; the oldest per rule, holder host and lock kind.")
        for finding in report.findings {
            guard let age = finding.fields["lock_age"].flatMap(Double.init) else { continue }
            family.add([("rule", finding.rule), ("holder_host", finding.fields["host"] ?? ""),
                        ("lock_kind", finding.fields["lock_kind"] ?? "")], age, merge: max)
        }
        return family
    }

    /// resticlint's own accounting per input: every line counted, classified or not.
    static func parseStatistics(_ report: AnalysisReport) -> [MetricFamily] {
        var lines = MetricFamily("resticlint_input_lines", help: "Lines read per input.")
        var classified = MetricFamily("resticlint_input_classified_lines", help: "Lines a rule pattern or run marker recognised, per input.")
        var truncated = MetricFamily("resticlint_input_truncated_lines", help: "Lines longer than the read buffer, classified on their first part only, per input.")
        var bytes = MetricFamily("resticlint_input_bytes", help: "Bytes read per input.")
        var unreadable = MetricFamily("resticlint_input_unreadable", help: "1 when an input could not be read (resticlint exits 3).")
        for input in report.inputs {
            let label = [("input", input.name)]
            lines.add(label, input.lines, merge: +)
            classified.add(label, input.classifiedLines, merge: +)
            truncated.add(label, input.truncatedLines, merge: +)
            bytes.add(label, input.bytes, merge: +)
            unreadable.add(label, input.error == nil ? 0 : 1, merge: max)
        }
        var problems = MetricFamily("resticlint_pattern_errors", help: "Rule patterns that could not be evaluated on a line (match limit), per rule.")
        for problem in report.problems { problems.add([("rule", problem.rule)], 1, merge: +) }
        return [lines, classified, truncated, bytes, unreadable, problems]
    }
}
