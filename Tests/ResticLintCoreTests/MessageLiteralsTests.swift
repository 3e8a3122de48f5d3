import Testing
@testable import ResticLintCore
@testable import ResticLintMatching
@testable import ResticLintPipeline

/// `MessageLiterals.select` offers exactly the patterns whose literals and further clauses a naive
/// search finds in the message (or, on non-ASCII text, every caseless pattern with a literal), so
/// its bit bookkeeping neither loses a pattern nor runs one for nothing.
@Suite struct MessageLiteralsTests {
    static func occurs(_ literal: String, in text: [UInt8], caseless: Bool) -> Bool {
        let needle = Array(literal.utf8).map { caseless ? LiteralAutomaton.fold($0) : $0 }
        let hay = caseless ? text.map(LiteralAutomaton.fold) : text
        guard !needle.isEmpty, needle.count <= hay.count else { return needle.isEmpty }
        return (0...(hay.count - needle.count)).contains { hay[$0..<$0 + needle.count].elementsEqual(needle) }
    }

    @Test func offersExactlyThePatternsANaiveSearchWants() throws {
        let patterns = TestSupport.catalog.rules.flatMap(\.patterns)
        let selection = MessageLiterals(patterns, markerLiterals: [], blockLiterals: [])
        let listed = ["unchanged /home/alice/error.log", "new       /srv/failed/Fatal-upload.txt", "modified  /x/lock/unable.go",
                      "unchanged /var/Übung/ERROR 429 slow down.txt"]
        var offered = 0
        for message in try LiteralClausesTests.projectMessages().union(listed) {
            let bytes = Array(message.utf8)
            let ascii = bytes.allSatisfy { $0 < 0x80 }
            let expected = Set(patterns.indices.filter { k in
                let pattern = patterns[k]
                func any(_ literals: [String]) -> Bool {
                    literals.contains { MessageLiteralsTests.occurs($0, in: bytes, caseless: pattern.caseInsensitive) }
                }
                guard pattern.literals.map(any) ?? true else { return false }
                return pattern.alsoRequired.allSatisfy(any) || (!ascii && pattern.caseInsensitive)
            })
            selection.select(message)
            #expect(Set(selection.candidates) == expected, "\(message.prefix(200))")
            offered += expected.count
        }
        #expect(offered > 1_000)
    }
}
