import Foundation
import Testing
@testable import ResticLintCore
import ResticFormats
@testable import ResticLintPipeline

/// The wrapper forms of the field, one by one: prefixes peeled to restic's own words, records
/// opened, with the time and process the innermost wrapper gave.
@Suite struct FieldIngestTests {
    private func normalize(_ line: String) -> NormalizedLine {
        Array(line.utf8).withUnsafeBufferPointer { LineNormalizer().normalize($0) }
    }

    @Test func prefixesOfTheFieldArePeeled() {
        let cases: [(String, String, Int?)] = [
            ("restic-nightly[2291]: open repository", "open repository", 2291),
            ("nas restic[5452]: Fatal: x", "Fatal: x", 5452),
            ("2024-11-20T03:00:02.291+0100 ERROR unable to create lock in backend: x", "unable to create lock in backend: x", nil),
            ("2024-11-20 03:00:02 +0100 [WARN] open repository", "open repository", nil),
            ("2024/08/21 02:00:03 [restic] open repository", "open repository", nil),
            ("I0901 03:00:01.208844       1 logging.go:122] open repository", "open repository", nil),
            ("2024-03-02T04:00:05Z\tINFO\tk8up.restic.backup.stderr\topen repository", "open repository", nil),
            ("[restic] 04:00:05.123Z\tdebug\topen repository", "open repository", nil),
            ("ERROR:backup:open repository", "open repository", nil),
            ("2024-03-02 04:00:05,123 - backup - INFO - open repository", "open repository", nil),
            ("Mar 02 04:00:05 open repository", "open repository", nil),
            ("> open repository", "open repository", nil),
            ("2024-05-06T02:10:12.8810000Z ##[error]open repository", "open repository", nil),
        ]
        for (line, message, pid) in cases {
            var text = Substring(line)
            let prefix = WrapperPrefixParser().strip(&text)
            #expect(text == message[...], "\(line)")
            #expect(prefix.pid == pid, "\(line)")
        }
    }

    @Test func resticsOwnWordsAreNotTakenForPrefixes() {
        for line in [
            "Mar 02 04:00:05 Fatal: unable to create lock in backend: x",
            "Mar 02 04:00:05 Save(<lock/e1d2c3b4a5>) failed: x",
            "Mar 02 04:00:05 Warning: at least one source file could not be read",
            "Mar 02 04:00:05 error: load <snapshot/1a2b3c4d>: x",
        ] {
            var text = Substring(line)
            _ = WrapperPrefixParser().strip(&text)
            #expect(text == line.dropFirst("Mar 02 04:00:05 ".count), "\(line)")
        }
    }

    @Test func innermostStampWinsAndTakesTheOuterYear() {
        let line = normalize("2025-01-03T10:00:00.000000000Z Jan 02 23:59:59 nas restic[7]: open repository")
        #expect(line.parts.first?.prefix.timestamp == WallClock(year: 2025, month: 1, day: 2, hour: 23, minute: 59, second: 59))
        #expect(line.parts.first?.prefix.pid == 7)
    }

