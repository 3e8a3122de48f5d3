/// Virtual time is counted in nanoseconds, the unit of Go's `time.Duration`, so that delays and
/// ages print exactly as restic prints them.
enum Nanos {
    static let microsecond: Int64 = 1_000
    static let millisecond: Int64 = 1_000_000
    static let second: Int64 = 1_000_000_000
    static let minute: Int64 = 60 * second
    static let hour: Int64 = 60 * minute

    static func seconds(_ value: Double) -> Int64 { Int64((value * 1e9).rounded()) }
    static func toSeconds(_ value: Int64) -> Double { Double(value) / 1e9 }
}

/// Go's `time.Duration.String()`, byte for byte: restic prints retry delays (`552.330144ms`,
/// `1.080381816s`, `1m0s`) and lock ages with it, and the analyzer matches those texts.
public enum GoDuration {
    public static func format(nanoseconds d: Int64) -> String {
        if d == 0 { return "0s" }
        var buf = [UInt8](repeating: 0, count: 32)
        var w = buf.count
        var u = d.magnitude
        if u < UInt64(Nanos.second) {
            // Below one second Go switches to the largest unit that keeps an integer part.
            let precision: Int
            w -= 1; buf[w] = UInt8(ascii: "s")
            w -= 1
            if u < UInt64(Nanos.microsecond) {
                precision = 0
                buf[w] = UInt8(ascii: "n")
            } else if u < UInt64(Nanos.millisecond) {
                precision = 3
                w -= 1  // "µ" takes two bytes in UTF-8
                buf[w] = 0xC2; buf[w + 1] = 0xB5
            } else {
                precision = 6
                buf[w] = UInt8(ascii: "m")
            }
            (w, u) = writeFraction(&buf, w, u, precision)
            w = writeInteger(&buf, w, u)
        } else {
            w -= 1; buf[w] = UInt8(ascii: "s")
            (w, u) = writeFraction(&buf, w, u, 9)
            w = writeInteger(&buf, w, u % 60)
            u /= 60
            if u > 0 {
                w -= 1; buf[w] = UInt8(ascii: "m")
                w = writeInteger(&buf, w, u % 60)
                u /= 60
                if u > 0 {
                    w -= 1; buf[w] = UInt8(ascii: "h")
                    w = writeInteger(&buf, w, u)
                }
            }
        }
        if d < 0 { w -= 1; buf[w] = UInt8(ascii: "-") }
        return String(decoding: buf[w...], as: UTF8.self)
    }

    public static func format(seconds: Double) -> String { format(nanoseconds: Nanos.seconds(seconds)) }

    /// Go's fmtFrac: trailing zeros are dropped, and the point too when nothing is left.
    private static func writeFraction(_ buf: inout [UInt8], _ start: Int, _ value: UInt64, _ precision: Int) -> (Int, UInt64) {
        var w = start, v = value, printing = false
        for _ in 0..<precision {
            let digit = v % 10
            printing = printing || digit != 0
            if printing { w -= 1; buf[w] = UInt8(digit) + UInt8(ascii: "0") }
            v /= 10
        }
        if printing { w -= 1; buf[w] = UInt8(ascii: ".") }
        return (w, v)
    }

    private static func writeInteger(_ buf: inout [UInt8], _ start: Int, _ value: UInt64) -> Int {
        var w = start, v = value
        if v == 0 { w -= 1; buf[w] = UInt8(ascii: "0"); return w }
        while v > 0 { w -= 1; buf[w] = UInt8(v % 10) + UInt8(ascii: "0"); v /= 10 }
        return w
    }
}
