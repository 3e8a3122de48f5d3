import ResticLintRules
/// A closed run's pattern hits, by rule and pattern, and by the values of `same:` fields, built in one
/// pass over the run. Correlation then costs the hits a rule can use, not a walk over every event
/// per rule and correlation (runs hold up to 50,000 events; a retry storm's are nearly all hits of
/// two or three patterns).
final class EventIndex {
    struct Entry {
        var event: Int
        /// Where the hit stands in its event's hits: a walk over the events meets hits in this order.
        var hit: Int
        var pattern: Int
        var fields: HitFields
    }

    private struct SameKey: Hashable {
        var slot: Int
        var fields: [String]
    }

    /// Slot of a rule's first pattern in `byPattern`.
    private let firstSlot: [Int]
    private var byPattern: [[Entry]]
    private var bySameFields: [SameKey: [String: [Entry]]] = [:]

    init(run: Run, catalog: RuleCatalog) {
        var slots: [Int] = []
        var count = 0
        for rule in catalog.rules {
            slots.append(count)
            count += rule.patterns.count
        }
        firstSlot = slots
        byPattern = Array(repeating: [], count: count)
        for (i, event) in run.events.enumerated() {
            for (h, hit) in event.hits.enumerated() {
                byPattern[slots[hit.rule] + hit.pattern].append(Entry(event: i, hit: h, pattern: hit.pattern, fields: hit.fields))
            }
        }
    }

    /// One pattern's hits, in event order.
    func entries(rule: Int, pattern: Int) -> [Entry] {
        byPattern[firstSlot[rule] + pattern]
    }

    /// The hits of several patterns of one rule, in the order a walk over the run's events meets them.
    func entries(rule: Int, patterns: [Int]) -> [Entry] {
        if patterns.count == 1 { return entries(rule: rule, pattern: patterns[0]) }
        return patterns.flatMap { entries(rule: rule, pattern: $0) }.sorted { ($0.event, $0.hit) < ($1.event, $1.hit) }
    }

    /// One pattern's hits by the values of `fields` (`sameValues`), built on first use. Only hits
    /// that have every one of those fields are in it.
    func table(rule: Int, pattern: Int, same fields: [String]) -> [String: [Entry]] {
        let key = SameKey(slot: firstSlot[rule] + pattern, fields: fields)
        if let table = bySameFields[key] { return table }
        // Sized for the worst case, one value per hit (a retry storm's handles nearly are): no rehashing.
        var table = [String: [Entry]](minimumCapacity: byPattern[key.slot].count)
        for entry in byPattern[key.slot] {
            if let values = EventIndex.sameValues(fields, in: entry.fields) { table[values, default: []].append(entry) }
        }
        bySameFields[key] = table
        return table
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
