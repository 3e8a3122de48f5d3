/// The three commonest wrapper prefixes, read on bytes: journald and syslog (`Apr 01 02:55:04 host
/// restic[4242]: `), an ISO stamp (`2024-04-01T02:55:04+02:00 `) and docker compose (`backup-1  | `).
/// The prefix alternation costs about a thousand instructions a line in PCRE2's JIT, and each line of
/// a listing carries one.
///
/// Each shape is read only where `WrapperPrefixParser.expression` provably takes it on its first
/// path: the alternatives before it fail on the first bytes, each greedy part takes what it first
/// takes, and the next byte ends the match. Anything else is left to the regex (nil).
struct CommonPrefix {
    enum Shape { case syslog, iso, container }
    let shape: Shape
    /// Where the prefix starts; a syslog prefix's fixed-width stamp and an ISO stamp's date and time
    /// are found from here.
    let start: Int
    /// Where the process or container name ends; the syslog PID's end and host's length.
    private let nameEnd, pidEnd, hostLength: Int
    /// Where the prefix ends: restic's text, or the next prefix, starts here.
    let end: Int
    /// The one test the reading made on the byte at `end`: a line with the same bytes before `end`
    /// whose byte there passes it reads the same.
    let after: After

    enum After {
        /// The reading stopped before `end`.
        case unread
        /// An optional space was not there: no byte, or another one.
        case notSpace
        /// A lower-case ASCII letter or `/`.
        case lowerCaseOrSlash
        /// An ASCII letter or `/`.
        case letterOrSlash

        @inline(__always) func admits(_ line: UnsafeBufferPointer<UInt8>, at end: Int) -> Bool {
            switch self {
            case .unread: return true
            case .notSpace: return end >= line.count || line[end] != UInt8(ascii: " ")
            case .lowerCaseOrSlash:
                return end < line.count && (line[end] &- UInt8(ascii: "a") < 26 || line[end] == UInt8(ascii: "/"))
            case .letterOrSlash:
                return end < line.count && ((line[end] | 0x20) &- UInt8(ascii: "a") < 26 || line[end] == UInt8(ascii: "/"))
            }
        }
    }

    var month: Range<Int>? { shape == .syslog ? start..<start + 3 : nil }
    var day: Range<Int>? { shape == .syslog ? start + 4..<start + 6 : nil }
    var time: Range<Int>? { shape == .syslog ? start + 7..<start + 15 : nil }
    var process: Range<Int>? { shape == .syslog ? start + 17 + hostLength..<nameEnd : nil }
    var pid: Range<Int>? { shape == .syslog ? nameEnd + 1..<pidEnd : nil }
    var iso: Range<Int>? { shape == .iso ? start..<start + 19 : nil }
    var container: Range<Int>? { shape == .container ? start..<nameEnd : nil }

    static func read(_ line: UnsafeBufferPointer<UInt8>, at offset: Int) -> CommonPrefix? {
        let reader = ByteReader(line: line, at: offset)
        return syslog(reader) ?? iso(reader) ?? container(reader)
    }

    /// The first alternative: three ASCII letters, a space, a two-digit day, a space, `HH:MM:SS`, a
    /// space, a host of 1 to 64 `[\w.-]` and a space, an ASCII letter and up to 63 more `[\w./@-]` of
    /// process name (the lazy name stops at the only `[` it can reach), `[`, 1 to 10 digits, `]:` and
    /// an optional space.
    private static func syslog(_ reader: ByteReader) -> CommonPrefix? {
        var r = reader
        guard r.run(3, 3, ByteReader.isLetter), r.take(" "), r.digits(2), r.take(" "), r.clock(), r.take(" ") else { return nil }
        let hostStart = r.i
        guard r.run(1, 64, ByteReader.isHostByte) else { return nil }
        let hostLength = r.i - hostStart
        guard r.take(" "), r.take(where: ByteReader.isLetter), r.run(0, 63, ByteReader.isProcessByte) else { return nil }
        let nameEnd = r.i
        guard r.take("["), r.run(1, 10, ByteReader.isDigit) else { return nil }
        let pidEnd = r.i
        guard r.take("]"), r.take(":") else { return nil }
        let spaced = r.take(" ")
        return CommonPrefix(shape: .syslog, start: reader.i, nameEnd: nameEnd, pidEnd: pidEnd, hostLength: hostLength, end: r.i,
                            after: spaced ? .unread : .notSpace)
    }

