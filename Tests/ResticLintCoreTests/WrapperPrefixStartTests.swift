import Foundation
import Testing
@testable import ResticLintCore
@testable import ResticLintMatching
@testable import ResticLintPipeline

/// `WrapperPrefixParser.mayStart` skips the prefix match where it says no alternative can start;
/// it must never say so where the match succeeds, or a prefix would stay in the message.
@Suite struct WrapperPrefixStartTests {
    static let prefix = try! PCRE2Regex(WrapperPrefixParser.expression)

    /// Whether the loop in `strip` would peel a prefix at `offset`.
    static func peels(_ line: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        guard let match = try? prefix.firstMatch(in: line, from: offset, using: MatchData()) else { return false }
        return match.upperBound > offset
    }

    static func checkEveryOffset(_ line: [UInt8]) -> [Int] {
        line.withUnsafeBufferPointer { bytes in
            (0...bytes.count).filter { !WrapperPrefixParser.mayStart(bytes, at: $0) && peels(bytes, at: $0) }
        }
    }

    /// Pieces of every prefix shape, the restic text after them and near misses, joined at random.
    @Test func neverRejectsWherePrefixesMatch() {
        let pieces = ["Mar", "jan", "Jan.", "Févr.", " ", "  ", "2", "02", "04:00:05", ".123", "2024-03-02T04:00:05Z",
                      "2024/03/02 04:00:05", "[", "]", "<13>", "restic", "restic[4242]:", "systemd[1]: ", "host", "ERROR",
                      "Error", "error", "WARN", "Debug", "\t", ":", "::", "|", "-", " - ", "/", "@", "I0302", " 1 main.go:12] ",
                      "app.module", "##[error]", ">", "> ", "é", "_", ".", "unchanged", "/path/x", "x", "Z", "+01:00"]
        var random = FuzzRandom(seed: 5)
        var peeled = 0
        for _ in 0..<20_000 {
            let line = Array((0..<(1 + random.below(7))).map { _ in random.pick(pieces) }.joined().utf8)
            #expect(WrapperPrefixStartTests.checkEveryOffset(line).isEmpty, "\(String(decoding: line, as: UTF8.self).debugDescription)")
            if line.withUnsafeBufferPointer({ WrapperPrefixStartTests.peels($0, at: 0) }) { peeled += 1 }
        }
        #expect(peeled > 2_000, "the pieces must often make a prefix, or the check proves little")
    }

    @Test func neverRejectsWherePrefixesMatchInSamples() throws {
        let folder = TestSupport.samplesDirectory
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".log") {
            let text = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(name)"))
            for line in text.split(separator: UInt8(ascii: "\n")) {
                let missed = WrapperPrefixStartTests.checkEveryOffset(Array(line.prefix(300)))
                #expect(missed.isEmpty, "\(name): \(String(decoding: line, as: UTF8.self)) at \(missed)")
            }
        }
    }

    @Test func listingLinesAreRejectedWithoutAMatch() {
        for text in ["unchanged /home/alice/error.log", "new       /var/log/nginx/error.log", "modified /x", "+  /a"] {
            let line = Array(text.utf8)
            #expect(!line.withUnsafeBufferPointer { WrapperPrefixParser.mayStart($0, at: 0) }, "\(text)")
        }
    }
}
