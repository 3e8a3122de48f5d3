import Foundation
import Testing
@testable import ResticLintCore
@testable import ResticLintMatching
@testable import ResticLintPipeline

/// `CommonPrefix` reads the commonest wrapper prefixes on bytes instead of running the alternation;
/// wherever it answers, the alternation must match the same bytes with the same captures.
@Suite struct CommonPrefixTests {
    static let prefix = try! PCRE2Regex(WrapperPrefixParser.expression)
    static let groups = Dictionary(prefix.captureNames.map { ($0.name, $0.index) }, uniquingKeysWith: { a, _ in a })

    /// The offsets where `CommonPrefix` answers, each checked against the regex.
    static func check(_ line: [UInt8]) -> Int {
        line.withUnsafeBufferPointer { bytes in
            var answered = 0
            for offset in 0...bytes.count {
                guard let read = CommonPrefix.read(bytes, at: offset) else { continue }
                answered += 1
                let matchData = MatchData()
                let text = String(decoding: bytes, as: UTF8.self).debugDescription
                guard let match = try? prefix.firstMatch(in: bytes, from: offset, using: matchData) else {
                    Issue.record("\(text) at \(offset): read a prefix the regex does not match")
                    continue
                }
                #expect(match.upperBound == read.end, "\(text) at \(offset)")
                // `plainMessage` skips the special-byte test over a prefix read here.
                #expect(bytes[offset..<read.end].allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "{") }, "\(text) at \(offset)")
                let captures: [(String, Range<Int>?)] = [("month", read.month), ("day", read.day), ("time", read.time),
                                                        ("process", read.process), ("pid", read.pid), ("iso", read.iso),
                                                        ("container", read.container)]
                for (name, range) in captures {
                    #expect(prefix.captureRange(groups[name]!, in: matchData) == range, "\(text) at \(offset): \(name)")
                }
            }
            return answered
        }
    }

    /// Pieces of the three shapes, their near misses and what may follow them, joined at random.
    @Test func agreesWithTheAlternationOnRandomJoins() {
        let pieces = ["Apr", "Sept", "apr", "Apr.", " ", "  ", "\t", "01", "1", "2024", "-", "/", "T", "02:55:04", "02:55:045", ".123",
                      ",5", ".", "Z", "+00:00", "-0700", "+02", " UTC", "UNCH", "host", "my-host.lan", "restic", "restic[4242]:",
                      "[", "]", ":", "]:", "4242", "12345678901", "backup-1", "restic_backup_1", "|", " | ", "::", " - ",
                      "unchanged", "/srv/x", "Error", "é", "@", "_", "x", "<13>", "I0302"]
        var random = FuzzRandom(seed: 17)
        var answered = 0
        for _ in 0..<20_000 {
            let line = Array((0..<(1 + random.below(9))).map { _ in random.pick(pieces) }.joined().utf8)
            answered += CommonPrefixTests.check(line)
        }
        #expect(answered > 500, "the pieces must often make a readable prefix, or the check proves little")
    }

    /// `messageOffset` remembers the last line's first prefix (`FirstPrefixMemo`); over runs of lines
    /// that share prefixes up to a byte, one parser must answer as a fresh one does for each line.
    @Test func theRememberedFirstPrefixAnswersAsAFreshReading() {
        let heads = ["Apr 01 02:55:04 pve restic[50507]:", "Apr 01 02:55:04 pve restic[50507]: ", "Abc 01 02:55:04 pve restic[5]: ",
                     "Apr 31 02:55:04 pve restic[5]: ", "2024-04-01T02:55:04+02:00 ", "2024-04-01T02:55:04.5Z ", "2024-13-01T02:55:04 ",
                     "backup-1  | ", "backup-1  |", "restic_backup_1  | ", "Backup  | "]
        let tails = ["unchanged /srv/error.log", "Unchanged /x", "/x", " x", "", "x", "|", "2024-04-01T02:55:04 new /x", "backup-1  | y",
                     "Apr 01 02:55:04 h restic[1]: z", "[x] y", "é"]
        var random = FuzzRandom(seed: 23)
        let remembering = WrapperPrefixParser()
        var lines = 0
        for _ in 0..<20_000 {
            var head = Array(random.pick(heads).utf8)
            if random.chance(4) { head[random.below(head.count)] = random.pick(Array("0 :|aZ/".utf8)) }
            if random.chance(6) { head.removeLast(random.below(head.count)) }
            for _ in 0..<(1 + random.below(4)) {
                let line = head + Array(random.pick(tails).utf8)
                let (kept, fresh) = line.withUnsafeBufferPointer { (remembering.messageOffset($0).offset, WrapperPrefixParser().messageOffset($0).offset) }
                #expect(kept == fresh, "\(String(decoding: line, as: UTF8.self).debugDescription)")
                lines += 1
            }
        }
        #expect(lines > 40_000)
    }

    @Test func agreesWithTheAlternationOnTheCommonShapes() {
        let lines = ["Apr 01 02:55:04 pve restic[50507]: unchanged /srv/error.log", "Apr 01 02:55:04 pve restic[50507]:x",
                     "2026-04-01T02:55:04+00:00 unchanged /home/x", "2026-04-01 02:55:04.123Z /x", "2026-04-01T02:55:04 UNCH x",
                     "backup-1  | new       /x", "restic_backup_1  |x", "Apr 01 02:55:04 pve sub restic[5]: x"]
        var answered = 0
        for line in lines { answered += CommonPrefixTests.check(Array(line.utf8)) }
        #expect(answered >= 5)
    }

    @Test func agreesWithTheAlternationInSamples() throws {
        let folder = TestSupport.samplesDirectory
        var answered = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".log") {
            let text = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(name)"))
            for line in text.split(separator: UInt8(ascii: "\n")) { answered += CommonPrefixTests.check(Array(line.prefix(300))) }
        }
        #expect(answered > 100)
    }

    /// The bit-mask classes are the regex's byte classes on every byte (bytes from 0x80 up are never
    /// members: the readers treat non-ASCII as ending a name, and the regex then decides).
    @Test func byteClassesAreTheRegexClasses() throws {
        for (byteClass, expression) in [(ByteClass.host, #"\A[\w.-]\z"#), (ByteClass.process, #"\A[\w./@-]\z"#)] {
            let regex = try PCRE2Regex(expression)
            for b in 0..<128 {
                let matches = [UInt8(b)].withUnsafeBufferPointer { (try? regex.firstMatch(in: $0, using: MatchData())) != nil }
                #expect(byteClass.contains(UInt8(b)) == matches, "\(expression) \(b)")
            }
            #expect(!(128..<256).contains { byteClass.contains(UInt8($0)) })
        }
    }
}
