import ResticFormats
import ResticLintMatching

/// What a wrapper put in front of restic's own text: a timestamp, a journald process and PID, a
/// container name. Wrappers nest (docker around a timestamped script), so prefixes are peeled in a
/// loop, and the innermost stamp and PID win: they were written closest to restic.
package struct LinePrefix: Sendable, Equatable {
    package var timestamp: WallClock?
    package var process: String?
    package var pid: Int?

    /// `inner` (a prefix found inside a wrapper record) over this one; a yearless inner stamp takes
    /// this one's year.
    func overlaid(by inner: LinePrefix) -> LinePrefix {
        var merged = self
        if let stamp = inner.timestamp {
            merged.timestamp = timestamp.map { $0.hasYear ? stamp.placed(inYear: $0.year) : stamp } ?? stamp
        }
        merged.process = inner.process ?? process
        merged.pid = inner.pid ?? pid
        return merged
    }
}

/// Not Sendable: its match data is mutable scratch, so each scanner owns its own parser.
final class WrapperPrefixParser {
    /// Every known wrapper prefix as one alternation anchored with `\G` at the current offset, so
    /// peeling a prefix is one JIT match on the line's bytes. Compiled once per process: compiled
    /// code is read-only, each parser has its own match data. Level words are peeled only in upper
    /// case, in brackets or before a tab: restic's own `Fatal: ` and `error: ` must stay. Hosts and
    /// process names are word-like (`Save(<lock/...>) failed: ` is restic's text, not a syslog tag).
    /// zap's console encoder separates time, level, logger name and message with tabs. Go's `log`
    /// writes `2006/01/02 15:04:05`; GitHub Actions marks lines with `##[error]`.
    private static let prefix = try! PCRE2Regex(expression)
    static let expression = #"""
        (?x)
        \G(?:
        (?:<\d{1,3}>)?(?<month>\p{L}{3,4})\.?\ {1,2}(?<day>\d{1,2})\ (?<time>\d{2}:\d{2}:\d{2})(?:\.\d{1,9})?\ +
          (?:(?:[\w.-]{1,64}\ )?(?<process>\p{L}[\w./@-]{0,63}?)\[(?<pid>\d{1,10})\]:\ ?|[\w.-]{1,64}\ (?<sprocess>\p{L}[\w./@-]{0,63}?):\ ?|)
        |\[?(?<iso>\d{4}([-/])\d{2}\g{-1}\d{2}[T\ ]\d{2}:\d{2}:\d{2})(?:[.,]\d+)?(?:Z|\ ?[+-]\d{2}:?\d{2}|\ ?[A-Z]{3,4})?\]?(?:\ +(?:::|-|\|)(?=\ ))?[\ \t]*
        |(?:[\w.-]{1,64}\ )?(?<iprocess>\p{L}[\w./@-]{0,63}?)\[(?<ipid>\d{1,10})\]:\ ?
        |[IWEF](?<kmonth>\d{2})(?<kday>\d{2})\ (?<ktime>\d{2}:\d{2}:\d{2})\.\d{6}\ +\d+\ [\w.-]{1,64}:\d+\]\ 
        |\d{2}:\d{2}:\d{2}\.\d{3}Z\t
        |(?<container>[\w.-]{1,64})\ +\|\ ?
        |\[[\w\ .:/@-]{1,40}\]:?[\ \t]+
        |(?:DEBUG|INFO|WARNING|ERROR|CRITICAL):[\w.]{0,64}:
        |[\w.]{1,64}\ -\ (?:DEBUG|INFO|WARNING|ERROR|CRITICAL)\ -\ 
        |(?:DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|CRIT|CRITICAL|FATAL)(?:\ +(?:::|-|\|)|:)?[\ \t]+
        |(?:Debug|Info|Notice|Warn|Warning|Error|Critical)\ +(?:(?:::|-|\|)\ +)?
        |(?i:debug|info|warn|error|dpanic|panic|fatal)\t
        |[a-z][\w-]{0,63}(?:\.[\w-]{1,64}){1,8}\t
        |>(?:\ |$)
        |[#]{2}\[(?:error|warning|notice|debug|group|endgroup|command)\]
        )
        """#
    private let matchData = MatchData()
    private let prefix = WrapperPrefixParser.prefix
    /// Capture numbers resolved once: a dictionary lookup per group and line cost more than the match
    /// on the lines a listing lets through.
    private static let group = CaptureNumbers(prefix)
    private let syslogStamps = StampMemo()
    private let isoStamps = StampMemo()
    private let firstPrefix = FirstPrefixMemo()

    /// The byte offset where restic's own text starts in `line`, and what the prefixes carried.
    func strip(_ line: UnsafeBufferPointer<UInt8>) -> (offset: Int, prefix: LinePrefix) {
        let peeled = peel(line, describing: true)
        return (peeled.offset, peeled.prefix)
    }

    /// Only the offset: for a line that is likely rejected, no process name is made into a String.
    /// Stamps are still parsed, as a prefix whose stamp does not parse is not peeled.
    /// The first prefix is remembered (`FirstPrefixMemo`): a line that starts like the last one
    /// continues after it. `plainHead` is where the first prefix ends when `CommonPrefix` read it (0
    /// otherwise): its bytes are printable ASCII other than `{`, which spares the caller a test.
    /// `remembered`: the memo now holds this first prefix, so `rememberedFirst` describes it.
    func messageOffset(_ line: UnsafeBufferPointer<UInt8>) -> (offset: Int, plainHead: Int, remembered: Bool) {
        if let end = firstPrefix.end(of: line) { return (peel(line, describing: false, from: end, rounds: 5).offset, end, true) }
        let peeled = peel(line, describing: false, remembering: true)
        // A first prefix `CommonPrefix` read was offered to the memo; one it did not keep (too long)
        // ends past every prefix it can hold, so the ends differ.
        return (peeled.offset, peeled.plainHead, peeled.plainHead > 0 && firstPrefix.end == peeled.plainHead)
    }

    /// What the first prefix the memo holds carried, as `strip` describes it for a line that has
    /// no further prefix: a line `messageOffset` called `remembered` that is not described here
    /// would have its prefixes read twice, a third of an event line's normalizing.
    func rememberedFirst(of line: UnsafeBufferPointer<UInt8>) -> LinePrefix? {
        firstPrefix.describe(line)
    }

    /// Inlined into both callers, so the offset-only one loses the naming work rather than testing a flag.
    @inline(__always)
    private func peel(_ line: UnsafeBufferPointer<UInt8>, describing: Bool, from start: Int = 0, rounds: Int = 6,
                      remembering: Bool = false) -> (offset: Int, prefix: LinePrefix, plainHead: Int) {
        var result = LinePrefix()
        var offset = start, plainHead = 0
        for round in 0..<rounds {
            guard WrapperPrefixParser.mayStart(line, at: offset) else { break }
            let common = CommonPrefix.read(line, at: offset)
            let end: Int
            if let common {
                end = common.end
            } else {
                guard let match = try? prefix.firstMatch(in: line, from: offset, using: matchData), match.upperBound > offset else { break }
                end = match.upperBound
            }
            let group = WrapperPrefixParser.group
            func range(_ index: Int) -> Range<Int>? {
                guard let common else { return prefix.captureRange(index, in: matchData) }
                switch index {
                case group.month: return common.month
                case group.day: return common.day
                case group.time: return common.time
                case group.process: return common.process
                case group.pid: return common.pid
                case group.iso: return common.iso
                case group.container: return common.container
                default: return nil
                }
            }
            func text(_ range: Range<Int>) -> Substring { Substring(decoding: UnsafeBufferPointer(rebasing: line[range]), as: UTF8.self) }
            func text(_ index: Int) -> Substring? { range(index).map(text) }
            var found = LinePrefix()
            if let month = range(group.month), let day = range(group.day), let time = range(group.time) {
                // The bytes from the month to the end of the time fix all three captures.
                let stamp = UnsafeBufferPointer(rebasing: line[month.lowerBound..<time.upperBound])
                guard let timestamp = syslogStamps.time(of: stamp, parse: {
                    WallClock.parseSyslog(month: text(month), day: text(day), time: text(time))
                }) else { break }
                found.timestamp = timestamp
                if describing {
                    found.process = (text(group.process) ?? text(group.sprocess)).map(String.init)
                    found.pid = text(group.pid).flatMap { Int($0) }
                }
            } else if let iso = range(group.iso) {
                guard let timestamp = isoStamps.time(of: UnsafeBufferPointer(rebasing: line[iso]), parse: { WallClock.parseISO(text(iso)) })
                else { break }
                found.timestamp = timestamp
            } else if let process = range(group.iprocess) {
                if describing {
                    found.process = String(text(process))
                    found.pid = text(group.ipid).flatMap { Int($0) }
                }
            } else if let month = text(group.kmonth).flatMap({ Int($0) }), let day = text(group.kday).flatMap({ Int($0) }),
                      let time = text(group.ktime) {
                // klog's `I0302 04:00:05.123456`: month and day as numbers, no year.
                let parts = time.split(separator: ":").compactMap { Int($0) }
                guard parts.count == 3, let timestamp = WallClock(year: 2000, month: month, day: day, hour: parts[0],
                                                                  minute: parts[1], second: parts[2], hasYear: false) else { break }
                found.timestamp = timestamp
            } else if describing, let container = text(group.container) {
                found.process = String(container)
            }
            if describing { result = result.overlaid(by: found) }
            if round == 0, start == 0, let common {
                plainHead = end
                if remembering { firstPrefix.remember(common, of: line, timestamp: found.timestamp) }
            }
            offset = end
        }
        return (offset, result, plainHead)
    }

    /// False only where no alternative of `expression` can match at `offset`: a byte test that spares
    /// the failing attempt after the last prefix (`unchanged /path…` made the lazy process-name
    /// branches backtrack over every split of the first word). Every alternative starts with `<`, `[`,
    /// `>`, `#`, a digit, or a word W of `[\w.-]` and non-ASCII bytes that ends at a tab, `:`, `/`, `@`,
    /// `[` or a space; after a space, an alternative needs W to start upper case (level words, klog,
    /// months) or the next non-space byte to be a digit (a day), a letter (a process), `|` or `-`.
    static func mayStart(_ line: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        @inline(__always) func isWord(_ b: UInt8) -> Bool { b >= 0x80 || ByteClass.host.contains(b) }
        func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        guard offset < line.count else { return false }
        // restic's listing (`unchanged /path`), most candidate lines of a verbose log, is a lower-case
        // word, spaces and `/`: false below, found here without reading the word byte by byte.
        if let head = ListingHead.head(of: UnsafeBufferPointer(rebasing: line[offset...])),
           line[offset + head.path] == UInt8(ascii: "/") { return false }
        let first = line[offset]
        if isDigit(first) || first == UInt8(ascii: "<") || first == UInt8(ascii: "[") || first == UInt8(ascii: ">")
            || first == UInt8(ascii: "#") { return true }
        guard isWord(first) else { return false }
        var end = offset + 1
        while end < line.count, isWord(line[end]) { end += 1 }
        guard end < line.count else { return false }
        switch line[end] {
        case UInt8(ascii: "\t"), UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "@"), UInt8(ascii: "["):
            return true
        case UInt8(ascii: " "):
            if first >= 0x80 || (first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z")) { return true }
            while end < line.count, line[end] == UInt8(ascii: " ") { end += 1 }
            guard end < line.count else { return false }
            let next = line[end]
            return isWord(next) && next != UInt8(ascii: "_") && next != UInt8(ascii: ".") || next == UInt8(ascii: "|")
        default:
            return false
        }
    }

    /// The same on a string, for callers that hold text rather than bytes.
    func strip(_ text: inout Substring) -> LinePrefix {
        let bytes = Array(text.utf8)
        let (offset, prefix) = bytes.withUnsafeBufferPointer { strip($0) }
        text = Substring(decoding: bytes[offset...], as: UTF8.self)
        return prefix
    }
}

/// The wrapper-prefix pattern's capture numbers by name (the first group of a duplicated name).
private struct CaptureNumbers {
    let month, day, time, process, sprocess, pid, iso, iprocess, ipid, kmonth, kday, ktime, container: Int

    init(_ regex: PCRE2Regex) {
        let named = Dictionary(regex.captureNames.map { ($0.name, $0.index) }, uniquingKeysWith: { a, _ in a })
        func number(_ name: String) -> Int { named[name]! }
        (month, day, time, process, sprocess, pid) = (number("month"), number("day"), number("time"), number("process"),
                                                      number("sprocess"), number("pid"))
        (iso, iprocess, ipid, kmonth, kday, ktime, container) = (number("iso"), number("iprocess"), number("ipid"),
                                                                 number("kmonth"), number("kday"), number("ktime"),
                                                                 number("container"))
    }
}
