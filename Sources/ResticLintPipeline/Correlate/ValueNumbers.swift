import ResticFormats
import ResticLintMatching
import ResticLintRules
/// The values one list of field names takes in a run's hits (a `same:` or `group_by:` list),
/// numbered 0, 1, 2... in order of first use: equal values, equal numbers. Correlation then compares
/// and looks up numbers, not Strings. A hit's number is worked out once, when first asked, and
/// hits of one message (a retry line is a hit of three rules, all capturing its handle) share it
/// without hashing the value again.
final class ValueNumbers {
    enum Value {
        /// `EventIndex.sameValues`: a hit lacking one of the fields has no number.
        case same
        /// `EventIndex.valuesKey`: a missing field counts as empty, so every hit has a number.
        case key
    }

    let names: [String]
    private let value: Value
    /// While every value numbered is ASCII, values are numbered by their bytes (`ASCIIValueTable`);
    /// from the first other one on, as Strings in `numbers`, which then holds the ASCII ones too.
    /// Changed only by `number(of:)`, one call at a time: unchecked, like `byHit`.
    @exclusivity(unchecked) private var ascii: ASCIIValueTable?
    @exclusivity(unchecked) private var numbers: [String: Int32] = [:]
    /// Per hit of the run (`EventIndex.Entry.global`): its number + 1; 0 until asked; -1 without one.
    @exclusivity(unchecked) private var byHit: [Int32]

    /// `messages`: the run's events. Room for as many values is reserved: hits of one message nearly
    /// always share theirs, so numbering seldom rehashes.
    init(names: [String], value: Value, hits: Int, messages: Int) {
        self.names = names
        self.value = value
        byHit = Array(repeating: 0, count: hits)
        ascii = ASCIIValueTable(minimumCapacity: messages)
    }

    /// Numbers given so far: every number is below it.
    var count: Int { ascii?.count ?? numbers.count }

    /// The number of hit `hit` (its place among the run's hits), one of its message's `hits`, the
    /// first of which has place `first`; nil when it lacks a field.
    func number(ofHit hit: Int, among hits: EventHits, first: Int) -> Int32? {
        if let known = known(hit: hit) { return known }
        let number = names.count == 1 ? number(ofField: names[0], hit: hit, among: hits, first: first)
                                      : numberOfValues(hit: hit, among: hits, first: first)
        byHit[hit] = number.map { $0 + 1 } ?? -1
        return number
    }

    /// The number of hit `hit` if worked out already (`.some(nil)`: it has none), without its
    /// message's hits: `EventIndex.number` asks first, as reading those costs a retain and release.
    func known(hit: Int) -> Int32?? {
        let known = byHit[hit]
        if known == 0 { return .none }
        return known > 0 ? known - 1 : .some(nil)
    }

    /// One field, read as bytes where it lies (every shipped `same:` and `group_by:` list).
    private func number(ofField name: String, hit: Int, among hits: EventHits, first: Int) -> Int32? {
        let hitFields = hits[hit - first].fields
        return withExtendedLifetime(hitFields) {
            guard let span = hitFields.span(name) else { return value == .key ? number(of: "") : nil }
            let bytes = hitFields.storage.valueBytes(span)
            for other in first..<(first + hits.count) where other != hit && byHit[other] > 0 {
                let otherFields = hits[other - first].fields
                let same = withExtendedLifetime(otherFields) {
                    otherFields.span(name).map { ValueNumbers.equal(bytes, otherFields.storage.valueBytes($0)) } ?? false
                }
                if same { return byHit[other] - 1 }
            }
            if ascii != nil && isASCII(bytes) { return ascii!.number(of: bytes) }
            return number(of: String(decoding: bytes, as: UTF8.self))
        }
    }

    /// Equal as Strings: bytes decide unless one is not ASCII.
    private static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        if sameBytes(a, b) { return true }
        if isASCII(a) && isASCII(b) { return false }
        return String(decoding: a, as: UTF8.self) == String(decoding: b, as: UTF8.self)
    }

    private func numberOfValues(hit: Int, among hits: EventHits, first: Int) -> Int32? {
        guard let text = value(of: hits[hit - first].fields) else { return nil }
        for other in first..<(first + hits.count) where other != hit && byHit[other] > 0 {
            if value(of: hits[other - first].fields) == text { return byHit[other] - 1 }
        }
        return number(of: text)
    }

    /// The number of a value, given one when new: one hash, where a lookup then an insert made two.
    func number(of text: String) -> Int32 {
        if ascii != nil {
            var text = text
            if let number = text.withUTF8({ isASCII($0) ? ascii!.number(of: $0) : nil }) { return number }
            // Numbered as Strings from now on; ASCII values keep their numbers.
            for (n, known) in ascii!.values.enumerated() { numbers[known] = Int32(n) }
            ascii = nil
        }
        let next = Int32(numbers.count)  // read before the dictionary is being changed
        return ValueNumbers.read(&numbers[text, default: next])
    }

    private static func read(_ number: inout Int32) -> Int32 { number }

    private func value(of fields: HitFields) -> String? {
        switch value {
        case .same: return EventIndex.sameValues(names, in: fields)
        case .key: return EventIndex.valuesKey(names, in: fields)
        }
    }
}

/// One pattern's hits by their number in a `ValueNumbers`: all hits of one number side by side, in
/// event order, in one array (not an array per value, which a retry storm's distinct handles made
/// by the ten thousand).
struct SameValueTable {
    /// `entries[starts[n]..<starts[n + 1]]` have number n.
    private var starts: [Int32]
    private var entries: [EventIndex.Entry]

    init(_ hits: ArraySlice<EventIndex.Entry>, numbers: ValueNumbers, index: EventIndex) {
        let numbered = hits.map { index.number($0, in: numbers) ?? -1 }
        var starts = [Int32](repeating: 0, count: numbers.count + 1)
        for n in numbered where n >= 0 { starts[Int(n) + 1] += 1 }
        for n in 0..<numbers.count { starts[n + 1] += starts[n] }
        var next = starts
        var entries = Array(hits)
        for (entry, n) in zip(hits, numbered) where n >= 0 {
            entries[Int(next[Int(n)])] = entry
            next[Int(n)] += 1
        }
        entries.removeLast(hits.count - Int(starts[numbers.count]))
        self.starts = starts
        self.entries = entries
    }

    /// The hits whose number is `number`, in event order.
    func entries(numbered number: Int32) -> ArraySlice<EventIndex.Entry> {
        let n = Int(number)
        guard n + 1 < starts.count else { return [] }
        return entries[Int(starts[n])..<Int(starts[n + 1])]
    }
}
