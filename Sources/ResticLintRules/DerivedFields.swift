import ResticFormats
import ResticLintMatching
/// Fields the engine computes from captures so rules can speak of them directly:
/// - `handle` (`lock/91b9421fff`) gives `handle_type` (`lock`);
/// - `age` (Go duration) or `created_at` plus the line's timestamp give `lock_age` in seconds and
///   `lock_age_human`;
/// - `exclusive` (captured `exclusively `) gives `lock_kind` (`exclusive` or `non-exclusive`).
package enum DerivedFields {
    /// Which of those captures a pattern has, decided once per pattern: most hits (a retry storm's)
    /// derive only `handle_type`, and looking up the others for every hit cost more than deriving.
    package struct Sources: Sendable {
        package var handle, age, createdAt, exclusive: Bool
        /// Whether a capture has the name of a derived field, which the derived value then replaces;
        /// otherwise a derived field is appended without looking for it first.
        var capturesDerivedName: Bool

        package init(captureNames: [String]) {
            handle = captureNames.contains("handle")
            age = captureNames.contains("age")
            createdAt = captureNames.contains("created_at")
            exclusive = captureNames.contains("exclusive")
            capturesDerivedName = !DerivedFields.derivedNames(from: Set(captureNames)).isDisjoint(with: captureNames)
        }

        /// How many fields at most are derived.
        package var count: Int { (handle ? 1 : 0) + (age || createdAt ? 2 : 0) + (exclusive ? 1 : 0) }
    }

    package static func derivedNames(from captures: Set<String>) -> Set<String> {
        var names: Set<String> = []
        if captures.contains("handle") { names.insert("handle_type") }
        if captures.contains("age") || captures.contains("created_at") { names.formUnion(["lock_age", "lock_age_human"]) }
        if captures.contains("exclusive") { names.insert("lock_kind") }
        return names
    }

    /// Adds the derived fields to the hit `fields` is gathering.
    package static func derive(_ fields: GatheredFields, from sources: Sources, timestamp: WallClock?) {
        func put(_ name: Int32, _ value: String) {
            if sources.capturesDerivedName { fields.set(name, value) } else { fields.append(new: name, value) }
        }
        if sources.handle, let h = fields.span(FieldNames.handle), let length = typeLength(fields.bytes(at: h)) {
            fields.set(FieldNames.handleType, prefixOf: h, count: length, replacing: sources.capturesDerivedName)
        }
        var age = sources.age ? fields[FieldNames.age].flatMap(GoDuration.seconds) : nil
        if age == nil, sources.createdAt, let created = fields[FieldNames.createdAt].flatMap({ WallClock.parseISO($0[...]) }), let timestamp {
            age = lockAge(created: created, at: timestamp)
        }
        if let age {
            put(FieldNames.lockAge, String(age))
            put(FieldNames.lockAgeHuman, GoDuration.humanized(age))
        }
        if sources.exclusive {
            put(FieldNames.lockKind, (fields[FieldNames.exclusive] ?? "").isEmpty ? "non-exclusive" : "exclusive")
        }
    }

    /// The length of what precedes the handle's first `/` Character, which is its type. After ASCII
    /// and before ASCII or the end (every handle restic prints), a `/` byte is a Character of its own
    /// (only non-ASCII scalars extend a grapheme), so the first such byte is found without grapheme
    /// breaking; it is read for every hit, which costs less than remembering the last handle's type.
    static func typeLength(_ handle: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        while i < handle.count, handle[i] < 0x80 {
            if handle[i] == UInt8(ascii: "/") {
                if i + 1 == handle.count || handle[i + 1] < 0x80 { return i }
                break
            }
            i += 1
        }
        if i == handle.count { return nil }
        let text = String(decoding: handle, as: UTF8.self)
        return text.firstIndex(of: "/").map { text.utf8.distance(from: text.startIndex, to: $0) }
    }

    /// Syslog stamps carry no year: place them in the creation year, or in the next one across New
    /// Year, which only a lock younger than a month can explain (a yearless stamp months before the
    /// creation says nothing about the age).
    package static func lockAge(created: WallClock, at timestamp: WallClock) -> Double? {
        let age = timestamp.placed(inYear: created.year).seconds - created.seconds
        if age >= 0 { return Double(age) }
        guard !timestamp.hasYear else { return nil }
        let acrossNewYear = timestamp.placed(inYear: created.year + 1).seconds - created.seconds
        return acrossNewYear >= 0 && acrossNewYear < 31 * 86_400 ? Double(acrossNewYear) : nil
    }
}
