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

/// The members as text, byte for byte what `JSONValue.serialized(level:)` gives for the same object
/// at the same depth: two spaces per level, arrays of scalars on one line.
struct PrettyJSONObject: JSONMembers {
    private var text = "{"
    private let level: Int
    private var count = 0

    init(level: Int) { self.level = level }

    /// The object, closed.
    var finished: String { count == 0 ? "{}" : text + "\n" + PrettyJSONObject.indent(level) + "}" }

    private static func indent(_ level: Int) -> String { String(repeating: "  ", count: level) }

    private mutating func key(_ name: String) {
        text += count > 0 ? ",\n" : "\n"
        text += PrettyJSONObject.indent(level + 1)
        JSONString.append(name, to: &text)
        text += ": "
        count += 1
    }

    mutating func string(_ name: String, _ value: String) {
        key(name)
        JSONString.append(value, to: &text)
    }

    mutating func optional(_ name: String, _ value: String?) {
        key(name)
        if let value { JSONString.append(value, to: &text) } else { text += "null" }
    }

    mutating func int(_ name: String, _ value: Int) {
        key(name)
        text += String(value)
    }

    mutating func strings(_ name: String, _ values: [String]) {
        key(name)
        text += "["
        for (i, value) in values.enumerated() {
            if i > 0 { text += ", " }
            JSONString.append(value, to: &text)
        }
        text += "]"
    }

    mutating func ints(_ name: String, _ values: [Int]) {
        key(name)
        text += "[" + values.map(String.init).joined(separator: ", ") + "]"
    }

    mutating func value(_ name: String, _ value: JSONValue) {
        key(name)
        text += value.serialized(level: level + 1)
    }

    mutating func object(_ name: String, _ members: (inout PrettyJSONObject) -> Void) {
        key(name)
        var inner = PrettyJSONObject(level: level + 1)
        members(&inner)
        text += inner.finished
    }

    mutating func objects<Item>(_ name: String, _ items: [Item], _ members: (inout PrettyJSONObject, Item) -> Void) {
        key(name)
        guard !items.isEmpty else { text += "[]"; return }
        text += "["
        for (i, item) in items.enumerated() {
            text += (i > 0 ? ",\n" : "\n") + PrettyJSONObject.indent(level + 2)
            var inner = PrettyJSONObject(level: level + 2)
            members(&inner, item)
            text += inner.finished
        }
        text += "\n" + PrettyJSONObject.indent(level + 1) + "]"
    }
}
