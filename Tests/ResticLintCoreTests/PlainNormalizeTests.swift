import Foundation
import Testing
@testable import ResticLintCore
@testable import ResticLintMatching
@testable import ResticLintPipeline

/// A line `plainLine` accepts is normalized from what that reading found (`normalize(_: PlainLine)`)
/// instead of reading its prefixes again: the result must be what the full path gives for the same
/// line, on a normalizer that saw the lines before (its prefix memos) and on a fresh one.
@Suite struct PlainNormalizeTests {
    static func same(_ a: NormalizedLine, _ b: NormalizedLine) -> Bool {
        a.prefix == b.prefix && a.hasPrefix == b.hasPrefix && a.width == b.width && a.parts.count == b.parts.count
            && zip(a.parts, b.parts).allSatisfy { $0.text == $1.text && $0.prefix == $1.prefix }
    }

    /// Feeds `lines` in order through one normalizer as the scanner does; returns how many were plain.
    static func check(_ lines: [[UInt8]], _ normalizer: LineNormalizer) -> Int {
        var plain = 0
        for line in lines {
            line.withUnsafeBufferPointer { bytes in
                guard let read = normalizer.plainLine(bytes) else { return }
                plain += 1
                let fast = normalizer.normalize(read), full = LineNormalizer().normalize(bytes)
                #expect(same(fast, full), "\(String(decoding: bytes, as: UTF8.self).debugDescription)")
                #expect(same(normalizer.normalize(bytes), full))
            }
        }
        return plain
    }

    @Test func equalsTheFullPathOnProjectLines() throws {
        let lines = try ClassifierMatchOnceTests.projectLines().map { Array($0.utf8) }
        #expect(PlainNormalizeTests.check(lines, LineNormalizer()) > 1_000)
    }

    /// Prefixes of every shape (the bytes-read ones, the regex ones, nested, with PIDs and names in
    /// every round, yearless stamps under ones with a year) with near misses, before every kind of
    /// message; runs of lines share heads, so the first-prefix memo answers for many.
    @Test func equalsTheFullPathOnRandomLines() {
        let heads = ["Apr 01 02:55:04 pve restic[50507]: ", "Apr 01 02:55:04 pve restic[50507]:", "Mar  1 03:05:18 host sub[7]: ",
                     "Apr 01 02:55:04 host restic: ", "2024-04-01T02:55:04+02:00 ", "2024-04-01T02:55:04.5Z ", "[2024-04-01 02:55:04] ",
                     "2024-04-01 02:55:04,123 - ", "restic_backup_1  | ", "backup-1  |", "restic[42]: ", "host restic[9]: ",
                     "I0302 04:00:05.123456    1 main.go:12] ", "04:00:05.123Z\t", "[backup] ", "INFO: ", "ERROR ", "> ",
                     "##[error]", "<13>Apr 01 02:55:04 pve restic[1]: ", "Apr 01 02:55:04 pve restic[12345678901]: ", ""]
        let messages = ["Load(<data/0ccaa4fa36>, 0, 0) returned error, retrying after 962.935549ms: unexpected EOF",
                        "Save(<lock/1234>) operation successful after 2 retries", "unchanged /srv/error.log", "Fatal: wrong password",
                        "{\"message_type\":\"status\",\"percent_done\":0.5}", "x", "", "error: a=\"b\"", "a\rb", "caf\u{e9} failed",
                        "\u{1B}[31merror\u{1B}[0m", "{\"log\":\"Fatal: x\\n\",\"time\":\"2024-04-01T02:55:04Z\"}"]
        var random = FuzzRandom(seed: 31)
        var lines: [[UInt8]] = []
        for _ in 0..<6_000 {
            var head = Array((0..<(1 + random.below(3))).map { _ in random.pick(heads) }.joined().utf8)
            if random.chance(5), !head.isEmpty { head[random.below(head.count)] = random.pick(Array("0 :|aZ/[]".utf8)) }
            for _ in 0..<(1 + random.below(3)) { lines.append(head + Array(random.pick(messages).utf8)) }
        }
        #expect(PlainNormalizeTests.check(lines, LineNormalizer()) > 5_000)
    }
}
