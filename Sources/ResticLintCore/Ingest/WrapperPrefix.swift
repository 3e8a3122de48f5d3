/// What a wrapper put in front of restic's own text: a timestamp, a journald process and PID, a
/// container name. Wrappers nest (docker around a timestamped script), so prefixes are peeled in a loop.
public struct LinePrefix: Sendable, Equatable {
    public var timestamp: WallClock?
    public var process: String?
    public var pid: Int?
}

final class WrapperPrefixParser: @unchecked Sendable {
    /// Every known wrapper prefix as one alternation anchored with `\G` at the current offset, so
    /// peeling a prefix is one JIT match on the line's bytes.
    private let prefix = try! PCRE2Regex(WrapperPrefixParser.expression)
    static let expression = #"""
        (?x)
        \G(?:
        (?:<\d{1,3}>)?(?<month>\p{L}{3,4})\.?\ {1,2}(?<day>\d{1,2})\ (?<time>\d{2}:\d{2}:\d{2})\ (?:\S+\ )?(?<process>[\w./@-]+?)(?:\[(?<pid>\d+)\])?:\ ?
        |\[?(?<iso>\d{4}-\d{2}-\d{2}[T\ ]\d{2}:\d{2}:\d{2})(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2}|\ ?[A-Z]{3,4})?\]?(?:\ +(?:::|-|\|)(?=\ ))?\ *
        |(?<container>[\w.-]{1,64})\ +\|\ ?
        |\[[\w\ .:/@-]{1,40}\]:?\ +
        |(?:DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|CRITICAL|FATAL)(?:\ +(?:::|-|\|)|:)?\ +
        )
        """#
    private let matchData = MatchData()
    private lazy var group: [String: Int] = Dictionary(prefix.captureNames.map { ($0.name, $0.index) }, uniquingKeysWith: { a, _ in a })

    /// The byte offset where restic's own text starts in `line`, and what the prefixes carried.
    func strip(_ line: UnsafeBufferPointer<UInt8>) -> (offset: Int, prefix: LinePrefix) {
        var result = LinePrefix()
        var offset = 0
        for _ in 0..<6 {
            guard let match = try? prefix.firstMatch(in: line, from: offset, using: matchData), match.upperBound > offset else { break }
            func text(_ name: String) -> Substring? {
                guard let index = group[name], let range = prefix.captureRange(index, in: matchData) else { return nil }
                return Substring(decoding: UnsafeBufferPointer(rebasing: line[range]), as: UTF8.self)
            }
            if let month = text("month"), let day = text("day"), let time = text("time") {
                guard let timestamp = WallClock.parseSyslog(month: month, day: day, time: time) else { break }
                result.timestamp = result.timestamp ?? timestamp
                result.process = text("process").map(String.init)
                result.pid = text("pid").flatMap { Int($0) }
            } else if let iso = text("iso") {
                guard let timestamp = WallClock.parseISO(iso) else { break }
                result.timestamp = result.timestamp ?? timestamp
            } else if let container = text("container") {
                result.process = result.process ?? String(container)
            }
            offset = match.upperBound
        }
        return (offset, result)
    }

    /// The same on a string, for callers that hold text rather than bytes.
    func strip(_ text: inout Substring) -> LinePrefix {
        let bytes = Array(text.utf8)
        let (offset, prefix) = bytes.withUnsafeBufferPointer { strip($0) }
        text = Substring(decoding: bytes[offset...], as: UTF8.self)
        return prefix
    }
}
