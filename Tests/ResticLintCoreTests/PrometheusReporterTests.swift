import Foundation
import Testing
@testable import ResticLintCore
import ResticFormats
@testable import ResticLintReporting

/// The metrics' contract: names, types, labels and values, from real sample logs.
@Suite struct PrometheusReporterTests {
    static let utc = TimeZone(identifier: "UTC")!
    static let now = Date(timeIntervalSince1970: 1_796_000_000)  // 2026-11-30

    static func metrics(_ report: AnalysisReport, timeZone: TimeZone = utc) -> String {
        PrometheusReporter(timeZone: timeZone, now: now).render(report, context: ReportContext(catalog: TestSupport.catalog))
    }

    static func analyzeSamples(_ names: [String]) -> AnalysisReport {
        let inputs = names.map { InputSource.file("\(TestSupport.samplesDirectory)/\($0).log") }
        return TestSupport.analyzer.analyze(inputs)
    }

    /// `name{labels} value` lines as (name, labels, value).
    static func samples(_ text: String) -> [(name: String, labels: [String: String], value: Double)] {
        text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let name = String(line.prefix { $0 != "{" && $0 != " " })
            var labels: [String: String] = [:]
            if let open = line.firstIndex(of: "{"), let close = line.lastIndex(of: "}") {
                let body = line[line.index(after: open)..<close]
                let pattern = try! NSRegularExpression(pattern: #"([a-z_]+)="((?:[^"\\]|\\.)*)""#)
                let ns = String(body) as NSString
                for match in pattern.matches(in: String(body), range: NSRange(location: 0, length: ns.length)) {
                    labels[ns.substring(with: match.range(at: 1))] = ns.substring(with: match.range(at: 2))
                }
            }
            return (name, labels, Double(line.split(separator: " ").last!)!)
        }
    }

    /// The metric names are a public contract: dashboards and alert rules use them.
    static let families = [
        "resticlint_build_info", "resticlint_findings", "resticlint_suppressed_findings", "resticlint_runs",
        "resticlint_last_run_end_timestamp_seconds", "resticlint_last_run_outcome", "resticlint_last_success_timestamp_seconds",
        "resticlint_restic_version_info", "resticlint_upgrade_recommended", "resticlint_lock_age_seconds",
        "resticlint_input_lines", "resticlint_input_classified_lines", "resticlint_input_truncated_lines",
        "resticlint_input_bytes", "resticlint_input_unreadable", "resticlint_pattern_errors",
    ]

    @Test func everySampleGivesWellFormedFamilies() throws {
        for name in SampleTests.samples {
            let text = Self.metrics(Self.analyzeSamples([name]))
            var declared: [String] = []
            var seen = Set<String>()
            for line in text.split(separator: "\n") {
                if line.hasPrefix("# HELP ") {
                    let family = String(line.dropFirst(7).prefix { $0 != " " })
                    #expect(Self.families.contains(family), "\(name): undocumented family \(family)")
                    #expect(!declared.contains(family), "\(name): \(family) declared twice")
                    declared.append(family)
                } else if line.hasPrefix("# TYPE ") {
                    #expect(line == "# TYPE \(declared.last ?? "") gauge", "\(name): \(line)")
                } else {
                    #expect(line.hasPrefix(declared.last ?? "-"), "\(name): sample outside its family: \(line)")
                    #expect(seen.insert(String(line[..<(line.lastIndex(of: " ") ?? line.endIndex)])).inserted, "\(name): duplicate series \(line)")
                }
            }
            #expect(declared.allSatisfy { !$0.hasSuffix("_total") && $0.hasPrefix("resticlint_") })
            #expect(text.hasSuffix("\n"))
        }
    }

    @Test func findingsAndStatisticsAgreeWithTheReport() throws {
        let report = Self.analyzeSamples(SampleTests.samples)
        let samples = Self.samples(Self.metrics(report))
        func values(_ family: String) -> [(labels: [String: String], value: Double)] {
            samples.filter { $0.name == family }.map { ($0.labels, $0.value) }
        }
        for rule in TestSupport.catalog.rules {
            let counted = values("resticlint_findings").filter { $0.labels["rule"] == rule.id }.reduce(0) { $0 + $1.value }
            #expect(Int(counted) == report.findings.filter { $0.rule == rule.id }.count, "\(rule.id)")
        }
        #expect(Int(values("resticlint_runs").reduce(0) { $0 + $1.value }) == report.runs.count)
        #expect(Int(values("resticlint_input_lines").reduce(0) { $0 + $1.value }) == report.stats.lines)
        #expect(Int(values("resticlint_input_classified_lines").reduce(0) { $0 + $1.value }) == report.stats.classified)
        #expect(Int(values("resticlint_input_bytes").reduce(0) { $0 + $1.value }) == report.inputs.reduce(0) { $0 + $1.bytes })
        // One outcome per last run, and a stale lock's age beyond restic's 30 minutes.
        let outcomes = values("resticlint_last_run_outcome")
        #expect(Int(outcomes.reduce(0) { $0 + $1.value }) * 3 == outcomes.count)
        #expect(values("resticlint_lock_age_seconds").filter { $0.labels["rule"] == "repo-locked-stale" }.allSatisfy { $0.value > 1800 })
        #expect(values("resticlint_upgrade_recommended").contains { $0.labels == ["version": "0.17.0", "recommended": "0.17.1"] && $0.value == 1 })
    }