    /// The second alternative (the first needs `<` or a letter): `YYYY-MM-DD`, `T` or a space,
    /// `HH:MM:SS`, an optional `.` or `,` fraction, an optional `Z` or `±HH:MM`, then one space before
    /// a lower-case letter or `/` (so neither a zone like ` UTC` nor a ` - ` / ` | ` / ` :: ` separator
    /// can follow); after a zone, an upper-case letter too (the zone group is taken, and a separator
    /// starts with a space, `:`, `-` or `|`): restic's `Load(<data/...>) returned error` lines under
    /// an ISO stamp are read here, and an event line is then described from this reading.
    private static func iso(_ reader: ByteReader) -> CommonPrefix? {
        var r = reader
        guard r.digits(4), r.take("-"), r.digits(2), r.take("-"), r.digits(2), r.take("T") || r.take(" "), r.clock() else { return nil }
        if r.take(".") || r.take(",") {
            guard r.run(1, Int.max, ByteReader.isDigit) else { return nil }
        }
        var zoned = r.take("Z")
        if !zoned, r.take("+") || r.take("-") {
            guard r.digits(2), r.take(":"), r.digits(2) else { return nil }
            zoned = true
        }
        let after: After = zoned ? .letterOrSlash : .lowerCaseOrSlash
        guard r.take(" "), after.admits(reader.line, at: r.i) else { return nil }
        return CommonPrefix(shape: .iso, start: reader.i, nameEnd: 0, pidEnd: 0, hostLength: 0, end: r.i, after: after)
    }

    /// The sixth alternative: a container name of an ASCII letter and up to 63 more `[\w.-]`, spaces,
    /// `|` and an optional space. The alternatives before it fail: the name holds no space, `[`, `:`
    /// or digit-led stamp, and after its spaces comes `|`, not the day, time or process they need.
    private static func container(_ reader: ByteReader) -> CommonPrefix? {
        var r = reader
        guard r.take(where: ByteReader.isLetter), r.run(0, 63, ByteReader.isHostByte) else { return nil }
        let nameEnd = r.i
        guard r.run(1, Int.max, { $0 == UInt8(ascii: " ") }), r.take("|") else { return nil }
        let spaced = r.take(" ")
        return CommonPrefix(shape: .container, start: reader.i, nameEnd: nameEnd, pidEnd: 0, hostLength: 0, end: r.i,
                            after: spaced ? .unread : .notSpace)
    }
}

/// A cursor over a line's bytes for `CommonPrefix`.
private struct ByteReader {
    let line: UnsafeBufferPointer<UInt8>
    var i: Int

    init(line: UnsafeBufferPointer<UInt8>, at offset: Int) {
        self.line = line
        i = offset
    }

    @inline(__always) var byte: UInt8? { i < line.count ? line[i] : nil }

    @inline(__always) static func isLetter(_ b: UInt8) -> Bool { b | 0x20 >= UInt8(ascii: "a") && b | 0x20 <= UInt8(ascii: "z") }
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
    /// `[\w.-]`
    @inline(__always) static func isHostByte(_ b: UInt8) -> Bool { ByteClass.host.contains(b) }
    /// `[\w./@-]`
    @inline(__always) static func isProcessByte(_ b: UInt8) -> Bool { ByteClass.process.contains(b) }

    @inline(__always) mutating func take(where member: (UInt8) -> Bool) -> Bool {
        guard let byte, member(byte) else { return false }
        i += 1
        return true
    }

    @inline(__always) mutating func take(_ expected: Unicode.Scalar) -> Bool {
        guard byte == UInt8(ascii: expected) else { return false }
        i += 1
        return true
    }

    /// Every following byte of `member`; true when there were `least` to `most` of them.
    @inline(__always) mutating func run(_ least: Int, _ most: Int, _ member: (UInt8) -> Bool) -> Bool {
        let start = i
        while i < line.count, member(line[i]) { i += 1 }
        return i - start >= least && i - start <= most
    }

    @inline(__always) mutating func digits(_ count: Int) -> Bool { run(count, count, ByteReader.isDigit) }

    /// `HH:MM:SS`
    @inline(__always) mutating func clock() -> Bool { digits(2) && take(":") && digits(2) && take(":") && digits(2) }
}

/// A set of ASCII bytes as two bit masks: membership is a shift and a mask where a chain of
/// comparisons cost a dozen instructions a byte, and prefixes are read on every candidate line.
struct ByteClass {
    /// Bytes 0–63 and 64–127.
    let low, high: UInt64

    @inline(__always) func contains(_ b: UInt8) -> Bool {
        b < 128 && ((b < 64 ? low : high) >> UInt64(b & 63)) & 1 != 0
    }

    /// `[\w.-]`: ASCII letters and digits, `_`, `.`, `-`.
    static let host = ByteClass(low: 0x03FF_6000_0000_0000, high: 0x07FF_FFFE_87FF_FFFE)
    /// `[\w./@-]`
    static let process = ByteClass(low: 0x03FF_E000_0000_0000, high: 0x07FF_FFFE_87FF_FFFF)
}
