/// `{field}` placeholders in a rule's message and remediation, filled from the finding's fields.
package enum MessageTemplate {
    /// Filled by the engine when it knows them: `fixed` only where a release fixes the problem for
    /// the run's version, `lock` only when the finding names one.
    static let builtinFields: Set<String> = [
        "version", "count", "related_locks", "fixed", "input", "run", "lock", "first_line",
    ]

    static func placeholders(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            let name = after[..<close]
            if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) { names.append(String(name)) }
            rest = after[after.index(after: close)...]
        }
        return names
    }

    /// The text with every placeholder filled, or nil when any placeholder has no value: a template
    /// is shown whole or not at all, never with a gap or a stand-in ("Upgrade restic to  or later").
    package static func render(_ text: String, fields: [String: String]) -> String? {
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            let name = after[..<close]
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                out += "{"
                rest = after
                continue
            }
            guard let value = fields[String(name)] else { return nil }
            out += value
            rest = after[after.index(after: close)...]
        }
        return out + rest
    }

    /// Documentation (a rule's help, not a finding): known placeholders filled, the others shown as
    /// `{name}` so the reader sees what a finding will fill in.
    package static func fillKnown(_ text: String, fields: [String: String]) -> String {
        var fields = fields
        for name in placeholders(in: text) where fields[name] == nil { fields[name] = "{\(name)}" }
        return render(text, fields: fields) ?? text
    }
}
