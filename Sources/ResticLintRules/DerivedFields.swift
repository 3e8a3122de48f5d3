import ResticFormats
/// Fields the engine computes from captures so rules can speak of them directly:
/// - `handle` (`lock/91b9421fff`) gives `handle_type` (`lock`);
/// - `age` (Go duration) or `created_at` plus the line's timestamp give `lock_age` in seconds and
///   `lock_age_human`;
/// - `exclusive` (captured `exclusively `) gives `lock_kind` (`exclusive` or `non-exclusive`).
package enum DerivedFields {
    static func derivedNames(from captures: Set<String>) -> Set<String> {
        var names: Set<String> = []
        if captures.contains("handle") { names.insert("handle_type") }
        if captures.contains("age") || captures.contains("created_at") { names.formUnion(["lock_age", "lock_age_human"]) }
        if captures.contains("exclusive") { names.insert("lock_kind") }
        return names
    }

    package static func derive(_ fields: inout [String: String], captureNames: [String], timestamp: WallClock?) {
        if let handle = fields["handle"], let slash = handle.firstIndex(of: "/") {
            fields["handle_type"] = String(handle[..<slash])
        }
        var age = fields["age"].flatMap(GoDuration.seconds)
        if age == nil, let created = fields["created_at"].flatMap({ WallClock.parseISO($0[...]) }), let timestamp {
            age = lockAge(created: created, at: timestamp)
        }
        if let age {
            fields["lock_age"] = String(age)
            fields["lock_age_human"] = GoDuration.humanized(age)
        }
        if captureNames.contains("exclusive") {
            fields["lock_kind"] = (fields["exclusive"] ?? "").isEmpty ? "non-exclusive" : "exclusive"
        }
    }

    /// Syslog stamps carry no year: place them in the creation year, or in the next one across New
    /// Year, which only a lock younger than a month can explain (a yearless stamp months before the
    /// creation says nothing about the age).
    static func lockAge(created: WallClock, at timestamp: WallClock) -> Double? {
        let age = timestamp.placed(inYear: created.year).seconds - created.seconds
        if age >= 0 { return Double(age) }
        guard !timestamp.hasYear else { return nil }
        let acrossNewYear = timestamp.placed(inYear: created.year + 1).seconds - created.seconds
        return acrossNewYear >= 0 && acrossNewYear < 31 * 86_400 ? Double(acrossNewYear) : nil
    }
}
