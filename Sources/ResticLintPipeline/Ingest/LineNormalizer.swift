import ResticLintMatching

/// One physical input line made ready for classification: wrapper prefixes peeled, colour codes and
/// CR removed, JSON and quoted key-value records decoded. One line may hold several restic messages
/// (a JSON message with `\n`, a logrus field with restic's stderr, `\r` progress redraws), each with
/// the time and process that the innermost wrapper around it gave.
package struct NormalizedLine: Sendable {
    package struct Message: Sendable {
        package var text: String
        package var prefix: LinePrefix
    }

    package var parts: [Message]
    /// The prefix of the physical line itself.
    package var prefix: LinePrefix
    /// Whether a wrapper prefix was peeled off the physical line.
    package var hasPrefix: Bool
    /// The physical line's length in bytes, without its line end.
    package var width: Int
    package var messages: [String] { parts.map(\.text) }
}

/// Not Sendable: it owns a `WrapperPrefixParser` and is confined to one scanner like it.
package final class LineNormalizer {
    private let prefixes = WrapperPrefixParser()
    /// Records inside records (restic's JSON in docker's JSON, a script's stamped lines in a logrus
    /// field) are opened this deep.
    static let nestingLimit = 3

    package init() {}

    package func normalize(_ raw: UnsafeBufferPointer<UInt8>) -> NormalizedLine {
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
            if text.containsByte(0x0D) {
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

    /// The message bytes of a line `normalize` would turn into one plain message unchanged (ASCII,
    /// no colour codes, no JSON), after its wrapper prefixes; nil for any other line. Lets the
    /// scanner reject a line without decoding it. restic's `--json` progress lines (`status`,
    /// `verbose_status`, `summary`) count as plain: decoded they carry no message at all, and if they
    /// fail to decode their raw text is the message, so whatever cannot match the raw text cannot
    /// match either outcome.
    package func plainMessage(_ raw: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        plainLine(raw)?.message
    }

    /// A line `plainLine` accepted: its message, and where its prefixes end, so a line that turns
    /// out to be an event is normalized without reading its prefixes again.
    package struct PlainLine {
        package let message: UnsafeBufferPointer<UInt8>
        /// The line without its line end, and where its message starts.
        fileprivate let line: UnsafeBufferPointer<UInt8>
        fileprivate let offset: Int
        /// Where the first prefix ends, and whether the prefix memo holds it (`messageOffset`).
        fileprivate let plainHead: Int
        fileprivate let remembered: Bool
        /// A `{` was seen: a messageless progress line, which the full path decodes.
        fileprivate let brace: Bool
    }

    /// `plainMessage`'s reading of `raw`, kept for `normalize(_:)`.
    package func plainLine(_ raw: UnsafeBufferPointer<UInt8>) -> PlainLine? {
        var raw = raw
        while let last = raw.last, last == 0x0D || last == 0x0A { raw = UnsafeBufferPointer(rebasing: raw.dropLast()) }
        // `normalize` splits `\r` redraws and opens quoted-field records (logfmt, logr), whose restic
        // text is not the raw bytes: such lines take the full path (a `\r` anywhere in the line does).
        // The bytes of a first prefix read on bytes are known plain.
        let (offset, plainHead, remembered) = prefixes.messageOffset(raw)
        guard let seen = LineNormalizer.specialBytes(plainASCII: UnsafeBufferPointer(rebasing: raw[plainHead...])), !seen.carriageReturn
        else { return nil }
        let message = UnsafeBufferPointer(rebasing: raw[offset...])
        if seen.quote, LineNormalizer.quotedField.withUnsafeBufferPointer({ containsBytes(message, $0) }) { return nil }
        guard !seen.brace || MessagelessProgress.holds(message) else { return nil }
        return PlainLine(message: message, line: raw, offset: offset, plainHead: plainHead, remembered: remembered, brace: seen.brace)
    }

    /// The same as `normalize` on the line `plain` was read from, which must be the last line
    /// `plainLine` read (the prefix memo describes it) and unchanged since.
    /// A plain line without a brace is one message, its bytes after the prefixes as they are (no
    /// JSON object, quoted field, `\r` or escape to open). With no prefix, or only the first one
    /// and the memo holding it, nothing is left to read; any other line takes the full path.
    package func normalize(_ plain: PlainLine) -> NormalizedLine {
        guard !plain.brace else { return normalize(plain.line) }
        let prefix: LinePrefix
        if plain.offset == 0 {
            prefix = LinePrefix()
        } else if plain.remembered, plain.offset == plain.plainHead, let first = prefixes.rememberedFirst(of: plain.line) {
            prefix = first
        } else {
            return normalize(plain.line)
        }
        return NormalizedLine(parts: [NormalizedLine.Message(text: String(decoding: plain.message, as: UTF8.self), prefix: prefix)],
                              prefix: prefix, hasPrefix: plain.offset > 0, width: plain.line.count)
    }

    private static let quotedField = Array("=\"".utf8)

    /// nil when `bytes` hold a non-ASCII byte or an escape; otherwise whether they hold a `{`, a `\r`
    /// and a `"` (only a line with a quote can hold a quoted field, so most skip that search).
    /// Sixteen, then eight bytes at a time: the line is mostly plain ASCII and this runs on every
    /// candidate line.
    private static func specialBytes(plainASCII bytes: UnsafeBufferPointer<UInt8>) -> (brace: Bool, carriageReturn: Bool, quote: Bool)? {
        guard let base = bytes.baseAddress else { return (false, false, false) }
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func hasByte(_ word: UInt64, _ byte: UInt8) -> Bool {
            let x = word ^ (ones &* UInt64(byte))
            return (x &- ones) & ~x & highs != 0
        }
        var brace = false, carriageReturn = false, quote = false
        var i = 0
        @inline(__always) func test(_ word: UInt64) -> Bool {
            if word & highs != 0 { return false }
            // Most words hold no control byte (below 0x20), brace or quote: one test spares the four.
            guard (word &- ones &* 0x20) & ~word & highs != 0 || hasByte(word, UInt8(ascii: "{")) || hasByte(word, UInt8(ascii: "\""))
            else { return true }
            if hasByte(word, 0x1B) { return false }
            if !brace && hasByte(word, UInt8(ascii: "{")) { brace = true }
            if !carriageReturn && hasByte(word, 0x0D) { carriageReturn = true }
            if !quote && hasByte(word, UInt8(ascii: "\"")) { quote = true }
            return true
        }
        // Sixteen bytes a round first: one vector test finds a block with no control, non-ASCII, `{` or `"`
        // byte, which most are; any other block takes the word tests.
        let space = SIMD16<UInt8>(repeating: 0x20), printable = SIMD16<UInt8>(repeating: 0x60), openBrace = SIMD16<UInt8>(repeating: 0x7B)
        let doubleQuote = SIMD16<UInt8>(repeating: 0x22)
        while i + 16 <= bytes.count {
            let block = UnsafeRawPointer(base + i).loadUnaligned(as: SIMD16<UInt8>.self)
            if any((block &- space) .>= printable .| (block .== openBrace) .| (block .== doubleQuote)) {
                guard test(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)),
                      test(UnsafeRawPointer(base + i + 8).loadUnaligned(as: UInt64.self)) else { return nil }
            }
            i += 16
        }
        while i + 8 <= bytes.count {
            guard test(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) else { return nil }
            i += 8
        }
        // The last word overlaps the one before: a byte seen twice sets the same answer, and the byte
        // loop below ran up to seven rounds a line.
        if i < bytes.count, bytes.count >= 8 {
            guard test(UnsafeRawPointer(base + bytes.count - 8).loadUnaligned(as: UInt64.self)) else { return nil }
            i = bytes.count
        }
        while i < bytes.count {
            if base[i] >= 0x80 || base[i] == 0x1B { return nil }
            if base[i] == UInt8(ascii: "{") { brace = true }
            if base[i] == 0x0D { carriageReturn = true }
            if base[i] == UInt8(ascii: "\"") { quote = true }
            i += 1
        }
        return (brace, carriageReturn, quote)
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
