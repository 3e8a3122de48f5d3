import Testing
@testable import ResticLintMatching

/// A required literal decides which lines the buffer prefilter drops and which patterns never run,
/// so every match must contain one of a pattern's literals.
@Suite struct RequiredLiteralsTests {
    @Test func aGroupThatMatchesOnceContinuesTheRunBeforeIt() {
        #expect(RequiredLiterals.extract(from: #"Load\(<(?<handle>lock/(?:[0-9a-f]{1,64}|<x>))>, \d+"#) == ["Load(<lock/"])
        #expect(RequiredLiterals.extract(from: #"(?<what>Fatal: failed to refresh lock in time)"#) == ["Fatal: failed to refresh lock in time"])
        #expect(RequiredLiterals.extract(from: #"(?<what>unable to refresh: [^\n]*)"#) == ["unable to refresh: "])
        #expect(RequiredLiterals.extract(from: #"ab(?:cd)(?>ef)(?'n'g\.h)(?P<m>ij)k+l"#) == ["abcdefg.hijk"])
        #expect(RequiredLiterals.extract(from: #"Load\(<(?<h>lo?ck/)"#) == ["Load(<l"])
    }

    @Test func groupsThatMayNotMatchOnceEndTheRun() {
        #expect(RequiredLiterals.extract(from: #"Load\(<(?<h>lock|data)/"#) == ["Load(<"])
        #expect(RequiredLiterals.extract(from: #"Load\(<(?<h>lock/)?x"#) == ["Load(<"])
        #expect(RequiredLiterals.extract(from: #"Load\(<(?:lock/)+x"#) == ["Load(<"])
        #expect(RequiredLiterals.extract(from: #"Load\(<(?<=<)lock"#) == ["Load(<"])
        #expect(RequiredLiterals.extract(from: #"Load\(<(?=lock/)lo"#) == ["Load(<"])
        #expect(RequiredLiterals.extract(from: #"Load\(<(?i)lock/"#) == ["Load(<"])
        #expect(RequiredLiterals.extract(from: #"Load\(<(?|(lock)|(data))/"#) == ["Load(<"])
    }

    /// Adversarial group shapes over a tiny alphabet, so random subjects match often.
    @Test(arguments: [
        #"abc(?<x>ab?c)a"#, #"ab(?:cb)(?>a)c"#, #"(?<x>abca)"#, #"ab(?<x>ca(?:c|a))b"#, #"abc(?<x>a\.)"#,
        #"abc(?<x>b+c)a"#, #"abca(?:b)?c"#, #"abca(?=c)cab|ba(?<x>abc)"#, #"a(?<x>bc)*abca"#, #"ab(?'y'c)a(?P<z>bc)"#,
    ])
    func everyMatchHoldsALiteral(_ pattern: String) throws {
        let literals = try #require(RequiredLiterals.extract(from: pattern))
        let alphabet = Array("abc.")
        var random = FuzzRandom(seed: 31)
        let regex = try PCRE2Regex(pattern)
        var matched = 0
        for _ in 0..<4000 {
            let subject = String((0..<random.below(12)).map { _ in random.pick(alphabet) })
            guard try regex.matches(subject, using: MatchData()) else { continue }
            matched += 1
            #expect(literals.contains { subject.contains($0) }, "\(pattern) matches \(subject.debugDescription) without any of \(literals)")
        }
        #expect(matched > 0, "\(pattern) never matched: the check proved nothing")
    }
}
