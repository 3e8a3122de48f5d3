/// JSON string literals as restic's Go encoder and the reports write them: the model writes lock
/// files and `--json` lines with it, the analyzer its JSON-based reports.
public enum JSONString {
    /// `text` as a quoted JSON string.
    public static func quoted(_ text: String) -> String {
        var out = ""
        append(text, to: &out)
        return out
    }

    /// Appends `text` as a quoted JSON string; control characters become `\uXXXX` escapes.
    public static func append(_ text: String, to out: inout String) {
        var bytes: [UInt8] = []
        append(text, to: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// The same, as UTF-8 bytes: reports that write thousands of strings append them whole, with
    /// no per-character work besides the scan for what needs escaping.
    public static func append(_ text: String, to out: inout [UInt8]) {
        out.append(0x22)
        var text = text
        text.withUTF8 { utf8 in
            guard let base = UnsafeRawPointer(utf8.baseAddress) else { return }
            var start = 0, i = 0
            while i < utf8.count {
                // Evidence lines are long and rarely need an escape: eight bytes a step until one may.
                if i + 8 <= utf8.count, !mayNeedEscape(base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) {
                    i += 8
                    continue
                }
                let byte = utf8[i]
                if byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<i]))
                    escape(byte, to: &out)
                    start = i + 1
                }
                i += 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        out.append(0x22)
    }

    /// Whether any of eight bytes is a control byte, a quote, a backslash or DEL: the classic exact
    /// tests for a byte below 0x20 and for a zero byte, on the word and on it XORed with each of those.
    private static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ x: UInt64) -> Bool { (x &- ones) & ~x & highs != 0 }
        let below0x20 = (word &- ones &* 0x20) & ~word & highs != 0
        return below0x20 || hasZero(word ^ (ones &* 0x22)) || hasZero(word ^ (ones &* 0x5C)) || hasZero(word ^ (ones &* 0x7F))
    }

    /// An ASCII byte that JSON cannot hold as it is: `\"`, `\\`, `\n`, `\r`, `\t`, else `\u00xx`.
    private static func escape(_ byte: UInt8, to out: inout [UInt8]) {
        let backslash: UInt8 = 0x5C
        switch byte {
        case 0x22, 0x5C: out += [backslash, byte]
        case 0x0A: out += [backslash, UInt8(ascii: "n")]
        case 0x0D: out += [backslash, UInt8(ascii: "r")]
        case 0x09: out += [backslash, UInt8(ascii: "t")]
        default:
            let hex = Array("0123456789abcdef".utf8)
            out += [backslash, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
        }
    }
}
