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
    package private(set) var storage: FieldStorage
    /// This hit's spans in `storage`.
    package private(set) var first: Int32
    package private(set) var end: Int32

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

    /// The span of field `name`, if the hit has it.
    package func span(_ name: String) -> FieldSpan? {
        let spans = storage.spans
        return storage.names.names.withUnsafeBufferPointer { names in
            var i = Int(first)
            while i < Int(end) {
                if names[Int(spans[i].name)] == name { return spans[i] }
                i &+= 1
            }
            return nil
        }
    }

    /// Whether field `name` is there with the value `value`, without making a String of it.
    package func has(_ name: String, _ value: StaticString) -> Bool {
        withExtendedLifetime(storage) {
            guard let span = span(name) else { return false }
            return sameBytes(storage.valueBytes(span), UnsafeBufferPointer(start: value.utf8Start, count: value.utf8CodeUnitCount))
        }
    }

    /// The bytes of field `name`'s value, valid while these fields live; for comparing and hashing
    /// without making a String.
    package func withValueBytes<R>(_ name: String, _ body: (UnsafeBufferPointer<UInt8>?) throws -> R) rethrows -> R {
        try withExtendedLifetime(storage) { try body(span(name).map(storage.valueBytes)) }
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
        if has("handle_type", "lock"), let handle = self["handle"] { return handle }
        return self["storage_id"].map { "lock/" + $0 }
    }
}
