import ResticLintRules
/// A closed run's pattern hits, by rule and pattern, and by the values of `same:` fields, built in one
/// pass over the run. Correlation then costs the hits a rule can use, not a walk over every event
/// per rule and correlation (runs hold up to 50,000 events; a retry storm's are nearly all hits of
/// two or three patterns).
final class EventIndex {
    /// Where a hit is. Plain integers: entries are copied and visited by the ten thousand, and
    /// carrying the hit's fields made each copy retain and release them.
    struct Entry {
        var event: Int32
        /// Where the hit stands in its event's hits: a walk over the events meets hits in this order.
        var hit: Int32
        var pattern: Int32
        /// Where the hit stands among all the run's hits (`fields`).
        var global: Int32
    }

    /// Every hit's fields, in the order a walk over the events meets them (`Entry.global`).
    let fields: [HitFields]
    /// Per event, where its hits start in `fields`; one more at the end.
    private let firstHit: [Int32]
    /// Slot of a rule's first pattern in `byPattern`.
    private let firstSlot: [Int]
    private let byPattern: [[Entry]]
    // What correlation asks for, built on first use. A run asks for a handful of each (a rule's
    // trigger lists, its `same:` lists): kept in short lists and found by comparing, where
    // dictionaries hashed a list of names for every lookup and grew once per run.
    private var merged: [(slots: [Int], entries: [Entry])] = []
    private var numbers: [ValueNumbers] = []
    private var keyNumbers: [ValueNumbers] = []
    private var tables: [(slot: Int, numbers: ValueNumbers, table: SameValueTable)] = []

    init(run: Run, catalog: RuleCatalog) {
        var slots: [Int] = []
        var count = 0
        for rule in catalog.rules {
            slots.append(count)
            count += rule.patterns.count
        }
        firstSlot = slots
        // Built in locals, read by position: a loop over `enumerated()` copied every event, and
        // appending to the class's own arrays checked exclusivity per hit.
        var byPattern = [[Entry]](repeating: [], count: count)
        var fields: [HitFields] = []
        fields.reserveCapacity(run.events.reduce(0) { $0 + $1.hits.count })
        var firstHit: [Int32] = []
        firstHit.reserveCapacity(run.events.count + 1)
        for i in run.events.indices {
            firstHit.append(Int32(fields.count))
            let hits = run.events[i].hits
            for h in hits.indices {
                byPattern[slots[hits[h].rule] + hits[h].pattern].append(
                    Entry(event: Int32(i), hit: Int32(h), pattern: Int32(hits[h].pattern), global: Int32(fields.count)))
                fields.append(hits[h].fields)
            }
        }
        firstHit.append(Int32(fields.count))
        self.byPattern = byPattern
        self.fields = fields
        self.firstHit = firstHit
    }

    /// The hits of the entry's event, as positions in `fields`.
    func messageHits(of entry: Entry) -> Range<Int> {
        Int(firstHit[Int(entry.event)])..<Int(firstHit[Int(entry.event) + 1])
    }

    /// One pattern's hits, in event order.
    func entries(rule: Int, pattern: Int) -> [Entry] {
        byPattern[firstSlot[rule] + pattern]
    }

    /// The hits of several patterns of one rule, in the order a walk over the run's events meets them.
    /// Several correlations of a rule share their triggers: merged once.
    func entries(rule: Int, patterns: [Int]) -> [Entry] {
        if patterns.count == 1 { return entries(rule: rule, pattern: patterns[0]) }
        let slots = patterns.map { firstSlot[rule] + $0 }
        if let known = merged.first(where: { $0.slots == slots }) { return known.entries }
        let entries = slots.flatMap { byPattern[$0] }.sorted { $0.global < $1.global }
        merged.append((slots, entries))
        return entries
    }

    /// The numbering of the values of `names` (`sameValues`), shared by every table over them.
    func sameNumbers(_ names: [String]) -> ValueNumbers {
        if let known = numbers.first(where: { $0.names == names }) { return known }
        let made = ValueNumbers(names: names, value: .same, hits: fields.count, messages: firstHit.count - 1)
        numbers.append(made)
        return made
    }

    /// How one `group_by:` list's keys are numbered; worked out once per correlation.
    struct KeyNumbering {
        /// Nil for an empty list: every hit has key 0.
        fileprivate let numbers: ValueNumbers?
    }

    func keyNumbering(_ names: [String]) -> KeyNumbering {
        if names.isEmpty { return KeyNumbering(numbers: nil) }
        // Missing and empty are one key, as in `valuesKey`; one name shares the `same:` numbering.
        if names.count == 1 { return KeyNumbering(numbers: sameNumbers(names)) }
        if let known = keyNumbers.first(where: { $0.names == names }) { return KeyNumbering(numbers: known) }
        let made = ValueNumbers(names: names, value: .key, hits: fields.count, messages: firstHit.count - 1)
        keyNumbers.append(made)
        return KeyNumbering(numbers: made)
    }

    /// The number of the entry's group key (`valuesKey`): equal keys, equal numbers.
    func keyNumber(of entry: Entry, in numbering: KeyNumbering) -> Int32 {
        guard let numbers = numbering.numbers else { return 0 }
        // Only a `same:` numbering (one name) leaves a hit without a number: its field is missing.
        return number(entry, in: numbers) ?? numbers.number(of: "")
    }

    func number(_ entry: Entry, in numbers: ValueNumbers) -> Int32? {
        numbers.number(ofHit: Int(entry.global), in: fields, messageHits: messageHits(of: entry))
    }

    /// One pattern's hits by the values of `names` (`sameValues`), built on first use. Only hits
    /// that have every one of those fields are in it.
    func table(rule: Int, pattern: Int, same names: [String]) -> (SameValueTable, ValueNumbers) {
        let slot = firstSlot[rule] + pattern
        let numbers = sameNumbers(names)
        if let known = tables.first(where: { $0.slot == slot && $0.numbers === numbers }) { return (known.table, numbers) }
        let table = SameValueTable(byPattern[slot], numbers: numbers, fields: fields, index: self)
        tables.append((slot, numbers, table))
        return (table, numbers)
    }

    /// The values of `names` in `fields` as one key (`valuesKey`), nil unless each is there.
    static func sameValues(_ names: [String], in fields: HitFields) -> String? {
        if names.count == 1 { return fields[names[0]] }
        guard names.allSatisfy({ fields[$0] != nil }) else { return nil }
        return valuesKey(names, in: fields)
    }

    /// The values of `names` in `fields` as one key, a missing one as empty: the value itself for one
    /// name (every shipped rule's `same:` and `group_by:`), so a lookup builds nothing; else each value
    /// after its length.
    static func valuesKey(_ names: [String], in fields: HitFields) -> String {
        if names.count == 1 { return fields[names[0]] ?? "" }
        var key = ""
        for name in names {
            let value = fields[name] ?? ""
            key += "\(value.utf8.count):\(value)"
        }
        return key
    }
}
