/// One physical input line made ready for classification: wrapper prefixes peeled, colour codes and
/// CR removed, JSON decoded. A JSON message may hold several lines of restic text.
public struct NormalizedLine: Sendable {
    public var messages: [String]
    public var prefix: LinePrefix
}

final class LineNormalizer: @unchecked Sendable {
    private let prefixes = WrapperPrefixParser()

    func normalize(_ raw: UnsafeBufferPointer<UInt8>) -> NormalizedLine {
        var raw = raw
        while let last = raw.last, last == 0x0D || last == 0x0A { raw = UnsafeBufferPointer(rebasing: raw.dropLast()) }
        var bytes: Substring
        let prefix: LinePrefix
        if raw.contains(0x1B) {
            bytes = Substring(LineNormalizer.stripANSI(Substring(decoding: raw, as: UTF8.self)))
            prefix = prefixes.strip(&bytes)
        } else {
            let (offset, found) = prefixes.strip(raw)
            // Invalid UTF-8 becomes U+FFFD: kept and classified, never a crash.
            bytes = Substring(decoding: UnsafeBufferPointer(rebasing: raw[offset...]), as: UTF8.self)
            prefix = found
        }
        if let message = JSONMessage.extract(from: bytes) {
            return NormalizedLine(messages: message.split(separator: "\n", omittingEmptySubsequences: false).map(String.init),
                                  prefix: prefix)
        }
        return NormalizedLine(messages: [String(bytes)], prefix: prefix)
    }

    /// The message bytes of a line `normalize` would turn into one plain message unchanged (ASCII,
    /// no colour codes, no JSON), after its wrapper prefixes; nil for any other line. Lets the
    /// scanner reject a line without decoding it. restic's `--json` progress lines (`status`,
    /// `verbose_status`, `summary`) count as plain: decoded they carry no message at all, and if they
    /// fail to decode their raw text is the message, so whatever cannot match the raw text cannot
    /// match either outcome.
    func plainMessage(_ raw: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        var raw = raw
        while let last = raw.last, last == 0x0D || last == 0x0A { raw = UnsafeBufferPointer(rebasing: raw.dropLast()) }
        guard let braces = LineNormalizer.holdsBrace(plainASCII: raw) else { return nil }
        let message = UnsafeBufferPointer(rebasing: raw[prefixes.strip(raw).offset...])
        return !braces || LineNormalizer.isMessagelessProgress(message) ? message : nil
    }

    /// nil when `bytes` hold a non-ASCII byte or an escape; otherwise whether they hold a `{`.
    /// Eight bytes at a time: the line is mostly plain ASCII and this runs on every candidate line.
    private static func holdsBrace(plainASCII bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard let base = bytes.baseAddress else { return false }
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func hasByte(_ word: UInt64, _ byte: UInt8) -> Bool {
            let x = word ^ (ones &* UInt64(byte))
            return (x &- ones) & ~x & highs != 0
        }
        var braces = false
        var i = 0
        while i + 8 <= bytes.count {
            let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            if word & highs != 0 || hasByte(word, 0x1B) { return nil }
            if !braces && hasByte(word, UInt8(ascii: "{")) { braces = true }
            i += 8
        }
        while i < bytes.count {
            if base[i] >= 0x80 || base[i] == 0x1B { return nil }
            if base[i] == UInt8(ascii: "{") { braces = true }
            i += 1
        }
        return braces
    }

    private static let progressHeads = [#"{"message_type":"verbose_status","#, #"{"message_type":"status","#, #"{"message_type":"summary","#]
        .map { Array($0.utf8) }
    /// Keys that would give a decoded object a message (`JSONMessage.extract`).
    private static let messageKeys = [#""message":"#, #""msg":"#, #""MESSAGE":"#, #""go_version""#].map { Array($0.utf8) }

    private static func isMessagelessProgress(_ message: UnsafeBufferPointer<UInt8>) -> Bool {
        guard progressHeads.contains(where: { message.starts(with: $0) }) else { return false }
        return !messageKeys.contains { key in key.withUnsafeBufferPointer { containsBytes(message, $0) } }
    }

    /// Drops CSI (`ESC [ ... final`) and OSC (`ESC ] ... BEL`) sequences and lone escapes.
    static func stripANSI(_ text: Substring) -> String {
        var out = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        while let c = scalars.next() {
            guard c == "\u{1B}" else { out.append(c); continue }
            switch scalars.next() {
            case "[":
                while let s = scalars.next(), !(0x40...0x7E).contains(s.value) {}
            case "]":
                while let s = scalars.next(), s != "\u{07}", s != "\u{1B}" {}
            default:
                break
            }
        }
        return String(out)
    }
}
