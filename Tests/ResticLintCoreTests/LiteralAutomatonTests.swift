import Testing
@testable import ResticLintCore
@testable import ResticLintMatching
@testable import ResticLintPipeline

@Suite struct LiteralAutomatonTests {
    /// Overlapping literals, shared prefixes and suffixes, mixed case sensitivity: the automaton must
    /// report exactly what a naive search per literal finds, on many random texts over their letters.
    @Test func agreesWithNaiveSearch() {
        let literals: [LiteralAutomaton.Literal] = [
            ("error", true), ("Error", false), ("err", false), ("rror: ", true), ("failed", true), ("ailed with", false),
            ("Load(<", false), ("load", false), ("ad(<lo", false), ("xit", true), ("exit code", true), ("a", false),
            ("i", true), ("é", true),
        ].map { LiteralAutomaton.Literal(bytes: Array($0.0.utf8), caseless: $0.1) }
        let automaton = LiteralAutomaton(literals)
        var random = FuzzRandom(seed: 11)
        // Bytes in no literal and the neighbours of the letter ranges (`@`, `[`, `` ` ``, `{`), a
        // control byte and UTF-8 bytes too (0xE1, 0xE5 and 0xE9 are `a`, `e` and `i` with the high bit
        // set): the table is indexed by the raw byte.
        let alphabet = Array("erorERORfailedFAILEDwith Load(<lxitXIT:c@[`{Z".utf8) + [0x00, 0x0A, 0xC3, 0xA9, 0xE1, 0xE5, 0xE9, 0xFF]
        // Up to three times `splitLength`: texts that long are walked as two halves in step.
        for round in 0..<6000 {
            let text = (0..<random.below(round < 2000 ? 40 : 3 * LiteralAutomaton.splitLength)).map { _ in random.pick(alphabet) }
            LiteralAutomatonTests.expectNaiveAnswers(automaton, literals, text)
        }
    }

    /// Long literals straddling the middle of texts long enough to be split, at every offset: the
    /// first half's walk must go on past the middle exactly as long as one begun before it may end.
    @Test func findsLiteralsAcrossTheMiddleOfASplitText() {
        let literals: [LiteralAutomaton.Literal] = [
            ("Warning: at least one source file could not be read", false), ("repository is already locked", true),
            ("lock", true), ("locked by", false), ("ready", true),
        ].map { LiteralAutomaton.Literal(bytes: Array($0.0.utf8), caseless: $0.1) }
        let automaton = LiteralAutomaton(literals)
        var random = FuzzRandom(seed: 5)
        let filler = Array("/home/alice/projects/x_y-z.txt REPOSITORY IS ALREADY ".utf8)
        for length in LiteralAutomaton.splitLength - 2...LiteralAutomaton.splitLength * 2 + 3 {
            for literal in literals where literal.bytes.count <= length {
                for at in 0...(length - literal.bytes.count) {
                    var text = (0..<length).map { _ in random.pick(filler) }
                    text.replaceSubrange(at..<at + literal.bytes.count, with: literal.bytes)
                    // A partial copy of the literal just before it: the walk is deep at the middle.
                    if at >= 6 { text.replaceSubrange(at - 6..<at, with: literal.bytes.prefix(6)) }
                    LiteralAutomatonTests.expectNaiveAnswers(automaton, literals, text)
                }
            }
        }
    }