    @Test func lastRunPerJobWithItsOutcomeAndEndTime() throws {
        let text = Self.metrics(Self.analyzeSamples(["journald-nightly-misfire-0.17.0"]))
        let samples = Self.samples(text)
        // The failed run shows no command; the unit's other runs are backups, so it is the last backup.
        let outcome = samples.filter { $0.name == "resticlint_last_run_outcome" && $0.value == 1 }
        #expect(outcome.map { $0.labels["outcome"] } == ["failed"])
        #expect(outcome.first?.labels["command"] == "backup")
        let end = samples.first { $0.name == "resticlint_last_run_end_timestamp_seconds" }
        let success = samples.first { $0.name == "resticlint_last_success_timestamp_seconds" }
        // Syslog stamps have no year: placed in 2026, the year of `now`.
        #expect(end?.value == Double(WallClock(year: 2026, month: 8, day: 21, hour: 2, minute: 0, second: 3)!.seconds))
        #expect((success?.value ?? 0) < (end?.value ?? 0))
    }

    @Test func outcomesOverCommandsAndEndings() {
        let cases: [(log: String, command: String, outcome: String)] = [
            ("restic 0.17.1 compiled with go1.22.5 on linux/amd64\nopen repository\nsnapshot 1a2b3c4d saved\n", "backup", "succeeded"),
            ("+ restic -r /srv/repo backup /home\nopen repository\nFatal: unable to save snapshot: disk full\n", "backup", "failed"),
            ("+ restic -r /srv/repo backup /home\nopen repository\nstart scan on [/home]\n", "backup", "unknown"),
            ("+ restic -r /srv/repo forget --prune --keep-daily 7\nopen repository\nremove 1 snapshots\n", "forget", "succeeded"),
            ("+ restic -r /srv/repo prune\nopen repository\nLoad(<data/0123456789>, 0, 0) failed: connection reset\n", "prune", "failed"),
        ]
        for item in cases {
            let samples = Self.samples(Self.metrics(TestSupport.analyze(item.log)))
            let outcome = samples.first { $0.name == "resticlint_last_run_outcome" && $0.value == 1 }
            #expect(outcome?.labels["outcome"] == item.outcome, "\(item.log)")
            #expect(outcome?.labels["command"] == item.command, "\(item.log)")
        }
    }

    @Test func repositoryLabelNeverCarriesAPassword() {
        #expect(RepositoryName.of("+ restic -r rest:https://backup:s3cret@rest.example:8000/host1 backup /") == "rest:https://rest.example:8000/host1")
        #expect(RepositoryName.of("restic --repo=sftp:backup@nas:/srv/restic snapshots") == "sftp:backup@nas:/srv/restic")
        #expect(RepositoryName.of("RESTIC_REPOSITORY=s3:https://s3.amazonaws.com/bucket restic backup") == "s3:https://s3.amazonaws.com/bucket")
        #expect(RepositoryName.of("restic --repo '/mnt/backup' check") == "/mnt/backup")
        #expect(RepositoryName.of("restic backup /home") == nil)
    }

    /// Log stamps are local clock readings: converted with the host's zone, across a DST change.
    @Test func endTimeUsesTheLogsTimeZone() throws {
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        let winter = try #require(WallClock(year: 2026, month: 1, day: 15, hour: 3, minute: 0, second: 0))
        let summer = try #require(WallClock(year: 2026, month: 7, day: 15, hour: 3, minute: 0, second: 0))
        #expect(UnixTime.seconds(winter, timeZone: berlin, now: Self.now) == winter.seconds - 3600)
        #expect(UnixTime.seconds(summer, timeZone: berlin, now: Self.now) == summer.seconds - 7200)
        let log = "2026-07-15T03:00:00+0200 nas restic[42]: restic 0.17.1 compiled with go1.22.5 on linux/amd64\n"
            + "2026-07-15T03:00:00+0200 nas restic[42]: open repository\n2026-07-15T03:00:09+0200 nas restic[42]: snapshot 1a2b3c4d saved\n"
        let end = Self.samples(Self.metrics(TestSupport.analyze(log), timeZone: berlin)).first { $0.name == "resticlint_last_run_end_timestamp_seconds" }
        #expect(end?.value == 1_784_077_209)  // 2026-07-15T01:00:09Z
    }

    @Test func labelValuesAreEscaped() {
        var family = MetricFamily("resticlint_input_lines", help: "a \\ b\nc")
        family.add([("input", "a\"b\\c\nd")], 1)
        #expect(family.text == "# HELP resticlint_input_lines a \\\\ b\\nc\n# TYPE resticlint_input_lines gauge\nresticlint_input_lines{input=\"a\\\"b\\\\c\\nd\"} 1\n")
    }
}
