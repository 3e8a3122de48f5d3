import Foundation
import Testing
@testable import ResticLintCore

/// Hostile and broken input, end to end: whatever arrives, resticlint counts every line, keeps
/// finding what it can, writes a report that parses, and ends.
@Suite struct RobustnessInputTests {
    static let misfire = "b2-5005-misfire-0.17.0"
    static let breakerLine = "unable to create lock in backend: circuit breaker open for file <lock/798ffec919>"

    /// The checks every report must pass, whatever the input.
    private func checkInvariants(_ report: AnalysisReport, lines: Int, _ comment: Comment? = nil) {
        #expect(report.stats.lines == lines, comment)
        #expect(report.stats.classified + report.stats.unclassified == report.stats.lines, comment)
        for finding in report.findings {
            #expect((1...max(lines, 1)).contains(finding.line), comment)
            #expect(finding.lines.allSatisfy { (1...lines).contains($0) }, comment)
        }
        #expect(report.runs.allSatisfy { 1 <= $0.startLine && $0.startLine <= $0.endLine && $0.endLine <= lines }, comment)
        let json = Samples.json(report)
        #expect((try? JSONSerialization.jsonObject(with: Data(json.utf8))) != nil, comment)
    }

    // MARK: bytes that are not text

    @Test func invalidUTF8IsCountedAndStillClassified() throws {
        let broken: [[UInt8]] = [[0xFF, 0xFE], [0xC3], [0xED, 0xA0, 0x80], [0xC0, 0x80], [0xF0, 0x9F, 0x98], [0x80]]
        var bytes = Samples.bytes(Self.misfire)
        // Invalid sequences in the line before the trigger, and at the end of the trigger line.
        var lines = FuzzMutator.lines(bytes).map(Array.init)
        lines[4] = lines[4] + broken.flatMap { $0 }
        lines[5] = lines[5] + [0x20] + broken[0] + broken[1]
        bytes = FuzzMutator.join(lines.map { $0[...] })
        let file = Spawned.write(bytes, name: "invalid-utf8.log")
        let run = try Spawned.run(["analyze", "--format", "json", file])
        #expect(run.exitCode == 0, "\(run.stderr)")
        let json = try #require(run.json, "the report is valid UTF-8 JSON")
        #expect((json["stats"] as? [String: Any])?["lines"] as? Int == 6)
        #expect(run.findings == ["breaker-misfire@6"])
        // The library path: replacement characters, same diagnosis.
        let report = TestSupport.analyze(String(decoding: bytes, as: UTF8.self))
        checkInvariants(report, lines: 6)
        #expect(Samples.findings(report) == ["breaker-misfire@6"])
        #expect(report.findings.first?.evidence.contains { $0.text.contains("\u{FFFD}") } == true)
    }

    @Test func nulBytesAreCountedAndEscapedInJSON() throws {
        var text = Samples.text(Self.misfire)
        text = "\0\0\0\n" + text.replacingOccurrences(of: Self.breakerLine, with: Self.breakerLine + "\0tail\0")
        let file = Spawned.write(Array(text.utf8), name: "nul.log")
        let run = try Spawned.run(["analyze", "--format", "json", file])
        #expect(run.exitCode == 0, "\(run.stderr)")
        #expect(String(decoding: run.stdout, as: UTF8.self).contains("\\u0000"))
        #expect(run.stats["lines"] as? Int == 7)
        #expect(run.findings == ["breaker-misfire@7"])
        let report = TestSupport.analyze(text)
        checkInvariants(report, lines: 7)
        #expect(Samples.findings(report) == ["breaker-misfire@7"])
    }

