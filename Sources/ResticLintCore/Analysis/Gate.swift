/// What `check` adds to an analysis: suppressions, the baseline, and the pass/fail decision.
/// `--fail-on` moves only the decision, never what is reported.
public enum Gate {
    public static func apply(_ report: AnalysisReport, configuration: LintConfiguration, baseline: Baseline?,
                             today: String) -> AnalysisReport {
        var report = report
        var kept: [Finding] = []
        for finding in report.findings {
            if let suppression = configuration.suppression(for: finding, today: today) {
                report.suppressed.append(SuppressedFinding(rule: finding.rule, input: finding.input, line: finding.line,
                                                           reason: suppression.reason))
            } else {
                kept.append(finding)
            }
        }
        if let baseline {
            kept = baseline.classify(kept).map { finding, isNew in
                var finding = finding
                finding.isNew = isNew
                return finding
            }
        }
        report.findings = kept
        return report
    }

    /// The findings that fail the gate: at or above `failOn`, and new when a baseline is in use.
    public static func failures(in report: AnalysisReport, failOn: Severity) -> [Finding] {
        report.findings.filter { $0.severity >= failOn && $0.isNew != false }
    }
}
