/// A wall-clock time as written in a log, in seconds since 1970 without a time zone: restic prints
/// lock creation times in the holder's local time, so ages compare local clock readings.
public struct WallClock: Comparable, Hashable, Sendable {
    public var seconds: Int64
    /// False for syslog stamps, which carry no year; such times only compare within one log.
    public var hasYear: Bool { yearless == nil }
    /// Month, day and second of day of a syslog stamp, to place it in a year learnt elsewhere.
    private var yearless: YearlessParts?

    private struct YearlessParts: Hashable, Sendable {
        var month: Int, day: Int, secondOfDay: Int
    }

    public static func < (a: WallClock, b: WallClock) -> Bool { a.seconds < b.seconds }

    /// Seconds from `earlier` to this time, or nil when they cannot be subtracted: a yearless syslog
    /// stamp and a stamp with a year (journald around JSON records that carry their own time).
    package func seconds(since earlier: WallClock) -> Int64? {
        hasYear == earlier.hasYear ? seconds - earlier.seconds : nil
    }

    public init(seconds: Int64) {
        self.seconds = seconds
    }

    public init?(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, hasYear: Bool = true) {
        guard (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour),
              (0...59).contains(minute), (0...60).contains(second) else { return nil }
        seconds = CivilTime.daysFromCivil(year: year, month: month, day: day) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        if !hasYear { yearless = YearlessParts(month: month, day: day, secondOfDay: hour * 3600 + minute * 60 + second) }
    }

    /// This time in `year`; a time that already has a year stays as it is.
    public func placed(inYear year: Int) -> WallClock {
        guard let parts = yearless else { return self }
        return WallClock(seconds: CivilTime.daysFromCivil(year: year, month: parts.month, day: parts.day) * 86_400 + Int64(parts.secondOfDay))
    }

    /// The civil year of a time with a year.
    public var year: Int {
        var y = Int(seconds / 86_400 / 365) + 1970
        while CivilTime.daysFromCivil(year: y, month: 1, day: 1) * 86_400 > seconds { y -= 1 }
        while CivilTime.daysFromCivil(year: y + 1, month: 1, day: 1) * 86_400 <= seconds { y += 1 }
        return y
    }

    /// `2006-01-02 15:04:05` (restic's lock layout) and ISO 8601 forms with `T`, fractions and zones.
    public static func parseISO(_ text: Substring) -> WallClock? {
        let digits = Array(text.utf8.prefix(19))
        guard digits.count == 19 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                let c = digits[i]
                guard c >= 0x30 && c <= 0x39 else { return nil }
                value = value * 10 + Int(c - 0x30)
            }
            return value
        }
        guard let y = number(0..<4), let mo = number(5..<7), let d = number(8..<10),
              let h = number(11..<13), let mi = number(14..<16), let s = number(17..<19) else { return nil }
        return WallClock(year: y, month: mo, day: d, hour: h, minute: mi, second: s)
    }

    private static let months: [String: Int] = [
        "jan": 1, "jän": 1, "feb": 2, "fév": 2, "mar": 3, "mär": 3, "mrz": 3, "apr": 4, "avr": 4,
        "may": 5, "mai": 5, "jun": 6, "jui": 6, "jul": 7, "aug": 8, "aoû": 8, "sep": 9,
        "oct": 10, "okt": 10, "nov": 11, "dec": 12, "dez": 12, "déc": 12,
    ]

    /// Syslog's `Aug 21 02:00:01` (also German and French month abbreviations, as journald prints them).
    public static func parseSyslog(month: Substring, day: Substring, time: Substring) -> WallClock? {
        guard let m = months[String(month.prefix(3)).lowercased()], let d = Int(day) else { return nil }
        let parts = time.split(separator: ":").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return WallClock(year: 2000, month: m, day: d, hour: parts[0], minute: parts[1], second: parts[2], hasYear: false)
    }
}