    @Test func binaryFilesAreReadAsLines() throws {
        var rng = FuzzRandom(seed: 7)
        let random = (0..<(1 << 20)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let executable = Array(Spawned.contents(TestSupport.executable.path))
        for (name, bytes) in [("random.bin", random), ("executable.bin", Array(executable.prefix(8 << 20)))] {
            let file = Spawned.write(bytes, name: name)
            defer { unlink(file) }
            let run = try Spawned.run(["analyze", "--format", "json", file])
            #expect(run.exitCode == 0, "\(name): \(run.stderr)")
            #expect(run.json != nil, "\(name): the report parses")
            #expect(run.stats["lines"] as? Int == FuzzOracle.expectedLines(bytes), "\(name)")
            #expect(!run.crashed)
        }
        checkInvariants(TestSupport.analyze(String(decoding: random, as: UTF8.self)),
                        lines: FuzzOracle.expectedLines(Array(String(decoding: random, as: UTF8.self).utf8)))
    }

    // MARK: sizes and line ends

    @Test func hundredMegabyteSingleLineIsCountedTruncatedAndBounded() throws {
        let size = 100 << 20
        let file = Spawned.path("huge-line.log")
        FileManager.default.createFile(atPath: file, contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: file))
        handle.write(Data(Self.breakerLine.utf8 + [0x20]))
        let block = Data(repeating: UInt8(ascii: "x"), count: 1 << 20)
        for _ in 0..<100 { handle.write(block) }
        handle.write(Data([0x0A]))
        try handle.close()
        defer { unlink(file) }
        let run = try Spawned.run(["analyze", "--format", "json", "--restic-version", "0.17.0", file], timeout: 120)
        #expect(run.exitCode == 0, "\(run.stderr)")
        #expect(!run.timedOut)
        let input = try #require(run.inputs.first)
        #expect(input["lines"] as? Int == 1)
        #expect(input["bytes"] as? Int == size + Self.breakerLine.utf8.count + 2)
        #expect(input["truncatedLines"] as? Int == 1)
        // The head of the line is still classified.
        #expect(run.stats["classified"] as? Int == 1)
        #expect(run.findings.count == 1)
        // The line is never held whole: memory is the 4 MiB read buffer, not the line. (Measured against
        // the same binary on a small log, so sanitizer builds, which need more, compare fairly.)
        let small = try Spawned.run(["analyze", "--format", "json", "--restic-version", "0.17.0", Samples.path(Self.misfire)])
        if run.maxRSSKilobytes > 0 && small.maxRSSKilobytes > 0 {
            #expect(run.maxRSSKilobytes < small.maxRSSKilobytes + 48_000, "peak RSS \(run.maxRSSKilobytes) KiB, \(small.maxRSSKilobytes) KiB on a small log")
        }
    }

