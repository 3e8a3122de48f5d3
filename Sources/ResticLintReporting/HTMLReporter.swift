import ResticLintModel

/// `--format html[:PATH]`: the whole report as one self-contained page. A pure renderer of today's
/// whole report; it draws each run's timeline and each distinct replay once, and past
/// `sectionCap` findings lists the rest as table rows, so the page stays small on large logs.
public struct HTMLReporter: Reporter {
    public static let identifier = "html"
    public static let drawsLockTimelines = true
    public init() {}

    static let sectionCap = 300
    static let rowCap = 3000

    public func render(_ report: AnalysisReport, context: ReportContext) -> String {
        let ranked = ReportText.ranked(report.findings)
        let runs = Dictionary(report.runs.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var timelineOwner: [Int: Int] = [:]
        var replayOwner: [String: Int] = [:]
        var body = HTMLSummary(report: report, advice: UpgradeAdvisor.advise(report, catalog: context.catalog)).html()
        body += "<section id=\"findings\"><h2>Findings</h2>\n"
        if ranked.isEmpty { body += "<p>No findings.</p>\n" }
        for (index, finding) in ranked.prefix(Self.sectionCap).enumerated() {
            let number = index + 1
            let run = runs[finding.run]
            if let run, !run.lockTimeline.marks.isEmpty, timelineOwner[run.id] == nil { timelineOwner[run.id] = number }
            let replayKey = finding.reference.map(Self.key)
            if let replayKey, replayOwner[replayKey] == nil { replayOwner[replayKey] = number }
            body += HTMLFindingSection(finding: finding, number: number, run: run, timelineOwner: timelineOwner[finding.run],
                                       replayOwner: replayKey.flatMap { replayOwner[$0] }).html()
        }
        body += "</section>\n" + rest(ranked) + problems(report)
        let names = report.inputs.map(\.name)
        let subtitle = "resticlint \(report.toolVersion) · " + (names.count <= 3 ? names.joined(separator: ", ") : "\(names.count) inputs")
        return HTMLPage.document(title: "resticlint report", subtitle: subtitle, body: body)
    }

    /// Replays of one situation on the same models are the same picture.
    static func key(_ replay: ReferenceReplay) -> String {
        "\(replay.observedModel)|\(replay.fixedModel)|" + replay.scenario.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";")
    }

    /// Findings past the sections, one row each, most severe first.
    private func rest(_ ranked: [Finding]) -> String {
        let rest = ranked.dropFirst(Self.sectionCap)
        guard !rest.isEmpty else { return "" }
        var out = "<section id=\"more-findings\"><h2>\(ReportText.plural(rest.count, "more finding"))</h2>"
        out += "<table><thead><tr><th>severity</th><th>rule</th><th>location</th><th>run</th><th>diagnosis</th></tr></thead><tbody>\n"
        for finding in rest.prefix(Self.rowCap) {
            out += "<tr><td>\(HTMLPage.badge(finding.severity))</td><td><code>\(HTML.text(finding.rule))</code></td>"
            out += "<td><code>\(HTML.text(finding.input)):\(finding.line)</code></td><td class=\"num\">\(finding.run)</td>"
            out += "<td>\(HTML.text(ReportText.truncated(finding.message, to: 240)))</td></tr>\n"
        }
        out += "</tbody></table>"
        if rest.count > Self.rowCap { out += "<p class=\"muted\">\(ReportText.plural(rest.count - Self.rowCap, "more finding")) not listed; the JSON report has them all.</p>\n" }
        return out + "</section>\n"
    }

    private func problems(_ report: AnalysisReport) -> String {
        guard !report.problems.isEmpty else { return "" }
        var out = "<section id=\"problems\"><h2>Rule problems</h2><ul>"
        out += report.problems.prefix(20).map { problem in
            "<li>rule <code>\(HTML.text(problem.rule))</code> pattern <code>\(HTML.text(problem.pattern))</code> skipped line \(problem.line): \(HTML.text(problem.message))</li>\n"
        }.joined()
        if report.problems.count > 20 { out += "<li>and \(report.problems.count - 20) more</li>\n" }
        return out + "</ul></section>\n"
    }
}
