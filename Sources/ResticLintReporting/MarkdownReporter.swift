import ResticLintModel

/// A Markdown report for tickets and chat: a summary, a table of findings, then one section per
/// finding with its evidence, diagnosis and advice, most severe first.
public struct MarkdownReporter: Reporter {
    public static let identifier = "markdown"
    public init() {}

    public func render(_ report: AnalysisReport, context: ReportContext) -> String {
        let ranked = ReportText.ranked(report.findings)
        let runs = Dictionary(report.runs.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var out = "# resticlint report\n\n"
        out += "**\(TextReporter.summary(report)).**\n\n"
        out += "Inputs: " + report.inputs.map { input in
            Markdown.code(input.name) + (input.error == nil ? "" : " (unreadable)")
        }.joined(separator: ", ") + "\n\n"

        if ranked.isEmpty {
            out += "No findings.\n\n"
        } else {
            out += Markdown.findingsTable(ranked, path: \.input, diagnosis: \.title) + "\n"
        }
        for (i, finding) in ranked.enumerated() {
            out += section(finding, number: i + 1, run: runs[finding.run])
        }
        out += recommendations(report.upgradeAdvice(catalog: context.catalog))
        let failed = report.failedInputs
        if !failed.isEmpty {
            out += "## Inputs that could not be read\n\n"
            out += failed.map { "- \(Markdown.code($0.name))" + ": " + Markdown.text(ReportText.reason($0)) + "\n" }.joined() + "\n"
        }
        if !report.problems.isEmpty {
            out += "## Rule problems\n\n"
            out += report.problems.prefix(20).map { problem in
                "- rule \(Markdown.code(problem.rule)) pattern \(Markdown.code(problem.pattern)) skipped line \(problem.line): "
                    + Markdown.text(problem.message) + "\n"
            }.joined()
            if report.problems.count > 20 { out += "- and \(report.problems.count - 20) more\n" }
            out += "\n"
        }
        return out.hasSuffix("\n\n") ? String(out.dropLast()) : out
    }

    private func recommendations(_ advice: UpgradeAdvisor.Advice) -> String {
        let groups = advice.groups.filter { !$0.problems.isEmpty }
        guard !groups.isEmpty || advice.missingVersionEvidence != nil else { return "" }
        var out = "## Upgrade recommendations\n\n"
        for group in groups {
            out += "- restic \(Markdown.code(group.version ?? "unknown")): "
            out += group.problems.map { "\(Markdown.code($0.rule)) fixed in \($0.fixedIn.map { "restic \($0)" } ?? "N/A")" }
                .joined(separator: "; ")
            out += group.fixesAll.map { ". **Upgrade to restic \($0) or later.**" } ?? "."
            out += "\n"
        }
        if let missing = advice.missingVersionEvidence { out += "- \(Markdown.text(missing))\n" }
        return out + "\n"
    }

    private func section(_ finding: Finding, number: Int, run: RunSummary?) -> String {
        var out = "## \(number). \(finding.severity.rawValue): \(Markdown.text(finding.title))\n\n"
        var facts = [
            "rule \(Markdown.code(finding.rule))",
            "\(Markdown.code("\(finding.input):\(finding.line)"))",
            "run \(finding.run)" + (run.map { " (\(Markdown.text(ReportText.describe($0.version))))" } ?? ""),
            "confidence \(finding.confidence.rawValue)",
        ]
        if let lock = finding.lock {
            facts.append("lock \(Markdown.code(lock))"
                + (finding.relatedLocks.isEmpty ? "" : ", related " + finding.relatedLocks.map { Markdown.code($0) }.joined(separator: ", ")))
        }
        out += facts.joined(separator: " · ") + "\n\n"
        if !finding.evidence.isEmpty {
            let width = String(finding.evidence.map(\.line).max() ?? 0).count
            let lines = finding.evidence.flatMap { evidence in
                evidence.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { i, part in
                    (i == 0 ? String(evidence.line).leftPadded(to: width, with: " ") : String(repeating: " ", count: width)) + " | " + part
                }
            }
            out += Markdown.codeBlock(lines.joined(separator: "\n")) + "\n"
        }
        out += "**Diagnosis:** \(Markdown.text(finding.message))\n\n"
        if let fixed = finding.fixedIn {
            out += "**Fixed in:** restic \(fixed)" + (finding.affected.map { " (affected \(Markdown.code($0)))" } ?? "") + "\n\n"
        }
        if !finding.remediation.isEmpty {
            out += "**What to do:**\n\n" + finding.remediation.map { "- \(Markdown.text($0))\n" }.joined() + "\n"
        }
        if let replay = finding.reference {
            out += "**Reference model:** restic \(replay.observedModel): \(Markdown.text(replay.observedOutcome))"
            if replay.fixedModel != replay.observedModel || replay.fixedOutcome != replay.observedOutcome {
                out += "; restic \(replay.fixedModel): \(Markdown.text(replay.fixedOutcome))"
            }
            out += "\n\n"
        }
        if !finding.references.isEmpty {
            out += "**References:**\n\n" + finding.references.map { "- <\($0)>\n" }.joined() + "\n"
        }
        return out
    }
}
