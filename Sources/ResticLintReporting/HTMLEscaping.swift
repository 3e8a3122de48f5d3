import ResticFormats

/// Everything a report takes from a log or a rule goes through here before it reaches the page, so
/// a log line holding `<script>`, `</svg>`, quotes or control bytes renders as the text it is.
enum HTML {
    /// Text content and attribute values alike (quotes are escaped too). The result is also
    /// well-formed XML, so it is safe inside inline SVG.
    static func text(_ s: String) -> String {
        escapedASCII(s) { byte, out in
            guard !appendEntity(byte, to: &out) else { return }
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): out.append(contentsOf: "&#39;".utf8)
            case UInt8(ascii: "\t"), UInt8(ascii: "\n"): out.append(byte)
            // `visible`: U+2400 + the byte, and U+2421 for DEL, in UTF-8.
            case 0x00..<0x20: out.append(contentsOf: [0xE2, 0x90, 0x80 + byte])
            case 0x7F: out.append(contentsOf: [0xE2, 0x90, 0xA1])
            default: out.append(byte)
            }
        } ?? textByScalars(s)
    }

    /// ASCII text escaped on its bytes (`escape` appends each byte's replacement, or the byte); nil
    /// when a byte is not ASCII, for the caller's reference walk. Every ASCII byte is one scalar and,
    /// but for CR LF, one Character, so both walks give the same text; appending scalar by scalar or
    /// Character by Character cost about a million instructions per finding of a dense log's report.
    static func escapedASCII(_ text: String, _ escape: (UInt8, inout [UInt8]) -> Void) -> String? {
        var text = text
        return text.withUTF8 { bytes in
            guard isASCII(bytes) else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            for byte in bytes { escape(byte, &out) }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// `&`, `<` and `>` as entities, which HTML and Markdown text share; whether `byte` was one.
    static func appendEntity(_ byte: UInt8, to out: inout [UInt8]) -> Bool {
        switch byte {
        case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
        case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
        case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
        default: return false
        }
        return true
    }

    static func textByScalars(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            default:
                out.unicodeScalars.append(visible(scalar))
            }
        }
        return out
    }

    /// Characters HTML and XML forbid in a document become visible stand-ins: C0 controls their
    /// Control Pictures (ESC shows as ␛, NUL as ␀), DEL ␡, C1 controls and noncharacters U+FFFD.
    private static func visible(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let v = scalar.value
        switch v {
        case 0x00..<0x20: return Unicode.Scalar(0x2400 + v)!
        case 0x7F: return "\u{2421}"
        case 0x80...0x9F, 0xFDD0...0xFDEF: return "\u{FFFD}"
        default: return v & 0xFFFE == 0xFFFE ? "\u{FFFD}" : scalar
        }
    }

    /// Rule prose (advice, diagnoses): escaped like `text`, with the rule authors' `code spans` set as
    /// code when the backticks pair up; an odd one out stays a backtick.
    static func prose(_ s: String) -> String {
        let parts = text(s).split(separator: "`", omittingEmptySubsequences: false)
        var out = ""
        for (index, part) in parts.enumerated() {
            if index % 2 == 0 {
                out += part
            } else {
                out += index < parts.count - 1 ? "<code>\(part)</code>" : "`" + part
            }
        }
        return out
    }

    /// An `href` for a rule's reference: only http(s) URLs link; anything else is shown as text.
    static func link(_ url: String) -> String {
        let lower = url.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { return "<code>\(text(url))</code>" }
        return "<a href=\"\(text(url))\" rel=\"noreferrer\">\(text(url))</a>"
    }

    /// A fragment id made of `[a-z0-9-]` only, whatever the input.
    static func id(_ parts: Any...) -> String {
        parts.map { "\($0)" }.joined(separator: "-").lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? String($0) : "-" }.joined()
    }

    /// `1,234` for counts in tables.
    static func number(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }
}
