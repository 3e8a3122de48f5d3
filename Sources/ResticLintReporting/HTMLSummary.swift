import ResticLintModel
import ResticLintRules

/// The report's opening: totals, inputs, runs with their restic versions and the evidence for them,
/// findings by severity and rule, and the upgrade recommendation (the advisor's, as every format shows it).
struct HTMLSummary {
    let report: AnalysisReport
    let advice: UpgradeAdvisor.Advice

    static let runRowCap = 200

    func html() -> String {
        var out = "<section id=\"summary\" class=\"summary\"><h2>Summary</h2>"
        out += "<p class=\"headline\">\(HTML.text(TextReporter.summary(report))).</p>\n"
        out += totals() + inputs() + bySeverityAndRule() + recommendation() + runs()
        return out + "</section>\n"
    }

    private func totals() -> String {
        let stats = report.stats
        var cells: [(String, String, Int)] = [
            ("findings", "findings", stats.findings), ("runs", "runs", stats.runs), ("inputs", "inputs", report.inputs.count),
            ("lines", "lines", stats.lines), ("classified", "classified lines", stats.classified),
        ]
        for severity in Severity.allCases.reversed() {
            cells.append((severity.rawValue, severity.rawValue + "s", report.findings.filter { $0.severity == severity }.count))
        }
        if !report.suppressed.isEmpty { cells.append(("suppressed", "suppressed", report.suppressed.count)) }
        return "<dl class=\"totals\">" + cells.map { key, label, value in
            "<div><dt>\(label)</dt><dd data-stat=\"\(key)\" data-value=\"\(value)\">\(HTML.number(value))</dd></div>"
        }.joined() + "</dl>"
    }

    private func inputs() -> String {
        var out = "<h3>Inputs</h3><table class=\"inputs\"><thead><tr><th>input</th><th>lines</th><th>bytes</th><th>runs</th><th>status</th></tr></thead><tbody>"
        for input in report.inputs {
            let runs = report.runs.filter { $0.input == input.name }.count
            var status = input.error == nil ? "read" : "unreadable: " + ReportText.reason(input)
            if input.truncatedLines > 0 { status += "; \(ReportText.plural(input.truncatedLines, "overlong line")) classified on their start" }
            out += "<tr><td><code>\(HTML.text(input.name))</code></td><td class=\"num\">\(HTML.number(input.lines))</td>"
            out += "<td class=\"num\">\(HTML.number(input.bytes))</td><td class=\"num\">\(runs)</td><td>\(HTML.text(status))</td></tr>\n"
        }
        return out + "</tbody></table>"
    }

    private func bySeverityAndRule() -> String {
        guard !report.findings.isEmpty else { return "<h3>Findings</h3><p>No findings.</p>\n" }
        var rows: [(rule: String, severity: Severity, title: String, count: Int, runs: Set<Int>)] = []
        for finding in report.findings {
            if let i = rows.firstIndex(where: { $0.rule == finding.rule }) {
                rows[i].count += 1
                rows[i].runs.insert(finding.run)
            } else {
                rows.append((finding.rule, finding.severity, finding.title, 1, [finding.run]))
            }
        }
        rows.sort { ($1.severity, $1.count, $0.rule) < ($0.severity, $0.count, $1.rule) }
        var out = "<h3>Findings by severity and rule</h3><table class=\"by-rule\"><thead><tr><th>severity</th><th>rule</th>"
        out += "<th>findings</th><th>runs</th><th>what</th></tr></thead><tbody>"
        for row in rows {
            out += "<tr data-rule=\"\(HTML.text(row.rule))\" data-count=\"\(row.count)\"><td>\(HTMLPage.badge(row.severity))</td>"
            out += "<td><code>\(HTML.text(row.rule))</code></td><td class=\"num\">\(row.count)</td><td class=\"num\">\(row.runs.count)</td>"
            out += "<td>\(HTML.text(row.title))</td></tr>\n"
        }
        return out + "</tbody></table>"
    }

    private func recommendation() -> String {
        let groups = advice.groups.filter { !$0.problems.isEmpty }
        guard !groups.isEmpty || advice.missingVersionEvidence != nil || !advice.operational.isEmpty else { return "" }
        var out = "<h3>Upgrade recommendation</h3><ul class=\"advice\">"
        for group in groups {
            out += "<li>restic <code>\(HTML.text(group.version ?? "unknown"))</code> (\(HTML.text(ReportText.describe(group.evidence)))): "
            out += group.problems.map { "<code>\(HTML.text($0.rule))</code> fixed in \(HTML.text($0.fixedIn.map { "restic \($0)" } ?? "no release yet"))" }
                .joined(separator: "; ")
            out += group.fixesAll.map { ". <strong class=\"upgrade\">Upgrade to restic \(HTML.text($0.description)) or later.</strong>" } ?? "."
            out += "</li>\n"
        }
        if let missing = advice.missingVersionEvidence { out += "<li>\(HTML.prose(missing))</li>\n" }
        out += "</ul>"
        if !advice.operational.isEmpty {
            out += "<h4>Operational advice</h4><ul class=\"advice\">" + advice.operational.map { "<li>\(HTML.prose($0))</li>\n" }.joined() + "</ul>"
        }
        return out
    }

    private func runs() -> String {
        guard !report.runs.isEmpty else { return "" }
        let findingsPerRun = Dictionary(grouping: report.findings, by: \.run).mapValues(\.count)
        var out = "<details class=\"runs\"\(report.runs.count <= 12 ? " open" : "")><summary><h3>Runs and restic versions</h3></summary>"
        out += "<table class=\"runs\"><thead><tr><th>run</th><th>input</th><th>lines</th><th>command</th><th>restic version and evidence</th><th>findings</th></tr></thead><tbody>"
        for run in report.runs.prefix(Self.runRowCap) {
            out += "<tr data-run=\"\(run.id)\"><td class=\"num\">\(run.id)</td><td><code>\(HTML.text(run.input))</code></td>"
            out += "<td class=\"num\">\(run.startLine)–\(run.endLine)</td><td>\(HTML.text(run.command ?? ""))</td>"
            out += "<td>\(HTML.text(ReportText.describe(run.version)))</td><td class=\"num\">\(findingsPerRun[run.id] ?? 0)</td></tr>\n"
        }
        out += "</tbody></table>"
        if report.runs.count > Self.runRowCap {
            out += "<p class=\"muted\">\(ReportText.plural(report.runs.count - Self.runRowCap, "more run")) not listed; the JSON report has them all.</p>\n"
        }
        return out + "</details>"
    }
}
