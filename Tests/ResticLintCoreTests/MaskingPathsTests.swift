import ResticFormats
import Testing
@testable import ResticLintModel

/// Durations are masked, and fingerprint texts normalised, on bytes for ASCII text and by the
/// Unicode reference for everything else: both ways must give the same text.
@Suite struct MaskingPathsTests {
    static func texts(seed: UInt64, count: Int) -> [String] {
        var random = Xoshiro256StarStar(seed: seed)
        return (0..<count).map { _ in
            var text = ""
            for _ in 0..<random.below(10) {
                text += ErrorClassTests.fragments[random.below(ErrorClassTests.fragments.count)]
                text += ErrorClassTests.separators[random.below(ErrorClassTests.separators.count)]
            }
            return text
        }
    }

    @Test func durationsMaskAlike() {
        for text in Self.texts(seed: 5, count: 4000) + ["1µs 2μs", "é1s", "1s é"] {
            #expect(GoDuration.masked(text) == GoDuration.maskedByScalars(text), "\(text.debugDescription)")
        }
    }

    @Test func fingerprintTextsNormaliseAlike() {
        for text in Self.texts(seed: 7, count: 4000) + ["a\u{85}b 1s", "  x\u{A0} 2ms "] {
            #expect(Fingerprints.normalized(text) == Fingerprints.normalizedByCharacters(text), "\(text.debugDescription)")
        }
    }
}
