import ResticFormats
import ResticLintRules

/// Stable identities for findings, so CI systems recognise the same problem across runs. They hash
/// the rule and the primary evidence text with volatile parts (durations, spacing) masked, never line
/// numbers, so a finding keeps its identity when the log grows above it.
package enum Fingerprints {
    /// The evidence line a finding is anchored at: its trigger line.
    package static func primaryEvidence(_ finding: Finding) -> EvidenceLine? {
        finding.evidence.first { $0.line == finding.line } ?? finding.evidence.first
    }

    /// The text's words joined by one space, durations masked. ASCII text (restic's messages) on its
    /// bytes: the Character split and the scalar walk cost about 150 K instructions an evidence line,
    /// and SARIF and GitLab fingerprint every finding.
    package static func normalized(_ text: String) -> String {
        var bytes = text
        return bytes.withUTF8 { isASCII($0) ? String(decoding: GoDuration.maskedASCII(words($0)), as: UTF8.self) : nil }
            ?? normalizedByCharacters(text)
    }

    /// ASCII words joined by one space. On ASCII a white-space Character is one of `\t\n\v\f\r` and
    /// space, or CR LF, both of whose bytes are.
    private static func words(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var spaceBefore = false
        for byte in text {
            if byte == 0x20 || (0x09...0x0D).contains(byte) {
                spaceBefore = !out.isEmpty
                continue
            }
            if spaceBefore { out.append(0x20) }
            spaceBefore = false
            out.append(byte)
        }
        return out
    }

    /// The reference definition of `normalized`, on Characters and unicode scalars.
    package static func normalizedByCharacters(_ text: String) -> String {
        GoDuration.maskedByScalars(text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " "))
    }

    package static func primaryText(_ finding: Finding) -> String {
        normalized(primaryEvidence(finding)?.text ?? finding.message)
    }

    /// SARIF `partialFingerprints.primaryLocationLineHash`: `<16 hex>:<occurrence in the file, from 1>`,
    /// the shape GitHub computes itself. Occurrences count as findings stream past.
    package struct LineHashes {
        private var seen: [String: Int] = [:]

        package init() {}

        package mutating func next(_ finding: Finding) -> String {
            let hash = String(SHA256.hex("resticlint/v1\u{0}\(finding.rule)\u{0}\(primaryText(finding))").prefix(16))
            let key = "\(finding.input)\u{0}\(hash)"
            let occurrence = seen[key, default: 0] + 1
            seen[key] = occurrence
            return "\(hash):\(occurrence)"
        }
    }

    /// The baseline key: rule, input and trigger text, so a log that grows does not re-open old findings.
    package static func baseline(_ finding: Finding) -> String {
        String(SHA256.hex("resticlint/v1\u{0}\(finding.rule)\u{0}\(finding.input)\u{0}\(primaryText(finding))").prefix(16))
    }

    /// GitLab Code Quality fingerprints: unique per finding (rule, input, evidence, occurrence).
    package struct CodeQuality {
        private var seen: [String: Int] = [:]

        package init() {}

        package mutating func next(_ finding: Finding, path: String) -> String {
            let key = "\(finding.rule)\u{0}\(path)\u{0}\(primaryText(finding))"
            let index = seen[key, default: 0]
            seen[key] = index + 1
            return String(SHA256.hex("resticlint/v1\u{0}\(key)\u{0}\(index)").prefix(32))
        }
    }
}
