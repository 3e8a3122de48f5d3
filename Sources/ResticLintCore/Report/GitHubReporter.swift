import Foundation

/// GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` annotation per finding,
/// most severe first and within GitHub's per-step limits, and, when `$GITHUB_STEP_SUMMARY` names a
/// file, the full findings table appended to the job summary.
public struct GitHubReporter: Reporter {
    public static let identifier = "github"
    /// GitHub shows 10 annotations of each level per step and drops the rest silently.
    public static let perLevelLimit = 10
    /// ... and 50 per job.
    public static let perJobLimit = 50
    /// GitHub shows at most 1 MiB of summary per step.
    public static let summaryByteLimit = 1_048_576

    public init() {}

    public func render(_ report: AnalysisReport, context: ReportContext) -> String {
        var summaryNote: String?
        var summaryWritten = false
        if let path = context.environment["GITHUB_STEP_SUMMARY"], !path.isEmpty {
            let markdown = GitHubReporter.stepSummary(report, context: context)
            if let problem = GitHubReporter.append(markdown, to: path) {
                summaryNote = GitHubReporter.command("warning", properties: [("title", "resticlint")],
                                                     message: "cannot append the job summary to \(path): \(problem)")
            } else {
                summaryWritten = true
            }
        }
        var lines = GitHubReporter.annotations(report, context: context, summaryWritten: summaryWritten)
        if let summaryNote { lines.insert(summaryNote, at: 0) }
        return lines.map { $0 + "\n" }.joined()
    }

    // MARK: annotations

    struct Annotation {
        var level: String
        var properties: [(String, String)]
        var message: String
    }

    static func annotations(_ report: AnalysisReport, context: ReportContext, summaryWritten: Bool) -> [String] {
        var errors = report.failedInputs.map { input in
            Annotation(level: "error", properties: [("file", context.path(of: input.name)), ("title", "resticlint: unreadable input")],
                       message: "cannot read \(input.error ?? input.name)")
        }
        var warnings: [Annotation] = [], notices: [Annotation] = []
        for finding in ReportText.ranked(report.findings) {
            let annotation = self.annotation(finding, context: context)
            switch finding.severity {
            case .error: errors.append(annotation)
            case .warning: warnings.append(annotation)
            case .info: notices.append(annotation)
            }
        }
        let limit = perLevelLimit
        var omitted = max(0, errors.count - limit) + max(0, warnings.count - limit)
        // The closing notice is itself a notice: leave room for it when anything is left out.
        let noticeLimit = omitted > 0 || notices.count > limit ? limit - 1 : limit
        omitted += max(0, notices.count - noticeLimit)
        var shown = Array(errors.prefix(limit)) + Array(warnings.prefix(limit)) + Array(notices.prefix(noticeLimit))
        let jobRoom = perJobLimit - (omitted > 0 ? 1 : 0)
        if shown.count > jobRoom {
            omitted += shown.count - jobRoom
            shown = Array(shown.prefix(jobRoom))
        }
        var lines = shown.map { command($0.level, properties: $0.properties, message: $0.message) }
        if omitted > 0 {
            let where_ = summaryWritten ? "see the job summary or the SARIF report" : "see the SARIF or JSON report"
            lines.append(command("notice", properties: [("title", "resticlint")],
                                 message: "\(ReportText.plural(omitted, "more finding")): \(where_) "
                                     + "(GitHub shows \(limit) annotations per level per step)."))
        }
        return lines
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

    // MARK: job summary

    static func stepSummary(_ report: AnalysisReport, context: ReportContext) -> String {
        var out = "## resticlint\n\n\(TextReporter.summary(report)).\n\n"
        let ranked = ReportText.ranked(report.findings)
        if !ranked.isEmpty {
            let room = summaryByteLimit - out.utf8.count - 4096
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

    /// Appends to the summary file (creating it, as GitHub does); returns the problem when it fails.
    static func append(_ text: String, to path: String) -> String? {
        let manager = FileManager.default
        if !manager.fileExists(atPath: path), !manager.createFile(atPath: path, contents: nil) {
            return "cannot create the file"
        }
        do {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(text.utf8))
            return nil
        } catch {
            return error.localizedDescription
        }
    }
}
