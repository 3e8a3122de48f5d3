import ResticFormats

/// The error of a finding with its volatile parts (paths, IDs, long numbers, durations) masked, so
/// repeats of one problem aggregate: `Get https://x/data/ab/abcdef...: 503 after 1.2s` →
/// `Get <path>: 503 after <duration>`.
///
/// Every finding of a retry storm needs its class, and the Character-by-Character walk cost a sixth
/// of the dense profile; restic's errors are ASCII, so those are masked on their bytes by the same
/// rules (`ErrorClassTests` holds the two paths equal), and only other text takes the Unicode path.
enum ErrorClass {
    static func of(_ text: String) -> String {
        var bytes = text
        return bytes.withUTF8 { isASCII($0) ? ascii($0) : nil } ?? unicode(text)
    }

    /// The reference definition, on Characters and Unicode scalars.
    static func unicode(_ text: String) -> String {
        let words = text.split(whereSeparator: { $0.isWhitespace }).map { word -> String in
            if word.contains("/") { return word.hasSuffix(":") ? "<path>:" : "<path>" }
            let core = word.filter { $0.isLetter || $0.isNumber }
            let isID = core.count >= 6 && core.allSatisfy(\.isHexDigit) && core.contains(where: \.isNumber)
            let isCount = core.count >= 4 && core.allSatisfy(\.isNumber)
            return isID || isCount ? "<id>" : String(word)
        }
        return GoDuration.maskedByScalars(words.joined(separator: " "))
    }

    /// The same rules on ASCII bytes, where a letter is `A-Za-z`, a number `0-9` and whitespace
    /// `\t\n\v\f\r` and space.
    static func ascii(_ text: UnsafeBufferPointer<UInt8>) -> String {
        var joined: [UInt8] = []
        joined.reserveCapacity(text.count)
        var start = 0
        while start < text.count {
            guard !isSpace(text[start]) else { start += 1; continue }
            var end = start
            while end < text.count, !isSpace(text[end]) { end += 1 }
            if !joined.isEmpty { joined.append(0x20) }
            appendMasked(UnsafeBufferPointer(rebasing: text[start..<end]), to: &joined)
            start = end
        }
        return String(decoding: GoDuration.maskedASCII(joined), as: UTF8.self)
    }

    private static func appendMasked(_ word: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        if word.contains(UInt8(ascii: "/")) {
            out.append(contentsOf: word.last == UInt8(ascii: ":") ? "<path>:".utf8 : "<path>".utf8)
            return
        }
        var core = 0, digits = 0, hex = 0
        for byte in word where isLetter(byte) || isDigit(byte) {
            core += 1
            if isDigit(byte) { digits += 1 }
            if isHexDigit(byte) { hex += 1 }
        }
        let isID = core >= 6 && hex == core && digits > 0
        let isCount = core >= 4 && digits == core
        if isID || isCount { out.append(contentsOf: "<id>".utf8) } else { out.append(contentsOf: word) }
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (0x09...0x0D).contains(b) }
    private static func isDigit(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) }
    private static func isLetter(_ b: UInt8) -> Bool { (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) }
    private static func isHexDigit(_ b: UInt8) -> Bool { isDigit(b) || (0x61...0x66).contains(b | 0x20) }
}
