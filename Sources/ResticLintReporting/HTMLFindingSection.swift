import ResticLintModel

/// One finding: where and in which run, the evidence (linked to the timeline's marks), the
/// diagnosis and advice, the run's lock timeline, and the reference replay as two timelines.
struct HTMLFindingSection {
    let finding: Finding
    let number: Int
    let run: RunSummary?
    /// The section that draws this run's timeline: this one, or an earlier one of the same run.
    let timelineOwner: Int?
    /// The section that draws the same replay: this one, or an earlier one.
    var replayOwner: Int? = nil

    static let evidenceCap = 20

    var anchor: String { "finding-\(number)" }

    func evidenceAnchor(_ line: Int) -> String? {
        finding.evidence.prefix(Self.evidenceCap).contains { $0.line == line } ? HTML.id("ev", number, line) : nil
    }

    func html() -> String {
        let f = finding
        var out = "<section class=\"finding sev-\(f.severity.rawValue)\" id=\"\(anchor)\" data-rule=\"\(HTML.text(f.rule))\" data-severity=\"\(f.severity.rawValue)\">"
        out += "<details\(f.severity == .info ? "" : " open")><summary><h3>\(HTMLPage.badge(f.severity)) <span class=\"num\">\(number).</span> \(HTML.text(f.title))</h3></summary>"
        out += facts()
        out += evidence()
        out += "<p class=\"diagnosis\"><strong>Diagnosis:</strong> \(HTML.prose(f.message))</p>\n"
        if let fixed = f.fixedIn {
            out += "<p><strong>Fixed in:</strong> restic \(HTML.text(fixed))" + (f.affected.map { " (affected: <code>\(HTML.text($0))</code>)" } ?? "") + "</p>\n"
        }
        if !f.remediation.isEmpty {
            out += "<h4>What to do</h4><ul>" + f.remediation.map { "<li>\(HTML.prose($0))</li>\n" }.joined() + "</ul>"
        }
        out += timeline()
        if let replay = f.reference { out += self.replay(replay) }
        if !f.references.isEmpty {
            out += "<h4>References</h4><ul class=\"references\">" + f.references.map { "<li>\(HTML.link($0))</li>\n" }.joined() + "</ul>"
        }
        return out + "</details></section>\n"
    }

    private func facts() -> String {
        let f = finding
        var facts = [
            "rule <code>\(HTML.text(f.rule))</code>",
            "<code>\(HTML.text(f.input)):\(f.line)</code>",
            "run \(f.run)" + (run.map { " (\(HTML.text(ReportText.describe($0.version))))" } ?? ""),
            "confidence \(f.confidence.rawValue)",
        ]
        if let lock = f.lock { facts.append("lock <code>\(HTML.text(lock))</code>") }
        if !f.relatedLocks.isEmpty { facts.append("related " + f.relatedLocks.map { "<code>\(HTML.text($0))</code>" }.joined(separator: ", ")) }
        if let isNew = f.isNew { facts.append(isNew ? "new since the baseline" : "in the baseline") }
        return "<p class=\"facts\">" + facts.joined(separator: " · ") + "</p>\n"
    }

    private func evidence() -> String {
        guard !finding.evidence.isEmpty else { return "" }
        let timeline = run.map(RunTimeline.init)
        var out = "<h4>Evidence</h4><ol class=\"evidence\">"
        for line in finding.evidence.prefix(Self.evidenceCap) {
            let number = timeline?.markID(forLine: line.line).map { "<a href=\"#\($0)\" title=\"show on the timeline\">\(line.line)</a>" } ?? String(line.line)
            out += "<li id=\"\(HTML.id("ev", self.number, line.line))\"><span class=\"ln\">\(number)</span><code>\(HTML.text(line.text))</code></li>\n"
        }
        out += "</ol>"
        if finding.evidence.count > Self.evidenceCap {
            out += "<p class=\"muted\">\(ReportText.plural(finding.evidence.count - Self.evidenceCap, "more evidence line")) (lines \(finding.lines.first ?? 0)–\(finding.lines.last ?? 0)) not shown.</p>\n"
        }
        return out
    }

    private func timeline() -> String {
        guard let run, !run.lockTimeline.marks.isEmpty else { return "" }
        guard timelineOwner == nil || timelineOwner == number else {
            return "<p class=\"muted\">Run \(run.id)'s lock timeline is drawn with <a href=\"#finding-\(timelineOwner!)\">finding \(timelineOwner!)</a>.</p>\n"
        }
        let drawn = RunTimeline(run: run)
        let chart = drawn.chart(evidenceAnchor: evidenceAnchor)
        var out = "<h4>Lock timeline of run \(run.id)</h4><figure class=\"run-timeline\" data-run=\"\(run.id)\">" + chart.svg()
        out += "<figcaption>What the log shows, one lane per lock file. Marks link to the evidence above; repeated marks are folded (×N)."
        if run.lockTimeline.omitted > 0 { out += " \(ReportText.plural(run.lockTimeline.omitted, "later mark")) not drawn." }
        out += "</figcaption></figure>\n" + MarkStyle.legend(chart.marks.map(\.style))
        return out
    }

    private func replay(_ replay: ReferenceReplay) -> String {
        var out = "<h4>Reference replay</h4>\n"
        if let owner = replayOwner, owner != number {
            return out + "<p>The same situation as <a href=\"#finding-\(owner)\">finding \(owner)</a>: restic \(HTML.text(replay.observedModel)) "
                + "\(HTML.text(replay.observedOutcome)); restic \(HTML.text(replay.fixedModel)) \(HTML.text(replay.fixedOutcome)).</p>\n"
        }
        let picture = ReplayPicture(observedModel: replay.observedModel, observed: replay.observedTrace,
                                    fixedModel: replay.fixedModel, fixed: replay.fixedTrace)
        out += "<p>The situation rebuilt from this run (\(HTML.text(replay.scenario.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ")))) "
        out += "replayed through restic's lock model, as this run's version and as the fixed one, on one time scale.</p>\n"
        if !replay.observedTrace.isEmpty || !replay.fixedTrace.isEmpty {
            out += picture.html(observedOutcome: replay.observedOutcome, fixedOutcome: replay.fixedOutcome)
            out += MarkStyle.legend(picture.styles)
        }
        if !replay.fixedSteps.isEmpty {
            out += "<details class=\"steps\"><summary>restic \(HTML.text(replay.fixedModel)) step by step</summary><ol>"
            out += replay.fixedSteps.map { "<li>\(HTML.text($0))</li>\n" }.joined() + "</ol></details>"
        }
        return out
    }
}
