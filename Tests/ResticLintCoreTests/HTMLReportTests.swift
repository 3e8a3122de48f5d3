import Foundation
import Testing
@testable import ResticLintCore
import ResticLockModel
@testable import ResticLintModel
@testable import ResticLintPipeline
@testable import ResticLintReference
@testable import ResticLintReporting

@Suite struct HTMLReportTests {
    static func page(_ log: String) -> String {
        HTMLReporter().render(TestSupport.analyze(log), context: ReportContext(catalog: TestSupport.catalog))
    }

    static let misfire = """
        restic 0.17.0 compiled with go1.22.5 on linux/amd64
        Load(<lock/91b9421fff>, 0, 0) failed: b2_download_file_by_name: 404: File with such name does not exist.
        Load(<lock/91b9421fff>, 0, 0) failed: b2_download_file_by_name: 404: File with such name does not exist.
        unable to create lock in backend: circuit breaker open for file <lock/798ffec919>
        """

    @Test(arguments: ["<script>x</script>", "</svg>", "\"'", "a & b", "\u{1B}[31m\u{0}\u{7F}\u{85}\u{FFFE}"])
    func escapedTextHasNoMarkupOrForbiddenCharacters(_ input: String) {
        let escaped = HTML.text(input)
        #expect(!escaped.contains("<") && !escaped.contains(">") && !escaped.contains("\"") && !escaped.contains("'"))
        #expect(!escaped.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) || $0.value == 0xFFFE })
        #expect(escaped.replacingOccurrences(of: "&amp;", with: "").range(of: "&(?!lt;|gt;|quot;|#39;)", options: .regularExpression) == nil)
    }

    @Test func onlyHTTPReferencesLink() {
        #expect(HTML.link("https://github.com/restic/restic/issues/5005").hasPrefix("<a href=\"https://"))
        #expect(!HTML.link("javascript:alert(1)").contains("href"))
    }

    @Test func misfireTimelineHasTheStoryOnTwoLockLanes() throws {
        let report = TestSupport.analyze(Self.misfire)
        let marks = try #require(report.runs.first).lockTimeline.marks
        #expect(marks.map { "\($0.kind) \($0.file ?? "own") \($0.line)×\($0.count)" } == [
            "loadNotFound lock/91b9421fff 2×2", "breakerOpen lock/798ffec919 4×1", "finalError own 4×1",
        ])
    }

    @Test func replayCarriesTheModelsOwnTraces() throws {
        let replay = try #require(TestSupport.analyze(Self.misfire).findings.first?.reference)
        #expect(replay.observedTrace.contains { $0.kind == .breakerOpen && $0.file == "lock/798ffec919" })
        #expect(!replay.observedTrace.contains { $0.kind == .acquired })
        let acquired = try #require(replay.fixedTrace.first { $0.kind == .acquired })
        let secondAttempt = try #require(replay.fixedTrace.first { $0.kind == .attempt && $0.detail.contains("attempt 2") })
        #expect(secondAttempt.detail.contains("after 5s") && acquired.seconds > 5)
        // The same traces as the model gives for the scenario on its own.
        let finding = try #require(TestSupport.analyze(Self.misfire).findings.first)
        let scenario = LockReplayer().scenario(.misfire, finding: finding,
                                               facts: LockFacts(run: Run(id: 1, input: 0, startLine: 1, endLine: 4), finding: finding))
        #expect(LockReplay.run(scenario, model: .v0_17_1).trace == replay.fixedTrace)
    }

    /// Thousands of retries of a few locks in one run: the timeline folds repeats and caps its marks,
    /// and the page stays small whatever the run's length.
    @Test func longRunsStayBounded() throws {
        var lines = ["restic 0.16.4 compiled with go1.21.6 on linux/amd64"]
        for i in 0..<3000 {
            lines.append("Load(<lock/\(["aaaaaaaaaa", "bbbbbbbbbb"][i % 2])>, 0, 0) returned error, retrying after 1s: unexpected EOF")
            if i % 7 == 0 { lines.append("Load(<lock/cccccccccc>, 0, 0) failed: 404 Not Found") }
        }
        lines.append("unable to create lock in backend: unexpected EOF")
        let report = TestSupport.analyze(lines.joined(separator: "\n"))
        let timeline = try #require(report.runs.first).lockTimeline
        #expect(timeline.marks.count <= LockTimeline.markCap)
        #expect(timeline.marks.count + timeline.omitted < 3000 / 2)
        #expect(timeline.marks.contains { $0.count > 100 })
        let page = HTMLReporter().render(report, context: ReportContext(catalog: TestSupport.catalog))
        let perFinding = page.utf8.count / max(report.findings.count, 1)
        #expect(perFinding < 60_000, "\(page.utf8.count) bytes for \(report.findings.count) findings")
        for finding in report.findings where finding.evidence.count > HTMLFindingSection.evidenceCap {
            #expect(page.contains("more evidence lines"))
        }
    }

    @Test func aPageWithoutFindingsSaysSo() {
        let page = Self.page("restic 0.17.1 compiled with go1.22.5 on linux/amd64\nsnapshot 1a2b3c4d saved\n")
        #expect(page.contains("No findings.") && page.hasPrefix("<!DOCTYPE html>"))
    }

    @Test func theScriptHashMatchesTheScript() {
        let page = Self.page(Self.misfire)
        #expect(page.contains("script-src '\(HTMLPage.scriptHash)'") && page.contains("<script>\(HTMLPage.script)</script>"))
        #expect(page.components(separatedBy: "<script").count == 2)
    }
}

