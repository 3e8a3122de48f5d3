/// What a wrapper put in front of restic's own text: a timestamp, a journald process and PID, a
/// container name. Wrappers nest (docker around a timestamped script), so prefixes are peeled in a loop.
public struct LinePrefix: Sendable, Equatable {
    public var timestamp: WallClock?
    public var process: String?
    public var pid: Int?
}

final class WrapperPrefixParser: @unchecked Sendable {
    private let syslog: PCRE2Regex
    private let iso: PCRE2Regex
    private let container: PCRE2Regex
    private let tag: PCRE2Regex
    private let level: PCRE2Regex
    private let matchData = MatchData()

    init() {
        // Patterns are fixed and known to compile.
        syslog = try! PCRE2Regex(
            #"^(?:<\d{1,3}>)?(?<month>\p{L}{3,4})\.? {1,2}(?<day>\d{1,2}) (?<time>\d{2}:\d{2}:\d{2}) (?:\S+ )?(?<process>[\w./@-]+?)(?:\[(?<pid>\d+)\])?: ?"#)
        iso = try! PCRE2Regex(
            #"^\[?(?<ts>\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2})(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2}| ?[A-Z]{3,4})?\]?(?: +(?:::|-|\|)(?= ))? *"#)
        container = try! PCRE2Regex(#"^(?<process>[\w.-]{1,64}) +\| ?"#)
        tag = try! PCRE2Regex(#"^\[(?<process>[\w .:/@-]{1,40})\]:? +"#)
        level = try! PCRE2Regex(#"^(?:DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|CRITICAL|FATAL)(?: +(?:::|-|\|)|:)? +"#)
    }

    /// Removes every recognised prefix from `text` and reports what they carried.
    func strip(_ text: inout Substring) -> LinePrefix {
        var prefix = LinePrefix()
        for _ in 0..<6 {
            let line = String(text)
            if let c = try? syslog.captures(in: line, using: matchData),
               let ts = WallClock.parseSyslog(month: c["month"]![...], day: c["day"]![...], time: c["time"]![...]) {
                prefix.timestamp = prefix.timestamp ?? ts
                prefix.process = c["process"]
                if let pid = c["pid"] { prefix.pid = Int(pid) }
                text = text.dropFirst(consumed(syslog, line))
            } else if let c = try? iso.captures(in: line, using: matchData), let ts = WallClock.parseISO(c["ts"]![...]) {
                prefix.timestamp = prefix.timestamp ?? ts
                text = text.dropFirst(consumed(iso, line))
            } else if let c = try? container.captures(in: line, using: matchData) {
                prefix.process = prefix.process ?? c["process"]
                text = text.dropFirst(consumed(container, line))
            } else if (try? tag.matches(line, using: matchData)) == true {
                text = text.dropFirst(consumed(tag, line))
            } else if (try? level.matches(line, using: matchData)) == true {
                text = text.dropFirst(consumed(level, line))
            } else {
                break
            }
        }
        return prefix
    }

    /// Characters covered by the last match of `regex` on `line`.
    private func consumed(_ regex: PCRE2Regex, _ line: String) -> Int {
        guard let range = regex.captureRange(0, in: matchData) else { return 0 }
        return String(decoding: line.utf8.prefix(range.upperBound), as: UTF8.self).count
    }
}
