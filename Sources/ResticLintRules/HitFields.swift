import ResticLintMatching

/// One field of a pattern hit. A struct rather than a tuple: an array of tuples is destroyed through
/// the runtime's generic tuple witness, one call per field, which cost about 14 M instructions on a
/// 20 MB retry storm.
package struct HitField: Sendable, Equatable {
    package var name: String
    package var value: String
}

/// The fields of one pattern hit: its named captures and the fields derived from them
/// (`DerivedFields`). A short list of name/value pairs, not a dictionary: a hit holds a handful of
/// fields and a retry storm makes tens of thousands of hits; capture names are short, so comparing
/// them is cheap. The list is a slice: the classifier gathers the fields of all of one event's hits
/// into one array (`GatheredFields`), so an event allocates and frees one array for them, not one
/// per hit. Changing a hit's fields copies its own slice only.
package struct HitFields: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    package typealias Element = (name: String, value: String)
    /// The fields in order. Loops on hot paths in other modules read and change them here: through
    /// `Sequence` they go through generic witnesses, about three times the cost.
    package var list: ArraySlice<HitField>

    package init(minimumCapacity: Int = 0) {
        list = []
        list.reserveCapacity(minimumCapacity)
    }

    /// The fields `range` of an event's gathered fields, sharing their storage.
    package init(_ fields: ArraySlice<HitField>) {
        self.list = fields
    }

    package init(_ fields: [String: String]) {
        self.list = ArraySlice(fields.map { HitField(name: $0.key, value: $0.value) })
    }

    package init(dictionaryLiteral elements: (String, String)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    package subscript(name: String) -> String? {
        get {
            // By index: an iterator over the slice copies each field, retaining both its Strings.
            var i = list.startIndex
            while i < list.endIndex {
                if list[i].name == name { return list[i].value }
                i &+= 1
            }
            return nil
        }
        set {
            guard let i = list.firstIndex(where: { $0.name == name }) else {
                if let newValue { list.append(HitField(name: name, value: newValue)) }
                return
            }
            if let newValue { list[i].value = newValue } else { list.remove(at: i) }
        }
    }

    package var count: Int { list.count }

    /// Positions of the values, for `value(at:)` and `setValue(_:at:)`: reading through them never
    /// copies storage that another copy of the fields shares.
    package var indices: Range<Int> { 0..<list.count }
    package func value(at i: Int) -> String { list[list.startIndex + i].value }
    package mutating func setValue(_ value: String, at i: Int) { list[list.startIndex + i].value = value }

    /// Fields `range` (positions as `indices` gives them), sharing this storage.
    package func slice(_ range: Range<Int>) -> HitFields {
        HitFields(list[(list.startIndex + range.lowerBound)..<(list.startIndex + range.upperBound)])
    }

    /// As a finding keeps them (`Finding.fields`).
    package var dictionary: [String: String] {
        var dictionary = [String: String](minimumCapacity: list.count)
        for field in list where dictionary[field.name] == nil { dictionary[field.name] = field.value }
        return dictionary
    }

    package struct Iterator: IteratorProtocol {
        fileprivate var base: IndexingIterator<ArraySlice<HitField>>
        package mutating func next() -> Element? { base.next().map { ($0.name, $0.value) } }
    }

    package func makeIterator() -> Iterator { Iterator(base: list.makeIterator()) }

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