extension HTMLReportTests {
    @Test func ciReportGolden() {
        Golden.check(HTMLReporter().render(ReportFixtures.ciReport, context: ReportFixtures.context), "ci-report.html")
    }
}

extension HTMLReportTests {
    /// Many findings of one situation: the replay is drawn once, the run's timeline once, and past
    /// the section cap findings become table rows.
    @Test func repeatedFindingsDrawOncePastTheCapAreRows() throws {
        var report = TestSupport.analyze(Self.misfire)
        let finding = try #require(report.findings.first)
        report.findings = Array(repeating: finding, count: HTMLReporter.sectionCap + 50)
        let page = HTMLReporter().render(report, context: ReportContext(catalog: TestSupport.catalog))
        #expect(page.components(separatedBy: "<section class=\"finding").count - 1 == HTMLReporter.sectionCap)
        #expect(page.contains("50 more findings"))
        #expect(page.components(separatedBy: "<figure class=\"replay-observed\"").count - 1 == 1)
        #expect(page.components(separatedBy: "<figure class=\"run-timeline\"").count - 1 == 1)
        #expect(page.utf8.count < 2_000_000, "\(page.utf8.count) bytes")
    }
}

extension HTMLReportTests {
    /// x is time where every mark has one, and line order otherwise; the axis says which.
    @Test func timelineAxisFollowsTheLogsTimestamps() throws {
        let timed = try String(contentsOfFile: TestSupport.samplesDirectory + "/journald-stale-lock-retry-lock-0.16.4.log", encoding: .utf8)
        let run = try #require(TestSupport.analyze(timed).runs.first { !$0.lockTimeline.marks.isEmpty })
        let chart = RunTimeline(run: run).chart { _ in nil }
        guard case .seconds(_, let source) = chart.axis else { Issue.record("no time axis: \(chart.axis)"); return }
        #expect(source == "the log's timestamps" && chart.domain.upperBound >= 600)
        #expect(chart.svg().contains("seconds since 04:00:03 (the log&#39;s timestamps)"))

        let untimed = try #require(TestSupport.analyze(Self.misfire).runs.first)
        #expect(RunTimeline(run: untimed).chart { _ in nil }.svg().contains("log line, in order (the log has no timestamps)"))
    }

    @Test func simulateSaysWhenItCannotWriteThePage() throws {
        let run = try TestSupport.run(["simulate", "--runs", "1", "--html", "/nonexistent-folder/simulate.html"])
        #expect(run.status == 1 && run.stderr.contains("cannot write /nonexistent-folder/simulate.html"), "\(run.status) \(run.stderr)")
    }
}

extension HTMLReportTests {
    /// The timeline reads the shipped rules' pattern names: a renamed pattern must not silently stop drawing.
    @Test func timelineNamesShippedPatterns() {
        let shipped = Set(TestSupport.catalog.rules.flatMap { $0.patterns.map(\.name) })
        #expect(Set(LockTimeline.meanings.keys).subtracting(shipped).isEmpty, "\(Set(LockTimeline.meanings.keys).subtracting(shipped))")
    }
}

extension HTMLReportTests {
    @Test func proseSetsPairedBackticksAsCode() {
        #expect(HTML.prose("run `restic unlock` once") == "run <code>restic unlock</code> once")
        #expect(HTML.prose("a `<b>` and an odd ` one") == "a <code>&lt;b&gt;</code> and an odd ` one")
        #expect(HTML.prose("no code") == "no code")
    }
}