    @Test func veleroRecordYieldsResticsStderrLines() {
        let record = #"time="2024-03-02T04:00:05Z" level=error msg="Error backing up item" error="error running command, stderr=open repository\nunable to create lock in backend: repository is already locked by PID 1 on h by root (UID 0, GID 0)\nlock was created at 2024-03-02 01:00:00 (3h0m5s ago)\n: exit status 1" logSource="pkg/podvolume/backupper.go:240""#
        let line = normalize(record)
        #expect(line.messages == ["open repository",
                                  "unable to create lock in backend: repository is already locked by PID 1 on h by root (UID 0, GID 0)",
                                  "lock was created at 2024-03-02 01:00:00 (3h0m5s ago)"])
        #expect(line.parts.allSatisfy { $0.prefix.timestamp == WallClock(year: 2024, month: 3, day: 2, hour: 4, minute: 0, second: 5) })
    }

    @Test func logrRecordPrefersTheErrorOverTheWrappersMessage() {
        let line = normalize(#"E0901 03:00:01.750433       1 backup.go:97] k8up/restic "msg"="backup failed" "error"="unable to create lock in backend: \"x\"\tdone""#)
        #expect(line.messages == ["unable to create lock in backend: \"x\"\tdone"])
    }

    @Test func jsonRecordsOfWrappersAreOpened() {
        let docker = normalize(#"{"log":"Load(\u003clock/91b9421fff\u003e, 0, 0) failed: x\n","stream":"stderr","time":"2024-03-02T04:00:05.123456789Z"}"#)
        #expect(docker.messages == ["Load(<lock/91b9421fff>, 0, 0) failed: x"])
        #expect(docker.parts[0].prefix.timestamp == WallClock(year: 2024, month: 3, day: 2, hour: 4, minute: 0, second: 5))
        let journal = normalize(#"{"__REALTIME_TIMESTAMP":"1709352005000000","_PID":"4242","SYSLOG_IDENTIFIER":"restic","MESSAGE":"open repository"}"#)
        #expect(journal.messages == ["open repository"])
        #expect(journal.parts[0].prefix.pid == 4242)
        let wrapper = normalize(#"{"message_type":"error","message":"error: load \u003cindex/5b0e9c2a17\u003e: circuit breaker open for file \u003cindex/5b0e9c2a17\u003e\n"}"#)
        #expect(wrapper.messages == ["error: load <index/5b0e9c2a17>: circuit breaker open for file <index/5b0e9c2a17>"])
    }

    @Test func progressRedrawsAreSplitFromMessages() {
        let line = normalize("[0:12] 3.41%  1022 files 1.203 GiB\rLoad(<data/7e1c0aa9f3>, 0, 0) operation successful after 1 retries")
        #expect(line.messages.count == 2)
        #expect(line.messages.last == "Load(<data/7e1c0aa9f3>, 0, 0) operation successful after 1 retries")
    }
}

/// Version evidence and what follows from it: where it conflicts with a message, and templates that
/// can only be shown whole.
@Suite struct VersionEvidenceTests {
    @Test func commandLinesNameTheirVersionWhereverItIs() {
        let cases = [
            ("+ /nix/store/8l5yr3kcsqvd2pa9f01w2xixq6vx4b2h-restic-0.17.0/bin/restic snapshots", "0.17.0"),
            ("$ docker run --rm -v /srv:/data:ro restic/restic:0.17.1 -r /repo backup /data", "0.17.1"),
            ("sudo -u backup /opt/restic_0.16.4_linux_amd64 -r /repo backup /home", "0.16.4"),
            (#"command: "/root/.local/share/backrest/restic-0.17.3 backup --json /home""#, "0.17.3"),
        ]
        for (line, version) in cases {
            let run = TestSupport.analyze(line + "\nopen repository\n").runs.first
            #expect(run?.version == .path(ResticVersion(version)!, line: 1), "\(line)")
        }
        #expect(TestSupport.analyze("using restic 0.16.4\nopen repository\n").runs.first?.version
                == .wrapper(ResticVersion(0, 16, 4), line: 1))
        #expect(TestSupport.analyze("nightly.sh: restic 0.17.1 compiled with go1.23.1 on linux/amd64\n").runs.first?.version
                == .banner(ResticVersion(0, 17, 1), line: 1))
    }

    @Test func aContradictedVersionLowersConfidenceAndSaysSo() {
        let log = """
            restic 0.17.1 compiled with go1.23.1 on linux/amd64
            Load(<lock/91b9421fff>, 0, 0) failed: b2_download_file_by_name: 404: File with such name does not exist.
            unable to create lock in backend: circuit breaker open for file <lock/798ffec919>
            """
        let agreeing = TestSupport.analyze(log).findings
        #expect(agreeing.allSatisfy { !$0.message.contains("conflicts") })
        let report = TestSupport.analyze(log.replacingOccurrences(of: "0.17.1 compiled", with: "0.16.4 compiled"))
        #expect(!report.findings.isEmpty)
        for finding in report.findings {
            #expect(finding.confidence == .likely)
            #expect(finding.message.contains("The version evidence conflicts: the banner on line 1 says restic 0.16.4"))
        }
    }

    @Test func templatesAreShownWholeOrNotAtAll() {
        #expect(MessageTemplate.render("Upgrade to {fixed} or later", fields: [:]) == nil)
        #expect(MessageTemplate.render("Upgrade to {fixed} or later", fields: ["fixed": "0.17.1"]) == "Upgrade to 0.17.1 or later")
        #expect(MessageTemplate.render("JSON {\"a\": 1} stays", fields: [:]) == "JSON {\"a\": 1} stays")
        // 0.16.4 is not affected by lock-check-failed: no release fixes it for this run, so the
        // upgrade step is left out rather than shown with a stand-in.
        let report = TestSupport.analyze("""
            Load(<lock/74e00a5e53>, 0, 0) returned error, retrying after 552.330144ms: <lock/74e00a5e53> does not exist
            unable to create lock in backend: <lock/74e00a5e53> does not exist
            """, version: "0.16.4")
        for finding in report.findings {
            #expect(finding.remediation.allSatisfy { !$0.contains("{") && !$0.contains("no release") })
        }
    }

    @Test func ruleSummariesCannotUsePlaceholders() throws {
        let folder = try TemporaryFolder.make("summary")
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try String(contentsOfFile: "\(TestSupport.rulesDirectory)/lock-check-failed.yml", encoding: .utf8)
            .replacingOccurrences(of: "summary: >-\n", with: "summary: >-\n  Fixed in {fixed}.\n")
            .replacingOccurrences(of: "id: lock-check-failed", with: "id: lock-check-failed-copy")
        try source.write(to: folder.appendingPathComponent("copy.yml"), atomically: true, encoding: .utf8)
        #expect(throws: RuleFileError.self) { try RuleCatalog.load(from: [folder.path]) }
    }
}

/// A terminal copy cuts long lines at its width and goes on without the wrapper's prefix.
@Suite struct HardWrapTests {
    @Test func aPrefixedLineCutAtTheTerminalWidthIsJoinedWithItsContinuation() throws {
        let head = "Nov 20 03:00:02 srv2 restic[9921]: unable to create lock in backend: repository "
        #expect(head.utf8.count == 80)
        let log = head + "\nis already locked by PID 77 on srv2 by backup (UID 998, GID 998)\n"
            + "Nov 20 03:00:02 srv2 restic[9921]: lock was created at 2024-11-20 02:58:40 (1m22.0145s ago)\n"
            + "Nov 20 03:00:02 srv2 restic[9921]: storage ID e07d52aa\n"
        let report = TestSupport.analyze(log)
        let finding = try #require(report.findings.first)
        #expect(finding.rule == "repo-locked-concurrent")
        #expect(finding.line == 1)
        #expect(report.stats.lines == 4)
        #expect(report.stats.classified == 4)
    }

    @Test func aLineThatOnlyHappensToBeThatWideStaysAlone() {
        let head = "Nov 20 03:00:02 srv2 restic[9921]: Load(<lock/91b9421fff>, 0, 0) failed: 404 gon"
        #expect(head.utf8.count == 80)
        let report = TestSupport.analyze(head + "\nNov 20 03:00:02 srv2 restic[9921]: open repository\n", version: "0.17.0")
        #expect(report.findings.map(\.rule) == ["lock-file-vanished"])
        #expect(report.stats.classified == 2)
    }
}

/// `--explain-line` is the engine's own classifier with a trace hook.
@Suite struct LineExplainerTests {
    @Test func aRecordIsExplainedAsTheEngineReadsIt() {
        let line = #"level=error ts=2024-06-03T01:00:01.774Z msg="job failed" err="exit status 1" output="Fatal: unable to create lock in backend: repository is already locked by PID 30211 on vault by backup (UID 1001, GID 1001)\nlock was created at 2024-06-02 19:42:10 (5h17m51.7610s ago)\nstorage ID 0be3f1d9\n""#
        let explanation = LineExplainer(catalog: TestSupport.catalog).explain(line, number: 3)
        #expect(explanation.first == "prefilter: passes (contains a literal some pattern needs)")
        #expect(explanation.contains("joined to the block of line 3: storage ID 0be3f1d9"))
        #expect(explanation.contains { $0.hasPrefix("  repo-locked-stale.already_locked: MATCH") && $0.contains("storage_id=0be3f1d9") })
        #expect(!explanation.contains { $0.contains("job failed") })
        // The report agrees: the same line gives the stale lock.
        #expect(TestSupport.analyze(line).findings.map(\.rule) == ["repo-locked-stale"])
    }
}
