/// One physical input line made ready for classification: wrapper prefixes peeled, colour codes and
/// CR removed, JSON decoded. A JSON message may hold several lines of restic text.
public struct NormalizedLine: Sendable {
    public var messages: [String]
    public var prefix: LinePrefix
}

final class LineNormalizer: @unchecked Sendable {
    private let prefixes = WrapperPrefixParser()

    func normalize(_ raw: UnsafeBufferPointer<UInt8>) -> NormalizedLine {
        var bytes = Substring(decoding: raw, as: UTF8.self)  // invalid UTF-8 becomes U+FFFD, never a crash
        while let last = bytes.last, last == "\r" || last == "\n" { bytes = bytes.dropLast() }
        if bytes.contains("\u{1B}") { bytes = Substring(LineNormalizer.stripANSI(bytes)) }
        let prefix = prefixes.strip(&bytes)
        if let message = JSONMessage.extract(from: bytes) {
            return NormalizedLine(messages: message.split(separator: "\n", omittingEmptySubsequences: false).map(String.init),
                                  prefix: prefix)
        }
        return NormalizedLine(messages: [String(bytes)], prefix: prefix)
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
