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
/// write into their parent's bytes.
struct PrettyJSONObject: JSONMembers {
    /// The document's bytes so far, shared by an object and those nested in it.
    final class Bytes {
        var bytes: [UInt8] = []
        var text: String { String(decoding: bytes, as: UTF8.self) }
        func append(_ text: String) { bytes.append(contentsOf: text.utf8) }
        func indent(_ level: Int) { bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level)) }
    }

    private let out: Bytes
    private let level: Int
    private var count = 0

    /// Opens an object at `level` in `out`; `close` ends it.
    init(level: Int, in out: Bytes) {
        self.level = level
        self.out = out
        out.append("{")
    }

    func close() {
        if count > 0 {
            out.append("\n")
            out.indent(level)
        }
        out.append("}")
    }

    private mutating func key(_ name: String) {
        out.append(count > 0 ? ",\n" : "\n")
        out.indent(level + 1)
        JSONString.append(name, to: &out.bytes)
        out.append(": ")
        count += 1
    }

    mutating func string(_ name: String, _ value: String) {
        key(name)
        JSONString.append(value, to: &out.bytes)
    }

    mutating func optional(_ name: String, _ value: String?) {
        key(name)
        if let value { JSONString.append(value, to: &out.bytes) } else { out.append("null") }
    }

    mutating func int(_ name: String, _ value: Int) {
        key(name)
        out.append(String(value))
    }

    mutating func strings(_ name: String, _ values: [String]) {
        key(name)
        out.append("[")
        for (i, value) in values.enumerated() {
            if i > 0 { out.append(", ") }
            JSONString.append(value, to: &out.bytes)
        }
        out.append("]")
    }

    mutating func ints(_ name: String, _ values: [Int]) {
        key(name)
        out.append("[")
        for (i, value) in values.enumerated() {
            if i > 0 { out.append(", ") }
            out.append(String(value))
        }
        out.append("]")
    }

    mutating func value(_ name: String, _ value: JSONValue) {
        key(name)
        out.append(value.serialized(level: level + 1))
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
        out.append("[")
        for (i, item) in items.enumerated() {
            out.append(i > 0 ? ",\n" : "\n")
            out.indent(level + 2)
            var inner = PrettyJSONObject(level: level + 2, in: out)
            members(&inner, item)
            inner.close()
        }
        out.append("\n")
        out.indent(level + 1)
        out.append("]")
    }
}
