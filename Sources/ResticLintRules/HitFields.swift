import ResticLintMatching

/// The fields of one pattern hit: its named captures and the fields derived from them
/// (`DerivedFields`). A short list of name/value pairs, not a dictionary: a hit holds a handful of
/// fields and a retry storm makes tens of thousands of hits. The fields of all of one event's hits
/// lie in one `FieldStorage`; a hit's are a run of its spans. So a hit is two numbers and a
/// reference, and its values become Strings only when read. Changing a field makes a storage of this
/// hit's fields alone.
/// Unchecked Sendable: `FieldStorage` is never changed once made.
package struct HitFields: @unchecked Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    package typealias Element = (name: String, value: String)
    package let storage: FieldStorage
    /// This hit's spans in `storage`.
    package let first: Int32
    package let end: Int32

    package init() { self.init(FieldStorage.empty, 0..<0) }

    /// Spans `spans` of `storage`.
    package init(_ storage: FieldStorage, _ spans: Range<Int32>) {
        self.storage = storage
        first = spans.lowerBound
        end = spans.upperBound
    }

    package init(_ fields: [String: String]) {
        self.init(pairs: fields.map { ($0.key, $0.value) })
    }

    package init(pairs: [(name: String, value: String)], names: FieldNames? = nil) {
        self.init(FieldStorage.make(pairs, names: names), 0..<Int32(pairs.count))
    }

    package init(dictionaryLiteral elements: (String, String)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    /// The span of field `name`, if the hit has it. Names of another length are passed over without
    /// comparing them: most names a lookup meets are not the one asked for.
    package func span(_ name: String) -> FieldSpan? {
        let spans = storage.spans, table = storage.names, length = name.utf8.count
        return table.names.withUnsafeBufferPointer { names in
            table.lengths.withUnsafeBufferPointer { lengths in
                var i = Int(first)
                while i < Int(end) {
                    let number = Int(spans[i].name)
                    if lengths[number] == length && names[number] == name { return spans[i] }
                    i &+= 1
                }
                return nil
            }
        }
    }

    /// The span of the field whose name has number `number` (a fixed one of `FieldNames`).
    private func span(number: Int32) -> FieldSpan? {
        let spans = storage.spans
        var i = Int(first)
        while i < Int(end) {
            if spans[i].name == number { return spans[i] }
            i &+= 1
        }
        return nil
    }

    package subscript(name: String) -> String? {
        get { withExtendedLifetime(storage) { span(name).map(storage.value) } }
        set {
            var pairs = Array(self)
            if let i = pairs.firstIndex(where: { $0.name == name }) {
                if let newValue { pairs[i].value = newValue } else { pairs.remove(at: i) }
            } else if let newValue {
                pairs.append((name, newValue))
            }
            self = HitFields(pairs: pairs, names: storage.names)
        }
    }

    package var count: Int { Int(end - first) }

    /// As a finding keeps them (`Finding.fields`).
    package var dictionary: [String: String] {
        var dictionary = [String: String](minimumCapacity: count)
        for field in self where dictionary[field.name] == nil { dictionary[field.name] = field.value }
        return dictionary
    }

    package struct Iterator: IteratorProtocol {
        fileprivate let storage: FieldStorage
        fileprivate var position: Int32
        fileprivate let end: Int32
        package mutating func next() -> Element? {
            guard position < end else { return nil }
            let span = storage.spans[Int(position)]
            position += 1
            return (storage.name(span), storage.value(span))
        }
    }

    package func makeIterator() -> Iterator { Iterator(storage: storage, position: first, end: end) }

    /// The same fields, in any order.
    package static func == (a: HitFields, b: HitFields) -> Bool {
        a.count == b.count && a.allSatisfy { b[$0.name] == $0.value }
    }

    /// The lock file a hit is about: its handle when that is a lock (`lock/91b9421fff`), or
    /// `lock/<id>` for the storage ID of an already-locked holder.
    /// The type first: most hits with a handle are not about a lock, and skip the handle's lookup.
    package var lockFile: String? {
        withExtendedLifetime(storage) {
            if let type = span(number: FieldNames.handleType), sameBytes(storage.valueBytes(type), HitFields.lock),
               let handle = span(number: FieldNames.handle) {
                return storage.value(handle)
            }
            return span(number: FieldNames.storageID).map { "lock/" + storage.value($0) }
        }
    }

    private static var lock: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: ("lock" as StaticString).utf8Start, count: 4) }
}
