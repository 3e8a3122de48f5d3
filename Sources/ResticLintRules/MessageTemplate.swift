import ResticFormats

/// `{field}` placeholders in a rule's message and remediation, filled from the finding's fields.
/// A template is parsed once (per rule, by the correlator): a retry storm renders the same few
/// templates for thousands of findings, and walking the text by Character each time cost a sixth of
/// the dense profile.
package struct MessageTemplate: Sendable {
    package enum Piece: Sendable {
        case text(String)
        case field(String)
    }

    package let pieces: [Piece]

    /// Filled by the engine when it knows them: `fixed` only where a release fixes the problem for
    /// the run's version, `lock` only when the finding names one.
    static let builtinFields: Set<String> = [
        "version", "count", "related_locks", "fixed", "input", "run", "lock", "first_line",
    ]

    /// A `{` not followed by a name and `}` is text, as is everything after the last `}`.
    package init(_ text: String) {
        var pieces: [Piece] = []
        var literal = ""
        var rest = Substring(text)
        let ascii = isASCII(text.utf8)
        while let open = MessageTemplate.firstIndex(of: "{", in: rest, ascii: ascii) {
            literal += rest[..<open]
            let after = rest[rest.index(after: open)...]
            guard let close = MessageTemplate.firstIndex(of: "}", in: after, ascii: ascii) else {
                literal += rest[open...]
                rest = rest[rest.endIndex...]
                break
            }
            let name = after[..<close]
            guard MessageTemplate.isName(name) else {
                literal += "{"
                rest = after
                continue
            }
            if !literal.isEmpty { pieces.append(.text(literal)) }
            literal = ""
            pieces.append(.field(String(name)))
            rest = after[after.index(after: close)...]
        }
        literal += rest
        if !literal.isEmpty { pieces.append(.text(literal)) }
        self.pieces = pieces
    }

    /// A brace is a Character of its own: on ASCII text (every shipped rule) a byte search finds the
    /// same ones, and walking Character by Character cost about 400 instructions a character, a tenth
    /// of an empty run. Elsewhere a combining mark after a brace makes it no brace, as it always was.
    private static func firstIndex(of brace: Unicode.Scalar, in text: Substring, ascii: Bool) -> String.Index? {
        guard ascii else { return text.firstIndex(of: Character(brace)) }
        var bytes = text
        guard let offset = bytes.withUTF8({ $0.firstIndex(of: UInt8(brace.value)) }) else { return nil }
        return text.utf8.index(text.startIndex, offsetBy: offset)
    }

    private static func isName(_ name: Substring) -> Bool {
        !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    /// The names a validator checks. Unlike rendering, a brace pair that holds no name is skipped
    /// whole, so `{x{y}` names nothing here.
    package static func placeholders(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        let ascii = isASCII(text.utf8)
        while let open = firstIndex(of: "{", in: rest, ascii: ascii) {
            let after = rest[rest.index(after: open)...]
            guard let close = firstIndex(of: "}", in: after, ascii: ascii) else { break }
            let name = after[..<close]
            if isName(name) { names.append(String(name)) }
            rest = after[after.index(after: close)...]
        }
        return names
    }

    /// The text with every placeholder filled, or nil when any placeholder has no value: a template
    /// is shown whole or not at all, never with a gap or a stand-in ("Upgrade restic to  or later").
    package func render(fields: [String: String]) -> String? {
        render { fields[$0] }
    }

    /// The text with each placeholder's value from `value`; nil when one has none.
    package func render(_ value: (String) -> String?) -> String? {
        var out = ""
        for piece in pieces {
            switch piece {
            case .text(let text): out += text
            case .field(let name):
                guard let value = value(name) else { return nil }
                out += value
            }
        }
        return out
    }

    package static func render(_ text: String, fields: [String: String]) -> String? {
        MessageTemplate(text).render(fields: fields)
    }

    /// Documentation (a rule's help, not a finding): known placeholders filled, the others shown as
    /// `{name}` so the reader sees what a finding will fill in.
    package static func fillKnown(_ text: String, fields: [String: String]) -> String {
        var fields = fields
        for name in placeholders(in: text) where fields[name] == nil { fields[name] = "{\(name)}" }
        return render(text, fields: fields) ?? text
    }
}