    @Test func linesAroundAnOverlongLineKeepTheirNumbers() throws {
        var bytes = Array("restic 0.17.0 compiled with go1.22.5 on linux/amd64\nopen repository\n".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "y"), count: 9 << 20) + [0x0A]
        bytes += Array("Load(<lock/91b9421fff>, 0, 0) failed: b2_download_file_by_name: 404: File with such name does not exist.\n\(Self.breakerLine)".utf8)
        let file = Spawned.write(bytes, name: "overlong.log")
        defer { unlink(file) }
        let run = try Spawned.run(["analyze", "--format", "json", file])
        #expect(run.exitCode == 0, "\(run.stderr)")
        #expect(run.inputs.first?["lines"] as? Int == 5)
        #expect(run.inputs.first?["truncatedLines"] as? Int == 1)
        #expect(run.findings == ["breaker-misfire@5"])
    }

    @Test func onlyNewlines() throws {
        let bytes = [UInt8](repeating: 0x0A, count: 100_000)
        let run = try Spawned.run(["analyze", "--format", "json", Spawned.write(bytes, name: "newlines.log")])
        #expect(run.exitCode == 0, "\(run.stderr)")
        #expect(run.stats["lines"] as? Int == 100_000)
        #expect(run.stats["classified"] as? Int == 0)
        #expect(run.stats["runs"] as? Int == 0)
        checkInvariants(TestSupport.analyze(String(repeating: "\n", count: 100_000)), lines: 100_000)
        checkInvariants(TestSupport.analyze(String(repeating: "\r\n", count: 1000)), lines: 1000)
        checkInvariants(TestSupport.analyze(String(repeating: "\r", count: 1000)), lines: 1000)
    }

    @Test(arguments: ["b2-5005-misfire-0.17.0", "journald-nightly-misfire-0.17.0", "docker-json-exit-error-concurrent-0.18.0"])
    func carriageReturnOnlyLineEnds(sample: String) throws {
        let lf = Samples.bytes(sample)
        let cr = lf.map { $0 == 0x0A ? 0x0D : $0 }
        let expected = TestSupport.analyzer.analyze(text: String(decoding: lf, as: UTF8.self))
        let report = TestSupport.analyzer.analyze(text: String(decoding: cr, as: UTF8.self))
        checkInvariants(report, lines: expected.stats.lines)
        #expect(Samples.findings(report) == Samples.findings(expected))
        #expect(report.runs.count == expected.runs.count)
        let run = try Spawned.run(["analyze", "--format", "json", Spawned.write(cr, name: "cr.log")])
        #expect(run.exitCode == 0, "\(run.stderr)")
        #expect(run.stats["lines"] as? Int == expected.stats.lines)
        #expect(run.findings == Samples.findings(expected))
    }

    @Test func emptyFile() throws {
        let file = Spawned.write([], name: "empty.log")
        let run = try Spawned.run(["analyze", "--format", "json", file])
        #expect(run.exitCode == 0, "\(run.stderr)")
        #expect(run.inputs.first?["lines"] as? Int == 0)
        #expect(run.inputs.first?["error"] == nil)
        #expect(run.stats["runs"] as? Int == 0 && run.findings.isEmpty)
        let text = try Spawned.run(["analyze", file])
        #expect(text.exitCode == 0 && !text.stdout.isEmpty)
        // The CI gate refuses empty input unless told otherwise (documented exit 3).
        let gate = try Spawned.run(["check", file])
        #expect(gate.exitCode == 3)
        #expect(gate.stderr.contains("no input lines"))
        #expect(try Spawned.run(["check", "--allow-empty", file]).exitCode == 0)
        checkInvariants(TestSupport.analyze(""), lines: 0)
    }

    // MARK: cut and broken messages

    @Test func truncatedLockBlocksAtEndOfInput() {
        let block = [
            "unable to create lock in backend: repository is already locked by PID 4242 on nas by root (UID 0, GID 0)",
            "lock was created at 2024-08-21 01:00:00 (1h0m0s ago)",
            "storage ID 05b36c59",
            "the `unlock` command can be used to remove stale locks",
        ]
        let head = "restic 0.17.0 compiled with go1.22.5 on linux/amd64\nopen repository\n"
        for kept in 1...4 {
            for terminated in [true, false] {
                let text = head + block.prefix(kept).joined(separator: "\n") + (terminated ? "\n" : "")
                let report = TestSupport.analyze(text)
                checkInvariants(report, lines: 2 + kept, "\(kept) lines, terminated: \(terminated)")
                #expect(report.findings.contains { $0.rule.hasPrefix("repo-locked") && $0.line == 3 }, "\(kept) lines")
            }
        }
        // Cut inside a continuation line, and the head line cut short.
        for cut in [block[0] + "\nlock was cre", block[0] + "\nstorage I", "unable to create lock in backend: repository is already lo",
                    "unable to create lock in backend: repository is already locked by PID 4242 on"] {
            let report = TestSupport.analyze(head + cut)
            checkInvariants(report, lines: 2 + cut.split(separator: "\n").count, "\(cut.suffix(20))")
        }
    }

    @Test func jsonLineCutInHalf() {
        let whole = #"{"message_type":"exit_error","code":11,"message":"unable to create lock in backend: repository is already locked by PID 9454 on 975f84afb80e by root (UID 0, GID 0)\nlock was created at 2025-11-28 01:00:01 (12.480720222s ago)\nstorage ID 05b36c59\nthe `unlock` command can be used to remove stale locks"}"#
        let banner = "restic 0.18.0 compiled with go1.24.1 on linux/amd64"
        let complete = TestSupport.analyze("\(banner)\n\(whole)\n")
        #expect(Samples.findings(complete) == ["repo-locked-concurrent@2"])
        for cut in stride(from: 0, to: whole.utf8.count, by: 5) {
            let half = String(decoding: Array(whole.utf8).prefix(cut), as: UTF8.self)
            // The cut line, then a complete one: the complete line is still decoded and diagnosed.
            let report = TestSupport.analyze("\(banner)\n\(half)\n\(banner)\n\(whole)")
            checkInvariants(report, lines: 4, "cut at \(cut)")
            #expect(report.findings.contains { $0.rule == "repo-locked-concurrent" && $0.line == 4 }, "cut at \(cut)")
            // And cut at the very end of the input.
            checkInvariants(TestSupport.analyze("\(banner)\n\(half)"), lines: half.isEmpty ? 1 : 2, "cut at \(cut), at the end")
        }
    }

    @Test func deeplyNestedJSON() throws {
        for depth in [100, 1000, 100_000] {
            for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
                let line = #"{"message_type":"exit_error","code":1,"message":"Fatal: deep","x":"# + String(repeating: open, count: depth) + "1"
                    + String(repeating: close, count: depth) + "}"
                let report = TestSupport.analyze("open repository\n\(line)\nFatal: after\n")
                checkInvariants(report, lines: 3, "depth \(depth) \(open)")
            }
        }
        // Moderately nested JSON is still read.
        let nested = #"{"message_type":"exit_error","code":1,"message":"Fatal: nested","x":"# + String(repeating: "[", count: 50)
            + String(repeating: "]", count: 50) + "}"
        let report = TestSupport.analyze("open repository\n\(nested)\n")
        #expect(report.stats.classified == 2)
        // Through the binary as well: a deep line must not exhaust the stack.
        let deep = #"{"message":"Fatal: deep","x":"# + String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000) + "}\n"
        let file = Spawned.write(Array(deep.utf8), name: "deep.log")
        defer { unlink(file) }
        let run = try Spawned.run(["analyze", "--format", "json", file])
        #expect(run.exitCode == 0 && !run.crashed, "\(run.stderr)")
        #expect(run.stats["lines"] as? Int == 1)
    }

    @Test func hugeJSON() throws {
        let message = "unable to create lock in backend: circuit breaker open for file <lock/798ffec919>"
        func line(padding: Int) -> String {
            #"{"message_type":"exit_error","code":1,"message":"\#(message)","pad":""# + String(repeating: "p", count: padding) + "\"}"
        }
        // Just under the 1 MiB JSON limit: decoded and diagnosed.
        let under = line(padding: (1 << 20) - 200)
        let report = TestSupport.analyze(under + "\n", version: "0.17.0")
        checkInvariants(report, lines: 1)
        #expect(report.stats.classified == 1)
        #expect(report.findings.first?.evidence.first?.text.hasPrefix(message) == true)
        // Over it (and over the 16 KiB a message is matched on): counted, read as text, no crash.
        for padding in [(1 << 20) + 10, 3 << 20, 5 << 20] {
            let text = "open repository\n" + line(padding: padding) + "\nFatal: after\n"
            checkInvariants(TestSupport.analyze(text, version: "0.17.0"), lines: 3, "padding \(padding)")
            let file = Spawned.write(Array(text.utf8), name: "huge-json.log")
            defer { unlink(file) }
            let run = try Spawned.run(["analyze", "--format", "json", file])
            #expect(run.exitCode == 0 && !run.crashed, "\(run.stderr)")
            #expect(run.stats["lines"] as? Int == 3)
            #expect((run.inputs.first?["truncatedLines"] as? Int ?? 0) == (padding > (4 << 20) ? 1 : 0))
        }
    }

    /// A hostile line where an unanchored pattern with a lookahead would rescan the rest of the line
    /// from every candidate start: the cost must stay bounded (it was quadratic, minutes for 1 MB).
    @Test func longRepetitiveLinesStayFast() throws {
        let unit = "Load(<lock/91b9421fff>, 0, 0) returned error, retrying after 1.2s: "
        let text = String(repeating: unit, count: (3 << 20) / unit.utf8.count) + "\n"
        let file = Spawned.write(Array(text.utf8), name: "repetitive.log")
        defer { unlink(file) }
        let run = try Spawned.run(["analyze", "--format", "json", file], timeout: 60)
        #expect(!run.timedOut, "took over a minute")
        #expect(run.exitCode == 0, "\(run.stderr)")
        #expect(run.seconds < 30, "took \(run.seconds) s")
        #expect(run.stats["lines"] as? Int == 1)
    }

    @Test func absurdLockAgesDoNotTrap() {
        for age in ["999999999999999999999999h", String(repeating: "9", count: 400) + "s", "1.5e9h", "0s", "-5s", "h", "1m-1s"] {
            let report = TestSupport.analyze("""
                restic 0.17.0 compiled with go1.22.5 on linux/amd64
                unable to create lock in backend: repository is already locked by PID 1 on h by root (UID 0, GID 0)
                lock was created at 2024-01-01 00:00:00 (\(age) ago)
                storage ID 05b36c59
                """)
            checkInvariants(report, lines: 4, "\(age)")
            #expect(report.findings.contains { $0.rule.hasPrefix("repo-locked") }, "\(age)")
        }
    }

    /// Found by the fuzzer: a banner with patch version Int.max trapped computing the next version.
    @Test func absurdVersionNumbersDoNotTrap() throws {
        for version in ["0.17.9223372036854775807", "9223372036854775807.0.0", "0.99999999999999999999.1", "0.17.999999"] {
            let text = """
                restic \(version) compiled with go1.22.5 on linux/amd64
                /usr/local/bin/restic-\(version) -r /srv/repo backup /home
                Load(<lock/91b9421fff>, 0, 0) failed: b2_download_file_by_name: 404: File with such name does not exist.
                \(Self.breakerLine)
                """
            checkInvariants(TestSupport.analyze(text), lines: 4, "\(version)")
            checkInvariants(TestSupport.analyze(text, version: version), lines: 4, "\(version) as the flag")
        }
        let flag = try Spawned.run(["analyze", "--restic-version", "0.17.9223372036854775807", Samples.path(Self.misfire)])
        #expect(flag.exitCode == 64 && !flag.crashed, "\(flag.stderr)")
    }

    // MARK: order and interleaving

    @Test func interleavedProcessesAreSeparatedByPID() {
        let processes: [Int: [String]] = [
            100: ["restic 0.17.0 compiled with go1.22.5 on linux/amd64", "open repository",
                  "Load(<lock/91b9421fff>, 0, 0) failed: b2_download_file_by_name: 404: File with such name does not exist.",
                  Self.breakerLine],
            200: ["restic 0.17.1 compiled with go1.22.5 on linux/amd64", "open repository", "snapshot 1a2b3c4d saved"],
            300: ["restic 0.17.2 compiled with go1.22.5 on linux/amd64", "open repository",
                  "unable to create lock in backend: repository is already locked by PID 4242 on nas by root (UID 0, GID 0)",
                  "lock was created at 2024-08-21 01:00:00 (1h0m0s ago)", "storage ID 05b36c59"],
        ]
        func journald(_ pid: Int, _ message: String, second: Int) -> String {
            "Aug 21 02:00:\(String(format: "%02d", second)) nas restic[\(pid)]: \(message)"
        }
        // Round robin: every process's line i, then line i + 1, ...
        var lines: [String] = []
        var lineOf: [Int: [Int]] = [:]
        for i in 0..<5 {
            for pid in [100, 200, 300] where i < processes[pid]!.count {
                lines.append(journald(pid, processes[pid]![i], second: i))
                lineOf[pid, default: []].append(lines.count)
            }
        }
        let report = TestSupport.analyze(lines.joined(separator: "\n"))
        checkInvariants(report, lines: lines.count)
        #expect(report.runs.count == 3)
        #expect(Set(report.runs.compactMap(\.pid)) == [100, 200, 300])
        for run in report.runs {
            let pid = run.pid ?? 0
            #expect(run.version.value == ["100": "0.17.0", "200": "0.17.1", "300": "0.17.2"]["\(pid)"])
        }
        // Each process alone gives the same diagnoses, at the interleaved line numbers.
        for pid in [100, 200, 300] {
            let alone = TestSupport.analyze(processes[pid]!.enumerated().map { journald(pid, $1, second: $0) }.joined(separator: "\n"))
            let runID = report.runs.first { $0.pid == pid }?.id
            let mine = report.findings.filter { $0.run == runID }
            #expect(mine.map(\.rule) == alone.findings.map(\.rule), "pid \(pid)")
            #expect(mine.map(\.line) == alone.findings.map { lineOf[pid]![$0.line - 1] }, "pid \(pid)")
        }
        let misfire = report.findings.first { $0.rule == "breaker-misfire" }
        #expect(misfire?.relatedLocks == ["lock/91b9421fff"])
    }

    /// A lock block held for continuation lines while another process's journald lines pass, the next
    /// one hours later: the block still reaches its own run (the tracker closes runs silent for two
    /// hours when a later line arrives), so the process gives one finding with its banner's version.
    @Test func aBlockFollowedHoursLaterByAnotherProcessStaysInItsRun() {
        let block = """
            Jul 17 23:46:06 files restic[92498]: restic 0.16.5 compiled with go1.21.6 on linux/amd64
            Jul 17 23:46:06 files restic[92498]: open repository
            Jul 17 23:46:06 files restic[92498]: lock repository
            Jul 17 23:46:06 files restic[92498]: repo already locked, waiting up to 0s for the lock
            Jul 17 23:46:06 files restic[92498]: unable to create lock in backend: repository is already locked exclusively by PID 16858 on host1 by root (UID 0, GID 0)
            Jul 17 23:46:06 files restic[92498]: lock was created at 2024-07-17 23:46:00 (5.938257123s ago)
            Jul 17 23:46:06 files restic[92498]: storage ID b6a92e3b
            Jul 17 23:46:06 files restic[92498]: the `unlock` command can be used to remove stale locks
            """
        let next = """
            Jul 18 02:01:18 backup01 restic[28627]: restic 0.16.4 compiled with go1.21.6 on linux/amd64
            Jul 18 02:01:19 backup01 restic[28627]: open repository
            """
        let alone = TestSupport.analyze(block)
        let followed = TestSupport.analyze(block + "\n" + next)
        checkInvariants(followed, lines: 10)
        #expect(alone.findings.count == 1)
        #expect(followed.findings.map(\.rule) == alone.findings.map(\.rule))
        #expect(followed.findings.map(\.line) == alone.findings.map(\.line))
        #expect(followed.runs.count == 2)
        let run = followed.runs.first { $0.pid == 92498 }
        #expect(run?.version.value == "0.16.5")
        #expect(followed.findings.first?.run == run?.id)
    }

    @Test func timestampsGoingBackwards() {
        let iso = """
            2024-08-21T02:00:05Z restic 0.17.0 compiled with go1.22.5 on linux/amd64
            2024-08-21T02:00:04Z open repository
            2024-08-20T02:00:03Z unable to create lock in backend: repository is already locked by PID 1 on h by root (UID 0, GID 0)
            2024-08-20T02:00:03Z lock was created at 2024-08-21 02:10:00
            2024-08-20T02:00:03Z storage ID 05b36c59
            1999-01-01T00:00:00Z Load(<lock/91b9421fff>, 0, 0) failed: b2_download_file_by_name: 404: File with such name does not exist.
            2024-08-21T02:00:01Z \(Self.breakerLine)
            """
        let report = TestSupport.analyze(iso)
        checkInvariants(report, lines: 7)
        for finding in report.findings {
            if let age = finding.fields["lock_age"].flatMap(Double.init) { #expect(age >= 0, "\(finding.rule)") }
        }
        // Yearless syslog stamps across New Year, and going back.
        let syslog = """
            Dec 31 23:59:58 nas restic[5]: restic 0.17.0 compiled with go1.22.5 on linux/amd64
            Jan 01 00:00:01 nas restic[5]: unable to create lock in backend: repository is already locked by PID 1 on h by root (UID 0, GID 0)
            Jan 01 00:00:01 nas restic[5]: lock was created at 2024-12-31 23:00:00
            Dec 31 23:00:00 nas restic[5]: storage ID 05b36c59
            Feb 29 12:00:00 nas restic[5]: open repository
            """
        let yearless = TestSupport.analyze(syslog)
        checkInvariants(yearless, lines: 5)
        for finding in yearless.findings {
            if let age = finding.fields["lock_age"].flatMap(Double.init) { #expect(age >= 0 && age < 86_400 * 366, "\(age)") }
        }
    }

    // MARK: inputs that cannot be read, and odd kinds of files

    @Test func directoryAndMissingFileAmongGoodInputs() throws {
        let directory = Spawned.path("a-directory")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let missing = Spawned.path("missing.log")
        let good = Samples.path(Self.misfire)
        let other = Samples.path("docker-json-exit-error-concurrent-0.18.0")
        let reportFile = Spawned.path("report.json")
        let run = try Spawned.run(["analyze", "--format", "json", "--format", "json:\(reportFile)", good, directory, missing, other])
        #expect(run.exitCode == 3)
        #expect(!run.crashed)
        let complaints = run.stderr.split(separator: "\n")
        #expect(complaints.count == 2, "\(run.stderr)")
        #expect(complaints.contains { $0.contains(directory) && $0.contains("is a directory") }, "\(run.stderr)")
        #expect(complaints.contains { $0.contains(missing) && $0.contains("No such file or directory") }, "\(run.stderr)")
        let inputs = run.inputs
        #expect(inputs.map { $0["name"] as? String } == [good, directory, missing, other])
        #expect(inputs.map { $0["error"] != nil } == [false, true, true, false])
        #expect(inputs[0]["lines"] as? Int == 6 && inputs[3]["lines"] as? Int == 8)
        #expect(run.findings == ["breaker-misfire@6", "repo-locked-concurrent@8"])
        // The report file is written too, before the exit code.
        let written = Spawned.contents(reportFile)
        #expect(!written.isEmpty && written == run.stdout)
        // The text report says it as well, and `check` uses the same exit code.
        #expect(try Spawned.run(["analyze", good, missing]).exitCode == 3)
        #expect(try Spawned.run(["check", good, directory]).exitCode == 3)
    }

    @Test func fifoInput() throws {
        let fifo = Spawned.path("input.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo) }
        let bytes = Samples.bytes("journald-nightly-misfire-0.17.0")
        let writer = Thread {
            // Opening blocks until resticlint opens the other end; write in small pieces.
            let fd = open(fifo, O_WRONLY)
            guard fd >= 0 else { return }
            var offset = 0
            while offset < bytes.count {
                let end = min(bytes.count, offset + 97)
                _ = bytes[offset..<end].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                offset = end
                usleep(200)
            }
            close(fd)
        }
        writer.start()
        let run = try Spawned.run(["analyze", "--format", "json", fifo], timeout: 60)
        #expect(!run.timedOut)
        #expect(run.exitCode == 0, "\(run.stderr)")
        let file = try Spawned.run(["analyze", "--format", "json", Samples.path("journald-nightly-misfire-0.17.0")])
        #expect(run.findings == file.findings)
        #expect(run.stats["lines"] as? Int == file.stats["lines"] as? Int)
        #expect(run.inputs.first?["bytes"] as? Int == bytes.count)
    }

    @Test func standardInputClosedEarly() throws {
        // Nothing at all.
        let empty = try Spawned.run(["analyze", "--format", "json"], stdin: .pipe { close($0) })
        #expect(empty.exitCode == 0, "\(empty.stderr)")
        #expect(empty.stats["lines"] as? Int == 0)
        // The writer stops in the middle of a line: what arrived is analysed.
        let bytes = Samples.bytes(Self.misfire)
        let cut = Array(bytes.prefix(bytes.count - 20))
        let partial = try Spawned.run(["analyze", "--format", "json", "--stdin-name", "cut.log"], stdin: .pipe { Spawned.feed(cut, to: $0) })
        #expect(partial.exitCode == 0, "\(partial.stderr)")
        #expect(partial.stats["lines"] as? Int == FuzzOracle.expectedLines(cut))
        #expect(partial.inputs.first?["name"] as? String == "cut.log")
        // No file descriptor 0 at all: a clear error and exit 3, never a crash or a hang.
        let closed = try Spawned.run(["analyze", "--format", "json"], stdin: .closed, timeout: 30)
        #expect(!closed.timedOut && !closed.crashed, "\(closed.stderr)")
        #expect(closed.exitCode == 3, "\(closed.stderr)")
        #expect(closed.stderr.contains("cannot read <stdin>"), "\(closed.stderr)")
        #expect(closed.inputs.first?["error"] != nil)
    }

    /// A live pipe hands out what was written so far: a first read that ends between `\r` and `\n`
    /// must not make the whole stream split on `\r` (it counted a line too many and broke messages).
    @Test func crlfSplitAcrossPipeReads() throws {
        let lf = Samples.bytes("journald-nightly-misfire-0.17.0")
        var crlf: [UInt8] = []
        for byte in lf { crlf += byte == 0x0A ? [0x0D, 0x0A] : [byte] }
        let file = try Spawned.run(["analyze", "--format", "json", Spawned.write(crlf, name: "crlf.log")])
        let stream = crlf
        let piped = try Spawned.run(["analyze", "--format", "json"], stdin: .pipe { fd in
            // Every write ends right after a `\r`; the first one waits until resticlint (still starting
            // up) has surely read it alone.
            var start = 0
            for (i, byte) in stream.enumerated() where byte == 0x0D || i == stream.count - 1 {
                _ = stream[start...i].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
                usleep(start == 0 ? 1_500_000 : 2_000)
                start = i + 1
            }
            close(fd)
        }, timeout: 60)
        #expect(piped.exitCode == 0, "\(piped.stderr)")
        #expect(piped.stats["lines"] as? Int == FuzzOracle.expectedLines(lf))
        #expect(piped.stats["lines"] as? Int == file.stats["lines"] as? Int)
        #expect(piped.findings == file.findings)
        #expect(piped.findings.contains { $0.hasPrefix("breaker-misfire@") })
    }

    /// `resticlint analyze big.log | head -1`: the reader goes away; resticlint must end promptly,
    /// by SIGPIPE or a quiet exit, without a crash dump.
    @Test(arguments: [true, false])
    func sigpipeWhenTheReaderGoesAway(defaultSIGPIPE: Bool) throws {
        let day = [
            "restic 0.17.0 compiled with go1.22.5 on linux/amd64", "open repository",
            "Load(<lock/91b9421fff>, 0, 0) failed: b2_download_file_by_name: 404: File with such name does not exist.",
            Self.breakerLine,
        ].joined(separator: "\n")
        // About 1 MB of report, far more than a pipe holds.
        let file = Spawned.write(Array(Array(repeating: day, count: 1500).joined(separator: "\n").utf8), name: "many-findings.log")
        for format in ["text", "json"] {
            // The analysis itself may be slow (sanitizer builds); what must be prompt is the end after the reader left.
            let run = try Spawned.run(["analyze", "--format", format, file], stdout: .closedAfter(readBytes: 100),
                                      defaultSIGPIPE: defaultSIGPIPE, timeout: 600)
            #expect(!run.timedOut, "\(format): did not end after its reader went away")
            #expect(run.secondsAfterOutputClosed < 30, "\(format): lived \(run.secondsAfterOutputClosed) s after its reader went away")
            #expect(run.signal == SIGPIPE || run.exitCode == 0 || run.exitCode == 141,
                    "\(format): exit \(run.exitCode.map(String.init) ?? "-") signal \(run.signal.map(String.init) ?? "-")")
            #expect(!run.crashed, "\(format): \(run.stderr.prefix(500))")
        }
    }
}
