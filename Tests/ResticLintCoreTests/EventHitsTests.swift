import ResticFormats
import Testing
@testable import ResticLintPipeline
@testable import ResticLintRules

/// An event's hits and all their fields lie in one `FieldStorage` (`EventHits`). However the hits
/// were made (by the classifier, by hand with name tables of their own, inserted later, changed),
/// they must read back as the list of hits they stand for.
@Suite struct EventHitsTests {
    static let names = ["handle", "error", "op", "delay", "line", "storage_id", "ü-name"]
    static let values = ["", "Load", "data/ab12cd34ef", "unexpected EOF", "1.5s ü", String(repeating: "x", count: 300)]

    static func randomHit(_ random: inout Xoshiro256StarStar) -> PatternHit {
        var pairs: [(name: String, value: String)] = []
        for name in names where random.below(3) == 0 { pairs.append((name, values[random.below(values.count)])) }
        return PatternHit(rule: random.below(4), pattern: random.below(3), fields: HitFields(pairs: pairs))
    }

    static func expectSame(_ hits: EventHits, _ expected: [PatternHit], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(hits.count == expected.count, sourceLocation: sourceLocation)
        for (hit, want) in zip(hits, expected) {
            #expect(hit.rule == want.rule && hit.pattern == want.pattern, sourceLocation: sourceLocation)
            #expect(Array(hit.fields).map { [$0.name, $0.value] } == Array(want.fields).map { [$0.name, $0.value] },
                    sourceLocation: sourceLocation)
            #expect(hit.fields.storage === hits.storage, "one storage for all hits", sourceLocation: sourceLocation)
        }
    }

    /// Hits made by hand, each with its own name table, in one storage: same hits, same fields in the
    /// same order.
    @Test(arguments: 0..<4) func handMadeHitsReadBack(seed: Int) {
        var random = Xoshiro256StarStar(seed: UInt64(seed))
        for _ in 0..<200 {
            let expected = (0..<random.below(6)).map { _ in Self.randomHit(&random) }
            let hits = EventHits(expected)
            Self.expectSame(hits, expected)
            #expect((hits.storage == nil) == expected.isEmpty)
            // Made again from its own hits, it is the same list.
            Self.expectSame(EventHits(Array(hits)), expected)
        }
    }

    /// Inserted hits go where catalogue order puts them: after the hits of the same or an earlier
    /// rule and pattern.
    @Test(arguments: 0..<4) func insertKeepsCatalogueOrder(seed: Int) {
        var random = Xoshiro256StarStar(seed: UInt64(seed))
        let order = { (a: PatternHit, b: PatternHit) in (a.rule, a.pattern) < (b.rule, b.pattern) }
        for _ in 0..<200 {
            var base = (0..<random.below(5)).map { _ in Self.randomHit(&random) }
            base.sort(by: order)
            let new = (0..<random.below(4)).map { _ in Self.randomHit(&random) }.sorted(by: order)
            var expected = base
            for hit in new {
                expected.insert(hit, at: expected.firstIndex { order(hit, $0) } ?? expected.endIndex)
            }
            var hits = EventHits(base)
            let before = hits
            hits.insert(EventHits(new))
            Self.expectSame(hits, expected)
            Self.expectSame(before, base)
        }
    }

    /// Changing one hit's field changes that hit only, and a copy made before keeps its values.
    @Test func changingAHitLeavesTheOthersAndCopies() {
        let original: EventHits = [PatternHit(rule: 0, pattern: 1, fields: ["op": "Load", "error": "unexpected EOF"]),
                                   PatternHit(rule: 2, pattern: 0, fields: ["error": "unexpected EOF"])]
        var changed = original
        changed[0].fields["error"] = "cut"
        changed[1].pattern = 3
        #expect(changed[0].fields.dictionary == ["op": "Load", "error": "cut"])
        #expect(changed[1].fields.dictionary == ["error": "unexpected EOF"] && changed[1].pattern == 3)
        #expect(original[0].fields.dictionary == ["op": "Load", "error": "unexpected EOF"] && original[1].pattern == 0)
        #expect(changed.storage !== original.storage)
    }

    /// The classifier's path: spans gathered per hit, then one storage with the hits' records.
    @Test func gatheredHitsKeepTheirRecords() throws {
        let names = FieldNames(["op", "error"])
        let gathered = GatheredFields(names: names)
        var text = Array("Load failed: unexpected EOF".utf8)
        let storage = text.withUnsafeMutableBufferPointer { bytes -> FieldStorage in
            gathered.startMessage(UnsafeBufferPointer(bytes))
            gathered.startHit()
            gathered.append(new: names.number("op")!, "Load")
            gathered.startHit()
            gathered.startHit()
            gathered.append(new: names.number("error")!, "unexpected EOF")
            let records = [HitRecord(rule: 1, pattern: 0, first: 0, end: 1), HitRecord(rule: 1, pattern: 2, first: 1, end: 1),
                           HitRecord(rule: 3, pattern: 1, first: 1, end: 2)]
            return records.withUnsafeBufferPointer { gathered.collected(hits: $0) }
        }
        for i in text.indices { text[i] = 0 }
        Self.expectSame(EventHits(storage), [PatternHit(rule: 1, pattern: 0, fields: ["op": "Load"]),
                                             PatternHit(rule: 1, pattern: 2, fields: [:]),
                                             PatternHit(rule: 3, pattern: 1, fields: ["error": "unexpected EOF"])])
        #expect(EventHits().isEmpty && EventHits([]).storage == nil)
    }
}
