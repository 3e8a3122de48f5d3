/// Says, for one input line, what each stage made of it and why each pattern matched or not:
/// the answer to "why did my rule not fire on this line?".
public struct LineExplainer {
    let catalog: RuleCatalog
    private let prefilter: Prefilter

    public init(catalog: RuleCatalog) {
        self.catalog = catalog
        prefilter = Prefilter(catalog: catalog)
    }

    public func explain(_ line: String) -> [String] {
        var out: [String] = []
        let bytes = Array(line.utf8)
        let passes = bytes.withUnsafeBufferPointer { prefilter.scanner(sample: $0).firstMatch(in: $0, from: 0) != nil }
        out.append("prefilter: \(passes ? "passes (contains a literal some pattern needs)" : "skipped: contains none of the literals any pattern needs")")
        let normalized = bytes.withUnsafeBufferPointer { LineNormalizer().normalize($0) }
        if let timestamp = normalized.prefix.timestamp { out.append("timestamp: \(timestamp.seconds)\(timestamp.hasYear ? "" : " (no year)")") }
        if let pid = normalized.prefix.pid { out.append("process: \(normalized.prefix.process ?? "?")[\(pid)]") }
        let matchData = MatchData()
        for message in normalized.messages {
            out.append("message: \(message)")
            for rule in catalog.rules {
                for pattern in rule.patterns {
                    let haystack = pattern.caseInsensitive ? message.lowercased() : message
                    if let literals = pattern.literals, !literals.contains(where: { haystack.containsBytes($0) }) {
                        out.append("  \(rule.id).\(pattern.name): no (lacks \(literals.map { "\"\($0)\"" }.joined(separator: " or ")))")
                        continue
                    }
                    do {
                        if let captures = try pattern.regex.captures(in: message, using: matchData) {
                            let shown = captures.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
                            out.append("  \(rule.id).\(pattern.name): MATCH \(shown)")
                        } else {
                            out.append("  \(rule.id).\(pattern.name): no (literal present, regex does not match)")
                        }
                    } catch {
                        out.append("  \(rule.id).\(pattern.name): ERROR \(error)")
                    }
                }
            }
        }
        return out
    }
}
