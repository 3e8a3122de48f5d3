/// Go's `time.Duration.String()` format, as restic prints lock ages and retry delays
/// (`1h26m16.339556s`, `552.330144ms`, `12.480720222s`, `1m0s`).
public enum GoDuration {
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
}
