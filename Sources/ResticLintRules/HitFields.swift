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

    /// The named captures of the first match of `regex` in `subject`, with room for `derived` more
    /// fields; nil when it does not match. Of groups sharing a name, the first that matched wins.
    package init?(matching regex: PCRE2Regex, in subject: UnsafeBufferPointer<UInt8>, using matchData: MatchData,
                  derived: Int) throws {
        guard try regex.firstMatch(in: subject, using: matchData) != nil else { return nil }
        self.init(minimumCapacity: regex.captureNames.count + derived)
        for (name, index) in regex.captureNames where !regex.hasDuplicateNames || self[name] == nil {
            if let range = regex.captureRange(index, in: matchData) {
                pairs.append((name, String(decoding: UnsafeBufferPointer(rebasing: subject[range]), as: UTF8.self)))
            }
        }
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
