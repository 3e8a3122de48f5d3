/// Stable identities for findings, so CI systems recognise the same problem across runs. They hash
/// the rule and the primary evidence text with volatile parts (durations, spacing) masked, never line
/// numbers, so a finding keeps its identity when the log grows above it.
enum Fingerprints {
    /// The evidence line a finding is anchored at: its trigger line.
    static func primaryEvidence(_ finding: Finding) -> EvidenceLine? {
        finding.evidence.first { $0.line == finding.line } ?? finding.evidence.first
    }

    static func normalized(_ text: String) -> String {
        maskDurations(text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " "))
    }

    static func primaryText(_ finding: Finding) -> String {
        normalized(primaryEvidence(finding)?.text ?? finding.message)
    }

    /// SARIF `partialFingerprints.primaryLocationLineHash`: `<16 hex>:<occurrence in the file, from 1>`,
    /// the shape GitHub computes itself. Occurrences count as findings stream past.
    struct LineHashes {
        private var seen: [String: Int] = [:]

        mutating func next(_ finding: Finding) -> String {
            let hash = String(SHA256.hex("resticlint/v1\u{0}\(finding.rule)\u{0}\(primaryText(finding))").prefix(16))
            let key = "\(finding.input)\u{0}\(hash)"
            let occurrence = seen[key, default: 0] + 1
            seen[key] = occurrence
            return "\(hash):\(occurrence)"
        }
    }

    /// The baseline key: rule, input and trigger text, so a log that grows does not re-open old findings.
    static func baseline(_ finding: Finding) -> String {
        String(SHA256.hex("resticlint/v1\u{0}\(finding.rule)\u{0}\(finding.input)\u{0}\(primaryText(finding))").prefix(16))
    }

    /// GitLab Code Quality fingerprints: unique per finding (rule, input, evidence, occurrence).
    struct CodeQuality {
        private var seen: [String: Int] = [:]

        mutating func next(_ finding: Finding, path: String) -> String {
            let key = "\(finding.rule)\u{0}\(path)\u{0}\(primaryText(finding))"
            let index = seen[key, default: 0]
            seen[key] = index + 1
            return String(SHA256.hex("resticlint/v1\u{0}\(key)\u{0}\(index)").prefix(32))
        }
    }

    /// Replaces Go durations (`1.032s`, `552.330144ms`, `1h2m3s`) with `<duration>`: retry delays and
    /// lock ages change from run to run while the problem stays the same.
    static func maskDurations(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        func isWord(_ s: Unicode.Scalar) -> Bool { s.properties.isAlphabetic || s.properties.numericType != nil || s == "_" }
        func isDigit(_ index: Int) -> Bool { index < scalars.count && ("0"..."9").contains(scalars[index]) }
        while i < scalars.count {
            let boundary = i == 0 || !(isWord(scalars[i - 1]) || scalars[i - 1] == ".")
            if boundary, isDigit(i), let end = durationEnd(scalars, from: i, isDigit: isDigit),
               end == scalars.count || !isWord(scalars[end]) {
                out.append(contentsOf: "<duration>".unicodeScalars)
                i = end
                continue
            }
            out.append(scalars[i])
            i += 1
        }
        return String(out)
    }

    private static func durationEnd(_ s: [Unicode.Scalar], from start: Int, isDigit: (Int) -> Bool) -> Int? {
        var i = start
        var matched: Int?
        while isDigit(i) {
            while isDigit(i) { i += 1 }
            if i < s.count, s[i] == ".", isDigit(i + 1) {
                i += 1
                while isDigit(i) { i += 1 }
            }
            let units: [String] = ["ns", "us", "µs", "μs", "ms", "s", "m", "h"]
            guard let unit = units.first(where: { unit in
                let u = Array(unit.unicodeScalars)
                return i + u.count <= s.count && Array(s[i..<(i + u.count)]) == u
            }) else { return matched }
            i += unit.unicodeScalars.count
            matched = i
        }
        return matched
    }
}
