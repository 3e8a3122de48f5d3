/// One physical input line made ready for classification: wrapper prefixes peeled, colour codes and
/// CR removed, JSON and quoted key-value records decoded. One line may hold several restic messages
/// (a JSON message with `\n`, a logrus field with restic's stderr, `\r` progress redraws), each with
/// the time and process that the innermost wrapper around it gave.
public struct NormalizedLine: Sendable {
    public struct Message: Sendable {
        public var text: String
        public var prefix: LinePrefix
    }

    public var parts: [Message]
    /// The prefix of the physical line itself.
    public var prefix: LinePrefix
    /// Whether a wrapper prefix was peeled off the physical line.
    public var hasPrefix: Bool
    /// The physical line's length in bytes, without its line end.
    public var width: Int
    public var messages: [String] { parts.map(\.text) }
}

final class LineNormalizer: @unchecked Sendable {
    private let prefixes = WrapperPrefixParser()
    /// Records inside records (restic's JSON in docker's JSON, a script's stamped lines in a logrus
    /// field) are opened this deep.
    static let nestingLimit = 3

    func normalize(_ raw: UnsafeBufferPointer<UInt8>) -> NormalizedLine {
        var raw = raw
        while let last = raw.last, last == 0x0D || last == 0x0A { raw = UnsafeBufferPointer(rebasing: raw.dropLast()) }
        var bytes: Substring
        let prefix: LinePrefix
        let peeled: Bool
        if raw.contains(0x1B) {
            bytes = Substring(LineNormalizer.stripANSI(Substring(decoding: raw, as: UTF8.self)))
            let before = bytes.utf8.count
            prefix = prefixes.strip(&bytes)
            peeled = bytes.utf8.count < before
        } else {
            let (offset, found) = prefixes.strip(raw)
            // Invalid UTF-8 becomes U+FFFD: kept and classified, never a crash.
            bytes = Substring(decoding: UnsafeBufferPointer(rebasing: raw[offset...]), as: UTF8.self)
            prefix = found
            peeled = offset > 0
        }
        return NormalizedLine(parts: messages(in: bytes, under: prefix, depth: 0), prefix: prefix, hasPrefix: peeled, width: raw.count)
    }

    /// The restic messages in `text`, whose wrapper prefixes (below depth 0) are still on.
    private func messages(in text: Substring, under outer: LinePrefix, depth: Int) -> [NormalizedLine.Message] {
        var text = text
        let own = depth == 0 ? outer : outer.overlaid(by: prefixes.strip(&text))
        if depth < LineNormalizer.nestingLimit {
            if let json = JSONMessage.extract(from: text) {
                let record = own.overlaid(by: json.prefix)
                return LineNormalizer.pieces(json.message[...], separatedBy: 0x0A)
                    .flatMap { messages(in: $0, under: record, depth: depth + 1) }
            }
            if let fields = QuotedFieldRecord.extract(from: text) {
                let record = own.overlaid(by: LinePrefix(timestamp: fields.timestamp))
                return fields.lines.flatMap { line in
                    LineNormalizer.pieces(line[...], separatedBy: 0x0A).flatMap { messages(in: $0, under: record, depth: depth + 1) }
                }
            }
            // A progress bar redrawn with `\r` and a message printed over it share one line.
            if text.utf8.contains(0x0D) {
                return LineNormalizer.pieces(text, separatedBy: 0x0D).filter { !$0.isEmpty }.flatMap { messages(in: $0, under: own, depth: depth + 1) }
            }
        }
        return [NormalizedLine.Message(text: String(text), prefix: own)]
    }

    /// Splits on a byte rather than a Character, so `\r\n` (one Character) still splits at `\n` and `\r`.
    static func pieces(_ text: Substring, separatedBy byte: UInt8) -> [Substring] {
        let utf8 = text.utf8
        var pieces: [Substring] = []
        var start = utf8.startIndex
        while let end = utf8[start...].firstIndex(of: byte) {
            pieces.append(Substring(utf8[start..<end]))
            start = utf8.index(after: end)
        }
        pieces.append(Substring(utf8[start...]))
        return pieces.map { $0.utf8.last == 0x0D ? Substring($0.utf8.dropLast()) : $0 }
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
