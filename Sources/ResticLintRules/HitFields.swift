import ResticLintMatching

/// The fields of one pattern hit: its named captures and the fields derived from them
/// (`DerivedFields`). A short list of name/value pairs, not a dictionary: a hit holds a handful of
/// fields and a retry storm makes tens of thousands of hits, each of which paid for a hash table,
/// every name hashed on the way in and again on each lookup, and its freeing. Capture names are
/// short, so comparing them is cheap.
package struct HitFields: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    package typealias Element = (name: String, value: String)
    private var pairs: [Element]

    package init(minimumCapacity: Int = 0) {
        pairs = []
        pairs.reserveCapacity(minimumCapacity)
    }

    /// The named captures of the match of `regex` that `matchData` holds, with room for `derived` more
    /// fields; `values` makes the String of a captured range. Of groups sharing a name, the first that
    /// matched wins.
    package init(capturesOf regex: PCRE2Regex, in matchData: MatchData, derived: Int, values: inout CaptureValues) {
        var pairs: [Element] = []
        pairs.reserveCapacity(regex.captureNames.count + derived)
        for (name, index) in regex.captureNames where !regex.hasDuplicateNames || !pairs.contains(where: { $0.name == name }) {
            if let range = regex.captureRange(index, in: matchData) { pairs.append((name, values.value(range))) }
        }
        self.pairs = pairs
    }

    package init(_ fields: [String: String]) {
        pairs = fields.map { ($0.key, $0.value) }
    }

    package init(dictionaryLiteral elements: (String, String)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    package subscript(name: String) -> String? {
        get {
            for pair in pairs where pair.name == name { return pair.value }
            return nil
        }
        set {
            guard let i = pairs.firstIndex(where: { $0.name == name }) else {
                if let newValue { pairs.append((name, newValue)) }
                return
            }
            if let newValue { pairs[i].value = newValue } else { pairs.remove(at: i) }
        }
    }

    package var count: Int { pairs.count }

    /// Adds a field the fields do not hold yet (the subscript would look for it first).
    package mutating func append(new name: String, _ value: String) { pairs.append((name, value)) }

    /// Positions of the values, for `value(at:)` and `setValue(_:at:)`: reading through them never
    /// copies storage that another copy of the fields shares.
    package var indices: Range<Int> { pairs.indices }
    package func value(at i: Int) -> String { pairs[i].value }
    package mutating func setValue(_ value: String, at i: Int) { pairs[i].value = value }

    /// As a finding keeps them (`Finding.fields`).
    package var dictionary: [String: String] {
        var dictionary = [String: String](minimumCapacity: pairs.count)
        for (name, value) in pairs where dictionary[name] == nil { dictionary[name] = value }
        return dictionary
    }

    package func makeIterator() -> IndexingIterator<[Element]> { pairs.makeIterator() }

    /// The same fields, in any order.
    package static func == (a: HitFields, b: HitFields) -> Bool {
        a.count == b.count && a.allSatisfy { b[$0.name] == $0.value }
    }

    /// The lock file a hit is about: its handle when that is a lock (`lock/91b9421fff`), or
    /// `lock/<id>` for the storage ID of an already-locked holder.
    /// The type first: most hits with a handle are not about a lock, and skip the handle's lookup.
    package var lockFile: String? {
        if self["handle_type"] == "lock", let handle = self["handle"] { return handle }
        return self["storage_id"].map { "lock/" + $0 }
    }
}

/// The Strings made for captured ranges of one subject. The patterns that match one message capture
/// the same bytes again and again (a retry line's handle, op and error, for three rules), so each
/// range is made a String once and the hits share it; a capture of the whole subject is the
/// subject's own String. One per classifier, reset per message, so it allocates nothing per event.
package struct CaptureValues {
    private var subject = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    /// The first `count` entries are this subject's; the rest are overwritten as they are reached
    /// (`removeAll(keepingCapacity:)` cost about 600 instructions a message).
    private var made: [(range: Range<Int>, value: String)] = []
    private var count = 0

    package init() {}

    /// Starts over for `subject`, the bytes of `whole`; `value` may be asked only while they live.
    package mutating func reset(_ subject: UnsafeBufferPointer<UInt8>, whole: String) {
        self.subject = subject
        count = 0
        keep(0..<subject.count, whole)
    }

    package mutating func value(_ range: Range<Int>) -> String {
        for i in 0..<count where made[i].range == range { return made[i].value }
        let value = String(decoding: UnsafeBufferPointer(rebasing: subject[range]), as: UTF8.self)
        keep(range, value)
        return value
    }

    private mutating func keep(_ range: Range<Int>, _ value: String) {
        if count < made.count { made[count] = (range, value) } else { made.append((range, value)) }
        count += 1
    }
}
