/// How much of one message is classified and kept. restic's own messages are far shorter than the
/// limit (its longest, an error quoting a long URL or path, stays well under 1 KiB), while the regex
/// work and the memory an open run holds grow with every byte kept: a log anyone can write (a 16 KiB
/// line that starts like a lock load failure) must not cost more than restic's messages do. The rest
/// of a longer message is counted, never silently dropped: the event knows how many bytes it lost,
/// its evidence shows the cut, and the input's statistics count such messages (`cutMessages`).
enum MessageCut {
    static let limit = 1 << 12

    /// The text's first `limit` bytes, ending on a character boundary, and how many bytes were left out.
    /// Consuming: nearly every text is returned whole, and passed in it needs no retain of its own.
    static func head(of text: consuming String, limit: Int = MessageCut.limit) -> (text: String, cutBytes: Int) {
        guard text.utf8.count > limit else { return (text, 0) }
        let utf8 = text.utf8
        var end = utf8.index(utf8.startIndex, offsetBy: limit)
        // Never split a multi-byte character: back up over continuation bytes (10xxxxxx).
        while end > utf8.startIndex, utf8[end] & 0xC0 == 0x80 { end = utf8.index(before: end) }
        let head = String(Substring(utf8[..<end]))
        return (head, utf8.count - head.utf8.count)
    }

    /// The text as evidence shows it: with a visible marker where it was cut.
    static func marked(_ text: String, cutBytes: Int) -> String {
        cutBytes > 0 ? text + " [... \(cutBytes) bytes cut]" : text
    }
}
