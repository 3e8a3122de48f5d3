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

    /// With `skippingListings`, a listing line is offered the same minus the patterns proved never to
    /// match it (`ListingFilter`), and any other message exactly the same. On ASCII a listing line may
    /// be offered nothing at all; then no pattern, run marker or block may match it.
    /// `recognise` runs the marker alternation when `restic` occurs (case-sensitive), and matches the
    /// block head and headless tail only when a block literal occurs: the selection's answers must
    /// hold wherever those do, on project messages and their case and prefix variants.
    @Test func resticAndBlockLiteralsAreFoundWhereverTheyMatter() throws {
        let patterns = TestSupport.catalog.rules.flatMap(\.patterns)
        let selection = MessageLiterals(patterns, markerLiterals: RunMarkerClassifier.messageLiterals, blockLiterals: EventClassifier.literals)
        let (head, tail) = (try PCRE2Regex(EventClassifier.blockHeadExpression), try PCRE2Regex(EventClassifier.headlessTailExpression))
        let data = MatchData()
        var (restic, blocks) = (0, 0)
        for message in try LiteralClausesTests.projectMessages() {
            for variant in [message, "restic-2.0.0 " + message, "Restic " + message, message.uppercased(), "x" + message.lowercased()] {
                var text = variant
                let found = text.withUTF8 { selection.select($0) }
                let holdsRestic = variant.containsBytes(MessageLiterals.restic)
                #expect(found.restic == holdsRestic, "\(variant.prefix(160))")
                if holdsRestic { restic += 1 }
                if try head.matches(variant, using: data) || tail.matches(variant, using: data) {
                    blocks += 1
                    #expect(found.blockLiteral, "a block starts without a block literal: \(variant.prefix(160))")
                }
            }
        }
        #expect(restic > 100 && blocks > 20)
    }

    @Test func skippingListingsLeavesOutOnlyWhatCannotMatch() throws {
        let patterns = TestSupport.catalog.rules.flatMap(\.patterns)
        let selection = MessageLiterals(patterns, markerLiterals: RunMarkerClassifier.messageLiterals, blockLiterals: EventClassifier.literals)
        let filter = ListingFilter(patterns, patternWords: (patterns.count + 63) / 64, markerLiterals: [], blockLiterals: [])
        let proved = Set(patterns.indices.filter { filter.excluded[$0 >> 6] & (1 << UInt64($0 & 63)) != 0 })
        let markers = RunMarkerClassifier()
        let matchData = MatchData()
        var skipped = 0, rejected = 0
        // Each literal any pattern or marker needs, as a path and between path parts.
        let literalPaths = Prefilter(catalog: TestSupport.catalog).literals.flatMap { ["/srv/\($0)/x.log", "/a_\($0)-b, saved in 0.010s (1 KiB added)"] }
        for message in try LiteralClausesTests.projectMessages().union(literalPaths) {
            for text in [message, "unchanged /srv/" + message, "new       /" + message, "modified  " + message] {
                let bytes = Array(text.utf8)
                let (full, fullFound) = bytes.withUnsafeBufferPointer { (Set(selection.candidates(of: $0)), selection.select($0)) }
                let excluded = ListingHeadTests.word(text) == nil ? [] : proved
                let skipping = bytes.withUnsafeBufferPointer { Set(selection.candidates(of: $0, skippingListings: true)) }
                #expect(skipping == full.subtracting(excluded), "\(text.prefix(200))")
                skipped += full.count - skipping.count
                guard bytes.allSatisfy({ $0 < 0x80 }) else { continue }
                let found = bytes.withUnsafeBufferPointer { selection.select($0, knownASCII: true, skippingListings: true) }
                if selection.candidates.isEmpty, !found.markerLiteral, !found.blockLiteral, !full.isEmpty || fullFound.markerLiteral {
                    rejected += 1
                    for k in full { #expect(try !patterns[k].matcher.matches(text, using: matchData), "\(patterns[k].name): \(text.prefix(200))") }
                    #expect(!bytes.withUnsafeBufferPointer { markers.mayMark($0) }, "\(text.prefix(200))")
                    #expect(!fullFound.blockLiteral, "\(text.prefix(200))")
                } else {
                    #expect(Set(selection.candidates) == skipping && found.markerLiteral == fullFound.markerLiteral
                            && found.blockLiteral == fullFound.blockLiteral, "\(text.prefix(200))")
                }
            }
        }
        #expect(skipped > 1_000)
        #expect(rejected > 50)
    }
}

private extension MessageLiterals {
    func candidates(of text: UnsafeBufferPointer<UInt8>, skippingListings: Bool = false) -> [Int] {
        select(text, skippingListings: skippingListings)
        return Array(candidates)
    }
}
