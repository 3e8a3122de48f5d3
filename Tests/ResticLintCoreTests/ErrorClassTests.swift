import Foundation
import ResticFormats
import Testing
@testable import ResticLintCore
@testable import ResticLintPipeline

/// The error class has a byte path for ASCII text and the Unicode reference for everything else;
/// aggregation must not depend on which one ran.
@Suite struct ErrorClassTests {
    /// Pieces that exercise every rule: paths, hex IDs, counts, durations (compound, fractional, at
    /// word edges), punctuation around numbers, every ASCII whitespace.
    static let fragments = [
        "Get", "https://x/data/ab/abcdef0123:", "503", "after", "1.5s", "12ms", "1h2m3.5s", "3m", "10ns", "7us",
        "0123456789abcdef", "abcdef", "ABCDEF01", "12345", "123", "deadbeef.", "(1.2s)", "1.2s,", "x1s", "1s_",
        "5.s", "2.5", "v0.17.1", "load(<lock/91b9421fff>,", "0,", "0)", "retrying", "EOF", "a_b", "4m0s:", "-1s",
        "1.2.3s", "99h", "\"1s\"", "[7ms]", "ids:", "ab12cd34ef", "fffff", "000000", ":", ".", "/", "_1s", "1sx",
    ]
    static let separators = [" ", "  ", "\t", "\n", "\r\n", "\u{0B}", "\u{0C}", "\r", ""]

    @Test func theASCIIPathEqualsTheReference() {
        var random = Xoshiro256StarStar(seed: 11)
        for _ in 0..<4000 {
            var text = ""
            for _ in 0..<random.below(10) {
                text += Self.fragments[random.below(Self.fragments.count)]
                text += Self.separators[random.below(Self.separators.count)]
            }
            #expect(ErrorClass.of(text) == ErrorClass.unicode(text), "\(text.debugDescription)")
        }
    }

    @Test func everySampleLineClassesAlike() throws {
        let folder = TestSupport.samplesDirectory
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".log") {
            let text = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
            for line in text.split(separator: "\n") where line.utf8.allSatisfy({ $0 < 0x80 }) {
                #expect(ErrorClass.of(String(line)) == ErrorClass.unicode(String(line)), "\(name): \(line)")
            }
        }
    }

    @Test func nonASCIITakesTheReference() {
        #expect(ErrorClass.of("Zeitüberschreitung nach 1.5s") == "Zeitüberschreitung nach <duration>")
        #expect(ErrorClass.of("wait 3µs then") == "wait <duration> then")
    }
}
