import Foundation
import Testing
@testable import ResticLintCore

/// The streaming pipeline gives the same findings however the input arrives, and gives them early.
@Suite struct StreamingTests {
    /// Samples with several runs, interleaved processes, multi-line blocks and many findings.
    static let matrix = [
        "cron-nightly-mixed-10-runs", "journald-nightly-misfire-0.17.0", "b2-5005-misfire-0.17.0",
        "docker-concurrent-lock-0.17.2", "cron-unreadable-files-0.16.4", "docker-s3-slowdown-recovered-0.17.1",
    ]

    static func describe(_ findings: [Finding]) -> [String] {
        findings.map { "\($0.input)|\($0.run)|\($0.rule)@\($0.line)-\($0.lastLine)x\($0.occurrences)|\($0.lock ?? "")|\($0.message)" }
    }

    /// Feeds one input to the scanner in pieces that end every `linesPerChunk` lines, as ChunkReader would.
    static func scanInChunks(_ text: String, linesPerChunk: Int) -> [Finding] {
        var findings: [Finding] = []
        let catalog = TestSupport.catalog
        let scanner = InputScanner(name: "in.log", index: 0, catalog: catalog, prefilter: Prefilter(catalog: catalog),
                                   flagVersion: nil) { findings += $0.findings }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for start in stride(from: 0, to: lines.count, by: linesPerChunk) {
            let piece = lines[start..<min(lines.count, start + linesPerChunk)].joined(separator: "\n")
                + (start + linesPerChunk < lines.count ? "\n" : "")
            let bytes = Array(piece.utf8)
            guard !bytes.isEmpty else { continue }
            bytes.withUnsafeBufferPointer { scanner.feed(.lines($0), separator: 0x0A) }
        }
        _ = scanner.finish()
        return findings
    }

    @Test(arguments: matrix)
    func sameFindingsWhateverTheChunking(sample: String) {
        let text = Samples.text(sample)
        let whole = Self.describe(TestSupport.analyzer.analyze(text: text, name: "in.log").findings)
        #expect(!whole.isEmpty)
        for linesPerChunk in [1, 2, 3, 7, 64] {
            #expect(Self.describe(Self.scanInChunks(text, linesPerChunk: linesPerChunk)) == whole, "\(linesPerChunk) lines per chunk")
        }
    }

    @Test func sameReportWhateverTheParallelism() {
        let sources = Self.matrix.map { InputSource.file(Samples.path($0)) }
        let context = ReportContext(catalog: TestSupport.catalog, currentDirectory: "/")
        let serial = TestSupport.analyzer.analyze(sources, parallel: false)
        let parallel = TestSupport.analyzer.analyze(sources + [], parallel: true)
        #expect(Self.describe(serial.findings) == Self.describe(parallel.findings))
        #expect(JSONReporter().render(serial, context: context) == JSONReporter().render(parallel, context: context))
        // Runs are numbered through the inputs in argument order, whichever input finished first.
        #expect(serial.runs.map(\.id) == Array(1...serial.runs.count))
        #expect(serial.findings.map(\.inputIndex) == serial.findings.map(\.inputIndex).sorted())
    }

    /// The binary over a file, over a pipe (live), and in every streaming format: the same findings.
    @Test(arguments: matrix)
    func sameFindingsStreamedOrNot(sample: String) throws {
        let path = Samples.path(sample)
        let file = try TestSupport.run(["analyze", "--format", "json", path])
        let piped = try TestSupport.run(["analyze", "--format", "json", "--stdin-name", path], stdin: Samples.text(sample))
        let lines = try TestSupport.run(["analyze", "--format", "jsonl", path])
        #expect(file.status == 0 && piped.status == 0 && lines.status == 0)
        let fromFile = try Self.findings(json: file.stdout)
        #expect(try Self.findings(json: piped.stdout) == fromFile)
        let records = lines.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(records.last?["type"] as? String == "summary")
        #expect(records.dropLast().allSatisfy { $0["type"] as? String == "finding" && $0["host"] is String })
        #expect(records.dropLast().map(Self.key) == fromFile)
    }