    /// Leaving out every literal that implies another (`ListingFilter`) keeps `containsAny`'s answer,
    /// on texts built from pieces of the literals in both cases; a case-sensitive literal implies
    /// neither a longer one nor one of another case.
    @Test func literalsImplyingOthersChangeNoAnswer() {
        let literals: [LiteralAutomaton.Literal] = [
            ("unable to ", true), ("unable to create lock", true), ("Unable to create", false), ("Fatal: ", false),
            ("Fatal: failed to refresh", false), ("fatal: failed", true), ("exit_error", true), ("xit", true),
            ("Load(<", false), ("Load(<lock/", false), ("load(<lock/", false), ("restic ", false), ("restic ", true),
            ("Failed with result", true), ("failed with result", true), ("failed with result", false),
        ].map { LiteralAutomaton.Literal(bytes: Array($0.0.utf8), caseless: $0.1) }
        func literal(_ text: String, _ caseless: Bool) -> LiteralAutomaton.Literal { .init(bytes: Array(text.utf8), caseless: caseless) }
        #expect(literal("unable to create lock", true).implies(literal("unable to ", true)))
        #expect(literal("Unable to create", false).implies(literal("unable to ", true)))
        #expect(!literal("unable to create lock", true).implies(literal("Unable to ", false)))
        #expect(!literal("Load(<", false).implies(literal("Load(<lock/", false)))
        #expect(!literal("load(<lock/", false).implies(literal("Load(<", false)))
        #expect(literal("restic ", false).implies(literal("restic ", true)) && !literal("restic ", true).implies(literal("restic ", false)))
        // Two caseless spellings of one literal imply each other: one is kept.
        #expect(LiteralAutomaton.withoutImplied([literal("Failed with result", true), literal("failed with result", true)]).count == 1)
        let kept = LiteralAutomaton.withoutImplied(literals)
        #expect(kept.count < literals.count - 4)
        let whole = LiteralAutomaton(literals), pruned = LiteralAutomaton(kept)
        var random = FuzzRandom(seed: 3)
        let pieces = literals.flatMap { [$0.bytes, $0.bytes.map { $0 ^ ($0 &- 65 < 26 || $0 &- 97 < 26 ? 0x20 : 0) }] }
            + [Array("/home/".utf8), Array(" ".utf8), Array("e".utf8)]
        for _ in 0..<3000 {
            var text = (0..<random.below(6)).flatMap { _ in random.pick(pieces) }
            if !text.isEmpty, random.below(2) == 0 { text.remove(at: random.below(text.count)) }
            #expect(text.withUnsafeBufferPointer { whole.containsAny($0) == pruned.containsAny($0) }, "\(String(decoding: text, as: UTF8.self))")
        }
    }

    private static func expectNaiveAnswers(_ automaton: LiteralAutomaton, _ literals: [LiteralAutomaton.Literal], _ text: [UInt8]) {
        var present = LiteralBits(capacity: literals.count)
        text.withUnsafeBufferPointer { automaton.scan($0, into: &present) }
        var any = false
        for (id, literal) in literals.enumerated() {
            let naive = naiveContains(text, literal)
            any = any || naive
            #expect(present.contains(id) == naive, "\(String(decoding: text, as: UTF8.self)) / \(String(decoding: literal.bytes, as: UTF8.self))")
        }
        #expect(text.withUnsafeBufferPointer { automaton.containsAny($0) } == any, "\(String(decoding: text, as: UTF8.self))")
    }

    @Test func selectsOnlyPatternsWhoseLiteralsOccur() {
        let patterns = TestSupport.catalog.rules.flatMap(\.patterns)
        let selection = MessageLiterals(patterns, markerLiterals: [], blockLiterals: [])
        selection.select("unchanged /home/alice/projects/error-tracker/src/file_1.go")
        let names = selection.candidates.map { patterns[$0].name }
        #expect(names.contains("error_word"))
        #expect(!names.contains("breaker_open") && !names.contains("vanished_lock"))
    }

    private static func naiveContains(_ text: [UInt8], _ literal: LiteralAutomaton.Literal) -> Bool {
        func fold(_ byte: UInt8) -> UInt8 { literal.caseless ? LiteralAutomaton.fold(byte) : byte }
        let needle = literal.bytes.map(fold)
        guard needle.count <= text.count else { return false }
        for start in 0...(text.count - needle.count) where needle.indices.allSatisfy({ fold(text[start + $0]) == needle[$0] }) {
            return true
        }
        return false
    }
}
