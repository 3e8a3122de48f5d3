import ResticFormats

/// Where a JSON object's members go, one at a time: a `JSONValue` tree (`JSONTree`), or pretty text
/// written straight into a string (`PrettyJSONObject`). A finding's shape is written once, against
/// this protocol, and the JSON report, which writes thousands of findings, builds no tree for them.
protocol JSONMembers {
    mutating func string(_ name: String, _ value: String)
    mutating func optional(_ name: String, _ value: String?)
    mutating func int(_ name: String, _ value: Int)
    /// An array of strings (on one line, when pretty).
    mutating func strings(_ name: String, _ values: [String])
    mutating func ints(_ name: String, _ values: [Int])
    mutating func object(_ name: String, _ members: (inout Self) -> Void)
    mutating func objects<Item>(_ name: String, _ items: [Item], _ members: (inout Self, Item) -> Void)
    mutating func value(_ name: String, _ value: JSONValue)
}

/// The members as a `JSONValue` object.
struct JSONTree: JSONMembers {
    private(set) var pairs: [(String, JSONValue)] = []

    mutating func string(_ name: String, _ value: String) { pairs.append((name, .string(value))) }
    mutating func optional(_ name: String, _ value: String?) { pairs.append((name, .optional(value))) }
    mutating func int(_ name: String, _ value: Int) { pairs.append((name, .int(value))) }
    mutating func strings(_ name: String, _ values: [String]) { pairs.append((name, .strings(values))) }
    mutating func ints(_ name: String, _ values: [Int]) { pairs.append((name, .array(values.map(JSONValue.int)))) }
    mutating func value(_ name: String, _ value: JSONValue) { pairs.append((name, value)) }

    mutating func object(_ name: String, _ members: (inout JSONTree) -> Void) {
        var inner = JSONTree()
        members(&inner)
        pairs.append((name, .object(inner.pairs)))
    }

    mutating func objects<Item>(_ name: String, _ items: [Item], _ members: (inout JSONTree, Item) -> Void) {
        pairs.append((name, .array(items.map { item in
            var inner = JSONTree()
            members(&inner, item)
            return .object(inner.pairs)
        })))
    }
}

/// The members as pretty UTF-8 text, byte for byte what `JSONValue.serialized(level:)` gives for the
/// same object at the same depth: two spaces per level, arrays of scalars on one line. Nested objects
/// write into their parent's bytes. Punctuation and numbers are written as bytes: going through a
/// `String` per comma or key cost about a thousand instructions a member.
struct PrettyJSONObject: JSONMembers {
    /// The document's bytes so far, shared by an object and those nested in it.
    final class Bytes {
        /// Only the writer of one document touches it, one call at a time.
        @exclusivity(unchecked) var bytes: [UInt8] = []
        var text: String { String(decoding: bytes, as: UTF8.self) }
        /// Punctuation. Named apart from `append(contentsOf:)`: a literal would pick the `String` one,
        /// about 170 instructions a key.
        func append(_ text: StaticString) { text.withUTF8Buffer { bytes.append(contentsOf: $0) } }
        func append(contentsOf text: String) { bytes.append(contentsOf: text.utf8) }
        func quoted(_ text: String) { JSONString.append(text, to: &bytes) }
        /// A line break, then the indentation of `level`.
        func newline(indent level: Int) {
            bytes.append(0x0A)
            indent(level)
        }
        /// In one append where the indentation is in `spaces`: one per byte checked capacity each time.
        func indent(_ level: Int) {
            if 2 * level <= Bytes.spaces.utf8CodeUnitCount {
                Bytes.spaces.withUTF8Buffer { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[..<(2 * level)])) }
            } else {
                bytes.append(contentsOf: repeatElement(0x20, count: 2 * level))
            }
        }
        /// Static text, not an array: a slice of an array retained and released it on every line.
        private static let spaces: StaticString = "                                "
        func append(_ value: Int) {
            if value < 0 { bytes.append(UInt8(ascii: "-")) }
            var magnitude = value.magnitude, divisor: UInt = 1
            while magnitude / divisor >= 10 { divisor *= 10 }
            repeat {
                bytes.append(UInt8(ascii: "0") + UInt8(magnitude / divisor))
                magnitude %= divisor
                divisor /= 10
            } while divisor > 0
        }
    }

    private let out: Bytes
    private let level: Int
    private var count = 0

    /// Opens an object at `level` in `out`; `close` ends it.
    init(level: Int, in out: Bytes) {
        self.level = level
        self.out = out
        out.bytes.append(UInt8(ascii: "{"))
    }

    func close() {
        if count > 0 { out.newline(indent: level) }
        out.bytes.append(UInt8(ascii: "}"))
    }

    private mutating func key(_ name: String) {
        if count > 0 { out.bytes.append(UInt8(ascii: ",")) }
        out.newline(indent: level + 1)
        out.quoted(name)
        out.append(": ")
        count += 1
    }

    mutating func string(_ name: String, _ value: String) {
        key(name)
        out.quoted(value)
    }

    mutating func optional(_ name: String, _ value: String?) {
        key(name)
        if let value { out.quoted(value) } else { out.append("null") }
    }

    mutating func int(_ name: String, _ value: Int) {
        key(name)
        out.append(value)
    }

    mutating func strings(_ name: String, _ values: [String]) {
        key(name)
        out.bytes.append(UInt8(ascii: "["))
        for (i, value) in values.enumerated() {
            if i > 0 { out.append(", ") }
            out.quoted(value)
        }
        out.bytes.append(UInt8(ascii: "]"))
    }

    mutating func ints(_ name: String, _ values: [Int]) {
        key(name)
        out.bytes.append(UInt8(ascii: "["))
        for (i, value) in values.enumerated() {
            if i > 0 { out.append(", ") }
            out.append(value)
        }
        out.bytes.append(UInt8(ascii: "]"))
    }

    mutating func value(_ name: String, _ value: JSONValue) {
        key(name)
        out.append(contentsOf: value.serialized(level: level + 1))
    }

    mutating func object(_ name: String, _ members: (inout PrettyJSONObject) -> Void) {
        key(name)
        var inner = PrettyJSONObject(level: level + 1, in: out)
        members(&inner)
        inner.close()
    }

    mutating func objects<Item>(_ name: String, _ items: [Item], _ members: (inout PrettyJSONObject, Item) -> Void) {
        key(name)
        guard !items.isEmpty else { out.append("[]"); return }
        out.bytes.append(UInt8(ascii: "["))
        for (i, item) in items.enumerated() {
            if i > 0 { out.bytes.append(UInt8(ascii: ",")) }
            out.newline(indent: level + 2)
            var inner = PrettyJSONObject(level: level + 2, in: out)
            members(&inner, item)
            inner.close()
        }
        out.newline(indent: level + 1)
        out.bytes.append(UInt8(ascii: "]"))
    }
}
