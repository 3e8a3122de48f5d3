import Foundation
import Testing
@testable import ResticLintCore
import ResticFormats
@testable import ResticLintPipeline

@Suite struct IngestTests {
    /// Runs the scanner over `text` through a pipe read in tiny chunks, so every line straddles reads.
    private func scanThroughPipe(_ bytes: [UInt8], capacity: Int) throws -> (lines: Int, chunks: [[UInt8]]) {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let writeEnd = fds[1]
        let writer = Thread {
            bytes.withUnsafeBytes { _ = write(writeEnd, $0.baseAddress, $0.count) }
            close(writeEnd)
        }
        writer.start()
        let reader = ChunkReader(fd: fds[0], name: "pipe", capacity: capacity)
        var chunks: [[UInt8]] = []
        try reader.forEachChunk { chunk in
            switch chunk {
            case .lines(let b): chunks.append(Array(b))
            case .overlongLineHead(let b): chunks.append(Array(b) + [0xFF])
            }
        }
        close(fds[0])
        let lines = chunks.reduce(0) { $0 + $1.filter { $0 == 0x0A }.count }
        return (lines, chunks)
    }

    @Test func chunksEndOnLineBoundaries() throws {
        let text = (1...200).map { "line \($0) " + String(repeating: "x", count: $0 % 37) }.joined(separator: "\n") + "\n"
        let (lines, chunks) = try scanThroughPipe(Array(text.utf8), capacity: 64)
        #expect(lines == 200)
        #expect(chunks.dropLast().allSatisfy { $0.last == 0x0A })
        #expect(chunks.flatMap { $0 } == Array(text.utf8))
    }

    @Test func overlongLineIsCutAndSkipped() throws {
        let text = "short\n" + String(repeating: "y", count: 1000) + "\nafter\n"
        let (_, chunks) = try scanThroughPipe(Array(text.utf8), capacity: 64)
        #expect(chunks.first == Array("short\n".utf8))
        #expect(chunks.contains { $0.last == 0xFF && $0.count == 65 })
        #expect(chunks.last == Array("after\n".utf8))
    }

    @Test func lineCountsMatchInputWhateverTheEnding() {
        for (text, expected) in [("", 0), ("\n", 1), ("\n\n\n", 3), ("a", 1), ("a\nb", 2), ("a\r\nb\r\n", 2), ("a\rb\rc\r", 3)] {
            let report = TestSupport.analyzer.analyze(text: text)
            #expect(report.stats.lines == expected, "\(text.debugDescription)")
        }
    }

    @Test func lineNumbersAreExactAroundSkippedLines() throws {
        var text = (1...1000).map { "new       /home/alice/file\($0).txt, saved in 0.001s (1 KiB added)" }
        text[499] = "unable to create lock in backend: circuit breaker open for file <lock/798ffec919>"
        let report = TestSupport.analyze(text.joined(separator: "\r\n"), version: "0.17.0")
        #expect(report.findings.first?.line == 500)
        #expect(report.stats.lines == 1000)
    }

    @Test func wrapperPrefixesArePeeled() {
        let parser = WrapperPrefixParser()
        let cases: [(String, String, Int?)] = [
            ("Mai 01 13:32:25 host restic[5452]: open repository", "open repository", 5452),
            ("Aug 21 02:00:01 nas restic[77]: Fatal: x", "Fatal: x", 77),
            ("2024-08-21T02:00:01+02:00 open repository", "open repository", nil),
            ("backup-1  | open repository", "open repository", nil),
            ("2023-12-08 14:32:49,351 :: ERROR :: open repository", "open repository", nil),
            ("[restic] open repository", "open repository", nil),
            ("backup-1  | 2024-08-21T02:00:01Z [restic] open repository", "open repository", nil),
        ]
        for (line, message, pid) in cases {
            var text = Substring(line)
            let prefix = parser.strip(&text)
            #expect(text == message[...], "\(line)")
            #expect(prefix.pid == pid)
        }
    }

    @Test func timestampsAreRead() {
        var text = Substring("Aug 21 02:00:01 nas restic[77]: x")
        let syslog = WrapperPrefixParser().strip(&text)
        #expect(syslog.timestamp?.hasYear == false)
        var iso = Substring("2024-08-21 02:00:01,351 :: INFO :: x")
        let isoPrefix = WrapperPrefixParser().strip(&iso)
        #expect(isoPrefix.timestamp == WallClock(year: 2024, month: 8, day: 21, hour: 2, minute: 0, second: 1))
    }

