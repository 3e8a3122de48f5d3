/// Calendar arithmetic on Unix time without time zones. Written by hand because DateFormatter depends
/// on locale and time-zone settings, and the model and the analyzer must read and print the same text
/// on every machine.
public enum CivilTime {
    public struct Fields: Equatable, Sendable {
        public var year, month, day, hour, minute, second: Int
        public var nanosecond: Int
        public init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, nanosecond: Int = 0) {
            (self.year, self.month, self.day, self.hour, self.minute, self.second, self.nanosecond)
                = (year, month, day, hour, minute, second, nanosecond)
        }
    }

    public static func fields(unixNanos: Int64) -> Fields {
        let secs = floorDiv(unixNanos, Nanos.second)
        let nanos = Int(unixNanos - secs * Nanos.second)
        let days = floorDiv(secs, 86_400)
        let secOfDay = Int(secs - days * 86_400)
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return Fields(year: Int(year), month: Int(month), day: Int(day),
                      hour: secOfDay / 3600, minute: secOfDay / 60 % 60, second: secOfDay % 60, nanosecond: nanos)
    }

    public static func unixNanos(_ f: Fields) -> Int64 {
        let secs = daysFromCivil(year: f.year, month: f.month, day: f.day) * 86_400 + Int64(f.hour * 3600 + f.minute * 60 + f.second)
        return secs * Nanos.second + Int64(f.nanosecond)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Go layout `2006-01-02 15:04:05`, used in "lock was created at ...".
    public static func goDateTime(unixNanos: Int64) -> String {
        let f = fields(unixNanos: unixNanos)
        return "\(pad(f.year, 4))-\(pad(f.month))-\(pad(f.day)) \(pad(f.hour)):\(pad(f.minute)):\(pad(f.second))"
    }

    /// `2024-08-21T02:00:01Z`, the log-line prefix style.
    public static func isoSeconds(unixNanos: Int64) -> String {
        let f = fields(unixNanos: unixNanos)
        return "\(pad(f.year, 4))-\(pad(f.month))-\(pad(f.day))T\(pad(f.hour)):\(pad(f.minute)):\(pad(f.second))Z"
    }

    /// Go's RFC3339Nano in UTC, as restic writes the `time` field of a lock file.
    public static func rfc3339Nano(unixNanos: Int64) -> String {
        let f = fields(unixNanos: unixNanos)
        var text = "\(pad(f.year, 4))-\(pad(f.month))-\(pad(f.day))T\(pad(f.hour)):\(pad(f.minute)):\(pad(f.second))"
        if f.nanosecond != 0 {
            var frac = pad(f.nanosecond, 9)
            while frac.hasSuffix("0") { frac.removeLast() }
            text += "." + frac
        }
        return text + "Z"
    }

    public static func parseRFC3339Nano(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        guard b.count >= 20, b.last == UInt8(ascii: "Z") else { return nil }
        func num(_ from: Int, _ len: Int) -> Int? {
            var v = 0
            for i in from..<(from + len) {
                let c = b[i]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        guard let year = num(0, 4), let month = num(5, 2), let day = num(8, 2),
              let hour = num(11, 2), let minute = num(14, 2), let second = num(17, 2) else { return nil }
        var nanos = 0
        if b[19] == UInt8(ascii: ".") {
            let digits = b.count - 21
            guard digits >= 1, digits <= 9, let v = num(20, digits) else { return nil }
            nanos = v
            for _ in digits..<9 { nanos *= 10 }
        }
        return unixNanos(Fields(year: year, month: month, day: day, hour: hour, minute: minute, second: second, nanosecond: nanos))
    }

    private static func pad(_ v: Int, _ width: Int = 2) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
