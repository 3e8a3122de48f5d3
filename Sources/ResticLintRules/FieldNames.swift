/// The field names one catalogue's hits can carry, each with a small number: an event's fields store
/// the number, so building, copying and freeing a field never touches a String's reference count.
/// The names the engine itself reads have fixed numbers, so `DerivedFields` and `HitFields.lockFile`
/// find them without comparing Strings. Immutable once made, and shared by every event of a catalogue.
package final class FieldNames: Sendable {
    /// The captures `DerivedFields` reads, then the fields it derives, at fixed numbers.
    package static let handle: Int32 = 0, age: Int32 = 1, createdAt: Int32 = 2, exclusive: Int32 = 3
    package static let handleType: Int32 = 4, lockAge: Int32 = 5, lockAgeHuman: Int32 = 6, lockKind: Int32 = 7
    /// What `HitFields.lockFile` reads besides the handle and its type.
    package static let storageID: Int32 = 8
    private static let fixed = ["handle", "age", "created_at", "exclusive", "handle_type", "lock_age", "lock_age_human", "lock_kind",
                                "storage_id"]

    package let names: [String]
    /// Each name's UTF-8 length, for counting without touching the Strings.
    package let lengths: [Int]
    private let numbers: [String: Int32]

    /// The fixed names, then `names` not among them, in order of first appearance.
    package init<S: Sequence>(_ names: S) where S.Element == String {
        var all = FieldNames.fixed
        var numbers = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($1, Int32($0)) })
        for name in names where numbers[name] == nil {
            numbers[name] = Int32(all.count)
            all.append(name)
        }
        self.names = all
        lengths = all.map(\.utf8.count)
        self.numbers = numbers
    }

    package static let fixedOnly = FieldNames([])

    package func number(_ name: String) -> Int32? { numbers[name] }

    /// These names with `name` too.
    package func adding(_ name: String) -> FieldNames {
        number(name) == nil ? FieldNames(names + [name]) : self
    }
}