    static func findings(json: String) throws -> [String] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        return (object["findings"] as? [[String: Any]] ?? []).map(key)
    }

    static func key(_ finding: [String: Any]) -> String {
        "\(finding["rule"] ?? "")@\(finding["line"] ?? "")x\(finding["occurrences"] ?? "")|\(finding["message"] ?? "")"
    }

    /// `journalctl -f | resticlint analyze`: the pipe stays open, yet a run's finding is printed as
    /// soon as its run closes.
    @Test(arguments: ["text", "jsonl"])
    func findingAppearsWhileThePipeStaysOpen(format: String) throws {
        let child = try LiveChildProcess(TestSupport.executable, ["analyze", "--format", format, "--stdin-name", "live.log"],
                                         environment: ["NO_COLOR": "1"])
        // A run that ends in its fatal error: it closes after a second of silence.
        child.write(MisfireContractTests.reproduction)
        let early = child.read(until: { $0.contains("breaker-misfire") }, timeout: 60)
        #expect(early, "no finding while the pipe was open: \(child.stdout)")
        // A second run, closed by nothing but --idle-close... which is not set: it comes at the end.
        child.write("restic 0.17.0 compiled with go1.22.5 on linux/amd64\nopen repository\n")
        child.closeInput()
        let end = child.finish()
        #expect(end.status == 0, "\(end.stderr)")
        #expect(child.stdout.contains(format == "text" ? "1 finding (1 error) in 2 runs" : "\"type\":\"summary\""))
    }

    @Test func idleCloseReportsARunWithoutAnEnd() throws {
        let child = try LiveChildProcess(TestSupport.executable, ["analyze", "--format", "jsonl", "--idle-close", "2s"])
        // No fatal error and no new run: only the silence closes it.
        child.write(MisfireContractTests.reproduction.split(separator: "\n").dropLast().joined(separator: "\n") + "\n"
            + "Load(<lock/5c0f3e6a1b>, 0, 0) returned error, retrying after 1.2s: Copy: unexpected EOF\n")
        let early = child.read(until: { $0.contains("\"rule\":\"lock-load-failed\"") }, timeout: 60)
        #expect(early, "no finding after the quiet period: \(child.stdout)")
        child.closeInput()
        #expect(child.finish().status == 0)
    }

    /// `--follow` reads what the file holds, what is appended, and the new file after a rotation; it
    /// ends on SIGTERM with the reports finished.
    @Test func followAcrossRotation() throws {
        let path = Spawned.path("followed.log")
        let misfire = MisfireContractTests.reproduction
        #expect(FileManager.default.createFile(atPath: path, contents: Data(misfire.utf8)))
        let child = try LiveChildProcess(TestSupport.executable, ["analyze", "--format", "jsonl", "--follow", path])
        #expect(child.read(until: { $0.contains("\"line\":6") }, timeout: 60), "first file: \(child.stdout)")
        // logrotate: the file is renamed away and a new one is written under the old name.
        #expect(rename(path, path + ".1") == 0)
        let again = "restic 0.17.0 compiled with go1.22.5 on linux/amd64\n" + misfire.split(separator: "\n").dropFirst().joined(separator: "\n") + "\n"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(again.utf8)))
        #expect(child.read(until: { $0.components(separatedBy: "\"rule\":\"breaker-misfire\"").count == 3 }, timeout: 60),
                "after rotation: \(child.stdout)")
        child.signal(SIGTERM)
        let end = child.finish()
        #expect(end.status == 0, "\(end.stderr)")
        let summary = child.stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(summary.contains("\"type\":\"summary\"") && summary.contains("\"runs\":2"), "\(summary)")
    }

    /// On a terminal, input that takes over a second shows a progress line on stderr; never otherwise.
    @Test func progressOnlyOnATerminal() throws {
        let log = Samples.path("cron-nightly-mixed-10-runs")
        let binary = TestSupport.executable.path
        // `script` gives the command a terminal; the input trickles in for 3.6 s, so blocks arrive after the
        // first second however slowly the binary starts.
        let command = "(for i in $(seq 12); do cat '\(log)'; sleep 0.3; done) | '\(binary)' analyze --format json > /dev/null"
        let onTerminal = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/script"), ["-qec", command, "/dev/null"])
        #expect(onTerminal.status == 0, "\(onTerminal.stderr)")
        #expect(onTerminal.stdout.contains("resticlint: <stdin>: ") && onTerminal.stdout.contains(" MB/s, "), "\(onTerminal.stdout)")
        #expect(onTerminal.stdout.contains("\r\u{1B}[K"), "the line is cleared before the end")
        let piped = try ChildProcess.run(URL(fileURLWithPath: "/bin/sh"), ["-c", command.replacingOccurrences(of: "> /dev/null", with: "")])
        #expect(piped.status == 0)
        #expect(!piped.stderr.contains("MB/s"))
        #expect(piped.stdout.hasPrefix("{"))
    }
}
