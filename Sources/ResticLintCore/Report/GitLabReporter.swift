/// GitLab Code Quality (`artifacts:reports:codequality`): a JSON array of issues, one per finding.
/// Fingerprints are unique per finding, since the merge request widget shows issues that share one
/// as a single entry.
public struct GitLabReporter: Reporter {
    public static let identifier = "gitlab"
    public init() {}

    public func render(_ report: AnalysisReport, context: ReportContext) -> String {
        GitLabReporter.document(report, context: context).serialized() + "\n"
    }

    public static func document(_ report: AnalysisReport, context: ReportContext) -> JSONValue {
        let fingerprints = Fingerprints.codeQuality(report.findings) { context.path(of: $0.input) }
        return .array(report.findings.enumerated().map { i, finding in
            .object([
                ("description", .string(ReportText.titled(finding))),
                ("check_name", .string(finding.rule)),
                ("fingerprint", .string(fingerprints[i])),
                ("severity", .string(severity(finding.severity))),
                ("location", .object([
                    ("path", .string(context.path(of: finding.input))),
                    ("lines", .object([("begin", .int(max(1, finding.line)))])),
                ])),
            ])
        })
    }

    static func severity(_ severity: Severity) -> String {
        switch severity {
        case .error: return "critical"
        case .warning: return "major"
        case .info: return "info"
        }
    }
}