    @Test func ansiCodesAndInvalidUTF8AreHandled() {
        let normalizer = LineNormalizer()
        var bytes = Array("\u{1B}[31mFatal: boom\u{1B}[0m".utf8)
        let coloured = bytes.withUnsafeBufferPointer { normalizer.normalize($0) }
        #expect(coloured.messages == ["Fatal: boom"])
        bytes = [0x46, 0x61, 0x74, 0x61, 0x6C, 0x3A, 0x20, 0xFF, 0xFE, 0x0D]
        let broken = bytes.withUnsafeBufferPointer { normalizer.normalize($0) }
        #expect(broken.messages.first?.hasPrefix("Fatal: ") == true)
    }

    @Test func jsonMessagesAreDecodedEvenAfterText() {
        let normalizer = LineNormalizer()
        let line = #"2025-11-28T01:00:01Z {"message_type":"exit_error","code":11,"message":"unable to create lock in backend: repository is already locked by PID 9454 on 975f84afb80e by root (UID 0, GID 0)\nlock was created at 2025-11-28 01:00:01 (12.480720222s ago)\nstorage ID 05b36c59\nthe `unlock` command can be used to remove stale locks"}"#
        let normalized = Array(line.utf8).withUnsafeBufferPointer { normalizer.normalize($0) }
        #expect(normalized.messages.count == 4)
        #expect(normalized.messages[0].hasSuffix("(UID 0, GID 0) (exit code 11)"))
        #expect(normalized.messages[2] == "storage ID 05b36c59")
    }
}

@Suite struct RunSplittingTests {
    @Test func bannersCommandsAndOpenRepositoryMakeOneRunEach() {
        let day = """
            + restic -r b2:bucket:repo backup /home
            restic 0.17.0 compiled with go1.22.5 on linux/amd64
            open repository
            snapshot 1a2b3c4d saved
            """
        let log = Array(repeating: day, count: 30).joined(separator: "\n")
        let report = TestSupport.analyze(log)
        #expect(report.runs.count == 30)
        #expect(report.runs.allSatisfy { $0.command == "backup" && $0.version.exact == ResticVersion(0, 17, 0) })
    }

    @Test func journaldPidsSeparateInterleavedProcesses() {
        let report = TestSupport.analyze("""
            Aug 21 02:00:01 nas restic[100]: open repository
            Aug 21 02:00:01 nas restic[200]: open repository
            Aug 21 02:00:02 nas restic[100]: Load(<lock/91b9421fff>, 0, 0) failed: b2_download_file_by_name: 404: File with such name does not exist.
            Aug 21 02:00:02 nas restic[200]: unable to create lock in backend: circuit breaker open for file <lock/798ffec919>
            """, version: "0.17.0")
        #expect(report.runs.count == 2)
        // The vanished lock is in another process, so this cannot be proven a misfire of run 2 by it.
        let misfire = report.findings.first { $0.rule == "breaker-misfire" }
        #expect(misfire?.relatedLocks == [])
    }

    @Test func fatalErrorEndsARunAndTimeGapsSplit() {
        let report = TestSupport.analyze("""
            2024-08-21T02:00:00Z open repository
            2024-08-21T02:00:01Z unable to create lock in backend: circuit breaker open for file <lock/798ffec919>
            2024-08-21T02:00:02Z the `unlock` command can be used to remove stale locks
            2024-08-21T02:00:03Z Load(<lock/91b9421fff>, 0, 0) failed: b2_download_file_by_name: 404: File with such name does not exist.
            2024-08-22T02:00:03Z Load(<lock/91b9421fff>, 0, 0) failed: b2_download_file_by_name: 404: File with such name does not exist.
            """)
        #expect(report.runs.map(\.startLine) == [1, 4, 5])
    }

    @Test func versionEvidenceKinds() {
        #expect(TestSupport.analyze("/opt/restic-0.17.1 -r /srv/repo backup /home\nopen repository\n").runs[0].version
                == .path(ResticVersion(0, 17, 1), line: 1))
        #expect(TestSupport.analyze("open repository\n", version: "0.16.4").runs[0].version == .flag(ResticVersion(0, 16, 4)))
        #expect(TestSupport.analyze("open repository\nlock repository\n").runs[0].version.value == "<0.17.0")
    }
}
