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
        for _ in 0..<2000 {
            let text = (0..<random.below(40)).map { _ in random.pick(alphabet) }
            var present = LiteralBits(capacity: literals.count)
            text.withUnsafeBufferPointer { automaton.scan($0, into: &present) }
            for (id, literal) in literals.enumerated() {
                #expect(present.contains(id) == LiteralAutomatonTests.naiveContains(text, literal), "\(String(decoding: text, as: UTF8.self)) / \(String(decoding: literal.bytes, as: UTF8.self))")
            }
        }
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
