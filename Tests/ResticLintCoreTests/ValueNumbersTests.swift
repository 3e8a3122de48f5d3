import Testing
import ResticFormats
import ResticLintMatching
import ResticLintRules
@testable import ResticLintPipeline

/// Correlation looks hits up by numbered values (`ValueNumbers`, `SameValueTable`), not by their
/// text. Over random runs, each lookup must give exactly the hits a comparison of the texts gives,
/// in event order, and two group keys must be equal exactly when their texts are. Values are
/// numbered by their bytes while all are ASCII, so some are not: String equality is canonical
/// equivalence, under which U+212A KELVIN SIGN equals `K`, and a precomposed `é` an `e` with U+0301.
@Suite struct ValueNumbersTests {
    static let values = ["data/ab12", "data/cd34", "lock/91b9", "", "index/77", "a", "1:2", "12",
                         "K", "\u{212A}", "caf\u{E9}", "cafe\u{301}",
                         "data/0123456789abcdefK", "data/0123456789abcdef\u{212A}", "data/0123456789abcdefk"]

    /// A hit's fields drawn from few values, so they repeat; a field is missing one time in five.
    static func fields(_ random: inout SplitMix64) -> HitFields {
        var fields = HitFields()
        for name in ["handle", "pid", "host"] where random.next() % 5 != 0 {
            fields[name] = values[Int(random.next() % UInt64(values.count))]
        }
        return fields
    }

    /// A run of events with one to four hits each on the first rule's patterns; hits of one event
    /// often share their values, as the hits of several rules on one message do.
    static func run(seed: UInt64, patterns: Int) -> Run {
        var random = SplitMix64(seed: seed)
        var run = Run(id: 1, input: 0, startLine: 1, endLine: 1)
        for i in 0..<120 {
            var hits: [PatternHit] = []
            let shared = fields(&random)
            for _ in 0...(random.next() % 4) {
                let pattern = Int(random.next() % UInt64(patterns))
                hits.append(PatternHit(rule: 0, pattern: pattern, fields: random.next() % 2 == 0 ? shared : fields(&random)))
            }
            run.events.append(LogEvent(line: i + 1, endLine: i + 1, text: "event \(i % 7)", timestamp: nil, pid: nil,
                                       hits: EventHits(hits), marker: nil))
        }
        return run
    }

    static func allEntries(_ index: EventIndex, patterns: Int) -> [EventIndex.Entry] {
        Array(index.entries(rule: 0, patterns: Array(0..<patterns)))
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func numberedLookupsFindWhatComparingTextsFinds(seed: UInt64) throws {
        let patterns = TestSupport.catalog.rules[0].patterns.count
        try #require(patterns >= 2)
        for names in [["handle"], ["pid", "host"]] {
            // Tables built before and after the triggers are numbered: numbering is lazy either way.
            for tablesFirst in [true, false] {
                let index = EventIndex(run: Self.run(seed: seed, patterns: patterns), catalog: TestSupport.catalog)
                let triggers = Self.allEntries(index, patterns: patterns)
                let numbers = index.sameNumbers(names)
                if !tablesFirst { for t in triggers { _ = index.number(t, in: numbers) } }
                for pattern in 0..<patterns {
                    let (table, tableNumbers) = index.table(rule: 0, pattern: pattern, same: names)
                    #expect(tableNumbers === numbers)
                    for trigger in triggers {
                        let wanted = EventIndex.sameValues(names, in: index.fields(of: trigger))
                        let expected = wanted.map { value in
                            index.entries(rule: 0, pattern: pattern).filter { EventIndex.sameValues(names, in: index.fields(of: $0)) == value }
                        } ?? []
                        let found = index.number(trigger, in: numbers).map { Array(table.entries(numbered: $0)) } ?? []
                        #expect(found.map(\.global) == expected.map(\.global))
                    }
                }
            }
        }
    }

    @Test(arguments: [7, 8, 9] as [UInt64])
    func groupKeysAreEqualExactlyWhenTheirTextsAre(seed: UInt64) {
        let patterns = TestSupport.catalog.rules[0].patterns.count
        let index = EventIndex(run: Self.run(seed: seed, patterns: patterns), catalog: TestSupport.catalog)
        let entries = Self.allEntries(index, patterns: patterns)
        for names in [[], ["handle"], ["pid", "host"]] {
            let numbering = index.keyNumbering(names)
            let numbers = entries.map { index.keyNumber(of: $0, in: numbering) }
            let texts = entries.map { EventIndex.valuesKey(names, in: index.fields(of: $0)) }
            for a in entries.indices {
                for b in entries.indices where (numbers[a] == numbers[b]) != (texts[a] == texts[b]) {
                    Issue.record("\(names): hits \(a) and \(b) have keys \(texts[a].debugDescription), \(texts[b].debugDescription)")
                }
            }
        }
    }

    /// `known(hit:)` answers without the hit's message: nothing before the hit is numbered, then its
    /// number, or that it has none when it lacks the field.
    @Test func knownNumbersAreThoseWorkedOut() {
        let patterns = TestSupport.catalog.rules[0].patterns.count
        let index = EventIndex(run: Self.run(seed: 10, patterns: patterns), catalog: TestSupport.catalog)
        let numbers = index.sameNumbers(["handle"])
        for entry in Self.allEntries(index, patterns: patterns) {
            let hit = Int(entry.global)
            #expect(numbers.known(hit: hit) == nil)
            let number = index.number(entry, in: numbers)
            #expect((number == nil) == (index.fields(of: entry)["handle"] == nil))
            #expect(numbers.known(hit: hit) == .some(number))
            #expect(index.number(entry, in: numbers) == number)
        }
    }

    /// Enough values to grow the table several times: each keeps the number of its first use.
    @Test func asciiTableNumbersInOrderOfFirstUse() {
        var table = ASCIIValueTable(minimumCapacity: 1)
        let values = (0..<3000).map { "lock/\(String($0 * 7919, radix: 16))" + String(repeating: "x", count: $0 % 13) }
        for round in 0..<2 {
            for (n, value) in values.enumerated() {
                var value = value
                #expect(value.withUTF8 { table.number(of: $0) } == Int32(n), "round \(round)")
            }
        }
        #expect(table.count == values.count)
        #expect(table.values == values)
        #expect("ab\u{7F}".utf8.withContiguousStorageIfAvailable(isASCII) == true)
        #expect("abcdefgh\u{E9}".utf8.withContiguousStorageIfAvailable(isASCII) == false)
    }
}
