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

    /// The run's events: a hit's fields are read where they are (`fields(of:)`). Copied into an array
    /// of their own, they cost a retain per hit to make and a release per hit to free.
    private let events: [LogEvent]
    /// Per event, the place of its first hit among the run's hits (`Entry.global`); one more at the end.
    private let firstHit: [Int32]
    /// Slot of a rule's first pattern in `byPattern`.
    private let firstSlot: [Int]
    /// Every pattern's hits in one array, a slot's side by side in event order:
    /// `byPattern[slotStart[s]..<slotStart[s + 1]]`. An array per pattern cost a uniqueness check and
    /// a reserve for every hit appended.
    private let byPattern: [Entry]
    private let slotStart: [Int32]
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
        // appending to the class's own arrays checked exclusivity per hit. A counting sort: the hits
        // per slot first, then each hit written straight to its place, in arrays made at their size
        // (appending checked uniqueness and capacity for every hit).
        var slotStart = [Int32](repeating: 0, count: count + 1)
        var total = 0
        // Hit records, not hits: a record is plain integers, while copying the event's hits or a
        // hit retained and released their storage (twice per event, once more per hit).
        for i in run.events.indices {
            let records = run.events[i].hits.records
            total += records.count
            for record in records { slotStart[slots[Int(record.rule)] + Int(record.pattern) + 1] += 1 }
        }
        for s in 0..<count { slotStart[s + 1] += slotStart[s] }
        var next = slotStart
        var firstHit = [Int32](repeating: 0, count: run.events.count + 1)
        byPattern = [Entry](unsafeUninitializedCapacity: total) { entries, entriesCount in
            var global = 0
            for i in run.events.indices {
                firstHit[i] = Int32(global)
                let records = run.events[i].hits.records
                for h in records.indices {
                    let slot = slots[Int(records[h].rule)] + Int(records[h].pattern)
                    entries.initializeElement(at: Int(next[slot]), to: Entry(
                        event: Int32(i), hit: Int32(h), pattern: records[h].pattern, global: Int32(global)))
                    next[slot] += 1
                    global += 1
                }
            }
            firstHit[run.events.count] = Int32(global)
            entriesCount = global
        }
        self.slotStart = slotStart
        self.firstHit = firstHit
        events = run.events
    }

    /// The fields of the entry's hit.
    func fields(of entry: Entry) -> HitFields { events[Int(entry.event)].hits[Int(entry.hit)].fields }

    /// One pattern's hits, in event order.
    func entries(rule: Int, pattern: Int) -> ArraySlice<Entry> {
        entries(slot: firstSlot[rule] + pattern)
    }

    private func entries(slot: Int) -> ArraySlice<Entry> {
        byPattern[Int(slotStart[slot])..<Int(slotStart[slot + 1])]
    }

    /// The hits of several patterns of one rule, in the order a walk over the run's events meets them.
    /// Several correlations of a rule share their triggers: merged once.
    func entries(rule: Int, patterns: [Int]) -> ArraySlice<Entry> {
        if patterns.count == 1 { return entries(rule: rule, pattern: patterns[0]) }
        let slots = patterns.map { firstSlot[rule] + $0 }
        if let known = merged.first(where: { $0.slots == slots }) { return known.entries[...] }
        let entries = slots.flatMap { self.entries(slot: $0) }.sorted { $0.global < $1.global }
        merged.append((slots, entries))
        return entries[...]
    }

    /// The numbering of the values of `names` (`sameValues`), shared by every table over them.
    func sameNumbers(_ names: [String]) -> ValueNumbers {
        if let known = numbers.first(where: { $0.names == names }) { return known }
        let made = ValueNumbers(names: names, value: .same, hits: byPattern.count, messages: events.count)
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
        let made = ValueNumbers(names: names, value: .key, hits: byPattern.count, messages: events.count)
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
        if let known = numbers.known(hit: Int(entry.global)) { return known }
        let event = Int(entry.event)
        return numbers.number(ofHit: Int(entry.global), among: events[event].hits, first: Int(firstHit[event]))
    }

    /// One pattern's hits by the values of `names` (`sameValues`), built on first use. Only hits
    /// that have every one of those fields are in it.
    func table(rule: Int, pattern: Int, same names: [String]) -> (SameValueTable, ValueNumbers) {
        let slot = firstSlot[rule] + pattern
        let numbers = sameNumbers(names)
        if let known = tables.first(where: { $0.slot == slot && $0.numbers === numbers }) { return (known.table, numbers) }
        let table = SameValueTable(entries(slot: slot), numbers: numbers, index: self)
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
