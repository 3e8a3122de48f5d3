import ResticLintModel
import ResticLintRules

/// GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` annotation per finding as its
/// run closes, within GitHub's per-step limits, and a closing notice for what the limits left out. The
/// job summary (`GitHubJobSummary`) is a separate, whole-report rendering the CLI appends to
/// `$GITHUB_STEP_SUMMARY`.
public final class GitHubReporter: ReportSink {
    public static let identifier = "github"
    /// GitHub shows 10 annotations of each level per step and drops the rest silently.
    public static let perLevelLimit = 10
    /// ... and 50 per job.
    public static let perJobLimit = 50

    private var context = ReportContext(catalog: RuleCatalog(rules: []))
    private var shown: [String: Int] = [:]
    private var shownTotal = 0
    private var omitted = 0
    /// The last notice slot: shown at the end unless the closing notice needs it.
    private var heldNotice: String?

    public init() {}

    public func begin(_ context: ReportContext) -> String {
        self.context = context
        shown = [:]
        shownTotal = 0
        omitted = 0
        heldNotice = nil
        return ""
    }

    public func closed(_ run: ClosedRun) -> String {
        // Within a run the most severe first, so a capped level keeps the errors.
        ReportText.ranked(run.findings).map { emit(GitHubReporter.annotation($0, context: context)) }.joined()
    }

    public func end(_ summary: AnalysisSummary) -> String {
        var out = summary.failedInputs.map { input in
            emit(Annotation(level: "error", properties: [("file", context.path(of: input.name)), ("title", "resticlint: unreadable input")],
                            message: "cannot read \(input.error ?? input.name)"))
        }.joined()
        if omitted == 0, let heldNotice {
            out += heldNotice
        } else if heldNotice != nil || omitted > 0 {
            omitted += heldNotice == nil ? 0 : 1
            let summaryFile = !(context.environment["GITHUB_STEP_SUMMARY"] ?? "").isEmpty
            let where_ = summaryFile ? "see the job summary or the SARIF report" : "see the SARIF or JSON report"
            out += GitHubReporter.command("notice", properties: [("title", "resticlint")],
                                          message: "\(ReportText.plural(omitted, "more finding")): \(where_) "
                                              + "(GitHub shows \(GitHubReporter.perLevelLimit) annotations per level per step).") + "\n"
        }
        heldNotice = nil
        return out
    }

    /// The annotation as a line, or nothing when a limit is reached (counted for the closing notice).
    private func emit(_ annotation: Annotation) -> String {
        let level = shown[annotation.level, default: 0]
        // One slot of the job is kept for the closing notice.
        guard level < GitHubReporter.perLevelLimit, shownTotal < GitHubReporter.perJobLimit - 1 else {
            omitted += 1
            return ""
        }
        shown[annotation.level] = level + 1
        shownTotal += 1
        let line = GitHubReporter.command(annotation.level, properties: annotation.properties, message: annotation.message) + "\n"
        if annotation.level == "notice" && level + 1 == GitHubReporter.perLevelLimit {
            heldNotice = line
            return ""
        }
        return line
    }

    // MARK: annotations

    struct Annotation {
        var level: String
        var properties: [(String, String)]
        var message: String
    }

    static func annotation(_ finding: Finding, context: ReportContext) -> Annotation {
        let level: String
        switch finding.severity {
        case .error: level = "error"
        case .warning: level = "warning"
        case .info: level = "notice"
        }
        var properties: [(String, String)] = [("file", context.path(of: finding.input))]
        if finding.line >= 1 { properties.append(("line", String(finding.line))) }
        properties.append(("title", "\(finding.title) [\(finding.rule)]"))
        var message = finding.message
        if let lock = finding.lock {
            message += "\nLock: \(lock)" + (finding.relatedLocks.isEmpty ? "" : " (related: \(finding.relatedLocks.joined(separator: ", ")))")
        }
        if let fixed = finding.fixedIn { message += "\nFixed in: restic \(fixed)" + (finding.affected.map { " (affected \($0))" } ?? "") }
        if !finding.remediation.isEmpty { message += "\nWhat to do:" + finding.remediation.map { "\n- \($0)" }.joined() }
        if !finding.references.isEmpty { message += "\nMore info: " + finding.references.joined(separator: " ") }
        return Annotation(level: level, properties: properties, message: message)
    }

    /// A `::warning` about resticlint itself.
    public static func warningCommand(_ message: String) -> String {
        command("warning", properties: [("title", "resticlint")], message: message)
    }

    /// `::level key=value,...::message`, escaped as actions/toolkit does.
    static func command(_ level: String, properties: [(String, String)], message: String) -> String {
        let props = properties.map { "\($0.0)=\(escapeProperty($0.1))" }.joined(separator: ",")
        return "::\(level)\(props.isEmpty ? "" : " " + props)::\(escapeData(message))"
    }

    public static func escapeData(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Property values also escape the separators `:` and `,`; data escaping already removed every `%`
    /// it could meet, so the second pass cannot double-escape.
    public static func escapeProperty(_ s: String) -> String {
        escapeData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }

}

/// The job summary GitHub shows on the run's page: the totals and a table of every finding (within
/// GitHub's 1 MiB per step) and the inputs that could not be read. Pure: the CLI appends it to
/// `$GITHUB_STEP_SUMMARY`.
public struct GitHubJobSummary: Reporter {
    public static let identifier = "github-summary"
    /// GitHub shows at most 1 MiB of summary per step.
    public static let byteLimit = 1_048_576

    public init() {}

    public func render(_ report: AnalysisReport, context: ReportContext) -> String {
        var out = "## resticlint\n\n\(TextReporter.summary(report)).\n\n"
        let ranked = ReportText.ranked(report.findings)
        if !ranked.isEmpty {
            let room = GitHubJobSummary.byteLimit - out.utf8.count - 4096
            out += Markdown.findingsTable(ranked, path: { context.path(of: $0.input) }, diagnosis: { $0.message }, byteLimit: room)
            out += "\n"
        }
        let failed = report.failedInputs
        if !failed.isEmpty {
            out += "**Inputs that could not be read:**\n\n"
            out += failed.prefix(50).map { input in
                "- \(Markdown.code(context.path(of: input.name)))" + ": " + Markdown.text(ReportText.reason(input)) + "\n"
            }.joined()
            if failed.count > 50 { out += "- and \(failed.count - 50) more\n" }
            out += "\n"
        }
        return out
    }
}
