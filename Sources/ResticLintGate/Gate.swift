import ResticLintModel
import ResticLintRules

/// What `check` adds to an analysis: suppressions, the baseline, and the pass/fail decision.
/// `--fail-on` moves only the decision, never what is reported. It works on runs as they close, so
/// the reports can still stream.
public final class Gate {
    private let configuration: LintConfiguration
    private var baseline: Baseline.Matcher?
    private let today: String
    private let failOn: Severity
    /// Findings that fail the gate so far: at or above `failOn`, and new when a baseline is in use.
    public private(set) var failures = 0

    public init(configuration: LintConfiguration, baseline: Baseline?, today: String, failOn: Severity) {
        self.configuration = configuration
        self.baseline = baseline?.matcher()
        self.today = today
        self.failOn = failOn
    }

    /// The run with suppressed findings removed (handed to `suppressed`) and the rest marked new or known.
    public func filter(_ closed: ClosedRun, suppressed: (SuppressedFinding) -> Void) -> ClosedRun {
        var closed = closed
        closed.findings = closed.findings.compactMap { finding in
            if let suppression = configuration.suppression(for: finding, today: today) {
                suppressed(SuppressedFinding(rule: finding.rule, input: finding.input, line: finding.line, reason: suppression.reason))
                return nil
            }
            var finding = finding
            if baseline != nil { finding.isNew = baseline!.isNew(finding) }
            if finding.severity >= failOn && finding.isNew != false { failures += 1 }
            return finding
        }
        return closed
    }
}
