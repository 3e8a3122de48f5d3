import Foundation
import Testing
@testable import ResticLintCore
@testable import ResticLintMatching
@testable import ResticLintPipeline

/// `MessageLiterals` reuses a selection made for the same literal set (`SelectionMemo`): over
/// messages that repeat literal sets in every order, with every flag, a remembering selection must
/// offer what one that selects afresh each time offers, with the same marker and block answers.
@Suite struct SelectionMemoTests {
    @Test func aRememberedSelectionIsTheFreshOne() throws {
        let patterns = TestSupport.catalog.rules.flatMap(\.patterns)
        func literals(remembering: Bool) -> MessageLiterals {
            MessageLiterals(patterns, markerLiterals: RunMarkerClassifier.messageLiterals, blockLiterals: EventClassifier.literals,
                            remembering: remembering)
        }
        let (remembering, fresh) = (literals(remembering: true), literals(remembering: false))
        // Project messages, and restic's retry lines with other hashes and times (same literal sets),
        // a non-ASCII variant (a caseless pattern's clauses hold on ASCII only) and listing lines.
        let messages = Array(try LiteralClausesTests.projectMessages()).sorted()
        var random = FuzzRandom(seed: 41)
        var offered = 0
        for round in 0..<30_000 {
            var text = random.pick(messages)
            switch random.below(5) {
            case 0: text = "Load(<data/\(random.below(1 << 20))>, 0, 0) returned error, retrying after \(random.below(999))ms: " + random.pick(messages)
            case 3: text = random.pick(["restic-2.0.0 ", "Restic ", "RESTIC_", "/usr/bin/restic"]) + text
            case 1: text = text.replacingOccurrences(of: "s", with: "\u{17F}")
            case 2: text = random.pick(["unchanged /srv/", "new       /x/", "modified  "]) + text
            default: break
            }
            let bytes = Array(text.utf8)
            let ascii = bytes.allSatisfy { $0 < 0x80 }
            let known = ascii && round % 2 == 0, listings = random.chance(2)
            let (a, b) = bytes.withUnsafeBufferPointer {
                (remembering.select($0, knownASCII: known, skippingListings: listings), fresh.select($0, knownASCII: known, skippingListings: listings))
            }
            #expect(Array(remembering.candidates) == Array(fresh.candidates), "\(text.prefix(160))")
            #expect(a.markerLiteral == b.markerLiteral && a.blockLiteral == b.blockLiteral && a.restic == b.restic, "\(text.prefix(160))")
            if !remembering.candidates.isEmpty { offered += 1 }
        }
        #expect(offered > 10_000)
    }
}
