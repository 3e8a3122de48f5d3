import Foundation

/// A JSON document with ordered keys, so every report is byte-identical for the same input and
/// reads in the documented field order.
public indirect enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.serialized() == b.serialized() }

    public static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
    public static func strings(_ items: [String]) -> JSONValue { .array(items.map(JSONValue.string)) }

    public func serialized(pretty: Bool = true) -> String {
        var out = ""
        write(to: &out, indent: pretty ? 0 : nil)
        return out
    }

    /// Pretty-printed as if nested `level` deep: a piece of a document written in parts.
    package func serialized(level: Int) -> String {
        var out = ""
        write(to: &out, indent: level)
        return out
    }

    private func write(to out: inout String, indent: Int?) {
        let newline = indent.map { "\n" + String(repeating: "  ", count: $0 + 1) } ?? ""
        let closing = indent.map { "\n" + String(repeating: "  ", count: $0) } ?? ""
        let inner = indent.map { $0 + 1 }
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += d.isFinite ? (d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)) : "null"
        case .string(let s): JSONString.append(s, to: &out)
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            if items.allSatisfy(\.isScalar) {
                // Lists of line numbers and strings read better on one line.
                out += "[" + items.map { $0.serialized(pretty: false) }.joined(separator: indent == nil ? "," : ", ") + "]"
                return
            }
            out += "["
            for (i, item) in items.enumerated() {
                out += (i > 0 ? "," : "") + newline
                item.write(to: &out, indent: inner)
            }
            out += closing + "]"
        case .object(let pairs):
            guard !pairs.isEmpty else { out += "{}"; return }
            out += "{"
            for (i, (key, value)) in pairs.enumerated() {
                out += (i > 0 ? "," : "") + newline
                JSONString.append(key, to: &out)
                out += indent == nil ? ":" : ": "
                value.write(to: &out, indent: inner)
            }
            out += closing + "}"
        }
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }
}
