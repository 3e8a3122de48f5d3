import ResticFormats
import ResticLintModel
import ResticLintRules

/// GitLab Code Quality (`artifacts:reports:codequality`): a JSON array of issues, one per finding,
/// written as their runs close. Fingerprints are unique per finding, since the merge request widget
/// shows issues that share one as a single entry.
public final class GitLabReporter: ReportSink {
    public static let identifier = "gitlab"
    private var context = ReportContext(catalog: RuleCatalog(rules: []))
    private var fingerprints = Fingerprints.CodeQuality()
    private var written = 0

    public init() {}

    public func begin(_ context: ReportContext) -> String {
        self.context = context
        fingerprints = Fingerprints.CodeQuality()
        written = 0
        return "["
    }

    public func closed(_ run: ClosedRun) -> String {
        run.findings.map { finding in
            written += 1
            let path = context.path(of: finding.input)
            let issue: JSONValue = .object([
                ("description", .string(ReportText.titled(finding))),
                ("check_name", .string(finding.rule)),
                ("fingerprint", .string(fingerprints.next(finding, path: path))),
                ("severity", .string(GitLabReporter.severity(finding.severity))),
                ("location", .object([
                    ("path", .string(path)),
                    ("lines", .object([("begin", .int(max(1, finding.line)))])),
                ])),
            ])
            return (written > 1 ? "," : "") + "\n  " + issue.serialized(level: 1)
        }.joined()
    }

    public func end(_ summary: AnalysisSummary) -> String {
        written > 0 ? "\n]\n" : "]\n"
    }

    static func severity(_ severity: Severity) -> String {
        switch severity {
        case .error: return "critical"
        case .warning: return "major"
        case .info: return "info"
        }
    }
}
