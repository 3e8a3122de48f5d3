/// A finding's identity across runs of resticlint on a growing log: rule, input and the trigger's
/// text with volatile parts (durations, ages, retry counts) masked. Line numbers are not part of it.
public enum FindingFingerprint {
    public static func of(_ finding: Finding) -> String {
        let trigger = finding.evidence.first { $0.line == finding.line }?.text ?? finding.message
        return hex(fnv1a("\(finding.rule)\u{0}\(finding.input)\u{0}\(normalized(trigger))"))
    }

    /// Masks numbers with units (`1.2s`, `1h26m16s`, `552ms`) and bare counts; keeps hex IDs.
    static func normalized(_ text: String) -> String {
        var out = ""
        var scalars = Array(text.unicodeScalars)[...]
        while let c = scalars.first {
            if CharacterSet.decimalDigit(c), !(out.unicodeScalars.last.map(CharacterSet.hexLetterOrDigit) ?? false) {
                let run = scalars.prefix { CharacterSet.decimalDigit($0) || $0 == "." || ["h", "m", "s", "u", "µ", "n"].contains($0) }
                let next = scalars.dropFirst(run.count).first
                if next.map(CharacterSet.hexLetterOrDigit) ?? false {
                    out.unicodeScalars.append(contentsOf: run)  // part of a hex ID
                } else {
                    out += "#"
                }
                scalars = scalars.dropFirst(run.count)
            } else {
                out.unicodeScalars.append(c)
                scalars = scalars.dropFirst()
            }
        }
        return out
    }

    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0100_0000_01b3
        }
        return hash
    }

    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

private enum CharacterSet {
    static func decimalDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
    static func hexLetterOrDigit(_ c: Unicode.Scalar) -> Bool { decimalDigit(c) || ("a"..."f").contains(c) || ("A"..."F").contains(c) }
}
