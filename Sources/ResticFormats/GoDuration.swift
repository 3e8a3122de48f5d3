/// Durations are counted in nanoseconds, the unit of Go's `time.Duration`, so that delays and ages
/// print exactly as restic prints them.
public enum Nanos {
    public static let microsecond: Int64 = 1_000
    public static let millisecond: Int64 = 1_000_000
    public static let second: Int64 = 1_000_000_000
    public static let minute: Int64 = 60 * second
    public static let hour: Int64 = 60 * minute

    public static func seconds(_ value: Double) -> Int64 { Int64((value * 1e9).rounded()) }
    public static func toSeconds(_ value: Int64) -> Double { Double(value) / 1e9 }
}

/// Go's `time.Duration.String()`, byte for byte, and its inverse: restic prints retry delays
/// (`552.330144ms`, `1.080381816s`, `1m0s`) and lock ages (`1h26m16.339556s`) with it; the model
/// prints them and the analyzer reads them.
public enum GoDuration {
    /// Seconds of a Go duration text; nil when the text is not one.
    public static func seconds(_ text: String) -> Double? {
        var total = 0.0
        var rest = Substring(text)
        guard !rest.isEmpty else { return nil }
        if rest == "0" || rest == "0s" { return 0 }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { $0.isLetter || $0 == "µ" }
            rest = rest.dropFirst(unit.count)
            switch unit {
            case "h": total += value * 3600
            case "m": total += value * 60
            case "s": total += value
            case "ms": total += value / 1e3
            case "us", "µs": total += value / 1e6
            case "ns": total += value / 1e9
            default: return nil
            }
        }
        return total
    }

    /// A short human form for reports: `1h26m`, `12s`, `3d4h`.
    public static func humanized(_ seconds: Double) -> String {
        // Ages read from a log can be absurd (`99999999999999999999h ago`); Int() of those would trap.
        guard seconds.isFinite, abs(seconds) < 1e15 else { return seconds.isNaN ? "?" : seconds < 0 ? "-∞" : "∞" }
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m\(s % 60 > 0 ? "\(s % 60)s" : "")" }
        if s < 86_400 { return "\(s / 3600)h\((s % 3600) / 60 > 0 ? "\((s % 3600) / 60)m" : "")" }
        return "\(s / 86_400)d\((s % 86_400) / 3600 > 0 ? "\((s % 86_400) / 3600)h" : "")"
    }

    /// Replaces Go durations (`1.032s`, `552.330144ms`, `1h2m3s`) with `<duration>`: retry delays and
    /// lock ages change from run to run while the problem stays the same.
    ///
    /// ASCII text (restic's messages) is masked on its bytes by the same rules (`maskedASCII`); only
    /// other text walks unicode scalars, about 100 K instructions for an evidence line.
    public static func masked(_ text: String) -> String {
        var bytes = text
        return bytes.withUTF8 { isASCII($0) ? String(decoding: maskedASCII(Array($0)), as: UTF8.self) : nil }
            ?? maskedByScalars(text)
    }

    /// `masked` on ASCII bytes, where a word character is `A-Za-z0-9_` (the ASCII letters and numbers)
    /// and the units are `GoDuration`'s own but `µs`, which is not ASCII.
    public static func maskedASCII(_ s: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var i = 0
        while i < s.count {
            let boundary = i == 0 || !(isWordByte(s[i - 1]) || s[i - 1] == UInt8(ascii: "."))
            if boundary, isDigitByte(s[i]), let end = durationEnd(s, from: i), end == s.count || !isWordByte(s[end]) {
                out.append(contentsOf: "<duration>".utf8)
                i = end
                continue
            }
            out.append(s[i])
            i += 1
        }
        return out
    }

    /// Units in `durationEnd`'s order (`ms` before `m` and `s`).
    private static let asciiUnits: [[UInt8]] = ["ns", "us", "ms", "s", "m", "h"].map { Array($0.utf8) }

    private static func durationEnd(_ s: [UInt8], from start: Int) -> Int? {
        func digit(_ i: Int) -> Bool { i < s.count && isDigitByte(s[i]) }
        var i = start
        var matched: Int?
        while digit(i) {
            while digit(i) { i += 1 }
            if i < s.count, s[i] == UInt8(ascii: "."), digit(i + 1) {
                i += 1
                while digit(i) { i += 1 }
            }
            guard let unit = asciiUnits.first(where: { unit in
                i + unit.count <= s.count && s[i..<(i + unit.count)].elementsEqual(unit)
            }) else { return matched }
            i += unit.count
            matched = i
        }
        return matched
    }

    private static func isDigitByte(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) }
    private static func isWordByte(_ b: UInt8) -> Bool {
        isDigitByte(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || b == UInt8(ascii: "_")
    }

    /// The reference definition of `masked`, on unicode scalars.
    package static func maskedByScalars(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        func isWord(_ s: Unicode.Scalar) -> Bool { s.properties.isAlphabetic || s.properties.numericType != nil || s == "_" }
        func isDigit(_ index: Int) -> Bool { index < scalars.count && ("0"..."9").contains(scalars[index]) }
        while i < scalars.count {
            let boundary = i == 0 || !(isWord(scalars[i - 1]) || scalars[i - 1] == ".")
            if boundary, isDigit(i), let end = durationEnd(scalars, from: i, isDigit: isDigit),
               end == scalars.count || !isWord(scalars[end]) {
                out.append(contentsOf: "<duration>".unicodeScalars)
                i = end
                continue
            }
            out.append(scalars[i])
            i += 1
        }
        return String(out)
    }

    private static func durationEnd(_ s: [Unicode.Scalar], from start: Int, isDigit: (Int) -> Bool) -> Int? {
        var i = start
        var matched: Int?
        while isDigit(i) {
            while isDigit(i) { i += 1 }
            if i < s.count, s[i] == ".", isDigit(i + 1) {
                i += 1
                while isDigit(i) { i += 1 }
            }
            let units: [String] = ["ns", "us", "µs", "μs", "ms", "s", "m", "h"]
            guard let unit = units.first(where: { unit in
                let u = Array(unit.unicodeScalars)
                return i + u.count <= s.count && Array(s[i..<(i + u.count)]) == u
            }) else { return matched }
            i += unit.unicodeScalars.count
            matched = i
        }
        return matched
    }

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
