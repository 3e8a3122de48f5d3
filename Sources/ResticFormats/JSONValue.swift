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
        var out: [UInt8] = []
        write(to: &out, indent: pretty ? 0 : nil)
        return String(decoding: out, as: UTF8.self)
    }

    /// Pretty-printed as if nested `level` deep: a piece of a document written in parts.
    package func serialized(level: Int) -> String {
        var out: [UInt8] = []
        write(to: &out, indent: level)
        return String(decoding: out, as: UTF8.self)
    }

    /// As UTF-8 bytes, a line break and indentation written only where a container needs one: a
    /// `String` appended to piece by piece, with both indentations built for every value, scalars
    /// too, cost most of a SARIF report (about 750 K instructions a result).
    private func write(to out: inout [UInt8], indent: Int?) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .double(let d): out.append(contentsOf: (d.isFinite ? (d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)) : "null").utf8)
        case .string(let s): JSONString.append(s, to: &out)
        case .array(let items):
            guard !items.isEmpty else { out.append(contentsOf: "[]".utf8); return }
            if items.allSatisfy(\.isScalar) {
                // Lists of line numbers and strings read better on one line.
                out.append(UInt8(ascii: "["))
                for (i, item) in items.enumerated() {
                    if i > 0 { out.append(contentsOf: (indent == nil ? "," : ", ").utf8) }
                    item.write(to: &out, indent: nil)
                }
                out.append(UInt8(ascii: "]"))
                return
            }
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                Self.lineBreak(to: &out, indent: indent.map { $0 + 1 })
                item.write(to: &out, indent: indent.map { $0 + 1 })
            }
            Self.lineBreak(to: &out, indent: indent)
            out.append(UInt8(ascii: "]"))
        case .object(let pairs):
            guard !pairs.isEmpty else { out.append(contentsOf: "{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            for (i, (key, value)) in pairs.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                Self.lineBreak(to: &out, indent: indent.map { $0 + 1 })
                JSONString.append(key, to: &out)
                out.append(contentsOf: (indent == nil ? ":" : ": ").utf8)
                value.write(to: &out, indent: indent.map { $0 + 1 })
            }
            Self.lineBreak(to: &out, indent: indent)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A line break and two spaces per level when pretty; nothing when compact.
    private static func lineBreak(to out: inout [UInt8], indent: Int?) {
        guard let indent else { return }
        out.append(0x0A)
        out.append(contentsOf: repeatElement(0x20, count: 2 * indent))
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }
}
