/// restic's backend file types. The string is singular (`lock`) although the directory is `locks/`.
public enum FileType: String, Sendable, Codable, CaseIterable {
    case data, key, lock, snapshot, index, config

    /// The directory a file of this type lives in on a local or sftp backend.
    var directory: String {
        switch self {
        case .data: return "data"
        case .key: return "keys"
        case .lock: return "locks"
        case .snapshot: return "snapshots"
        case .index: return "index"
        case .config: return ""
        }
    }
}

/// A backend file, compared by its full name: the circuit breaker is keyed per file, so two
/// files whose IDs share their first 10 hex characters are different keys.
public struct Handle: Hashable, Sendable, CustomStringConvertible {
    public var type: FileType
    public var name: String

    public init(type: FileType, name: String) {
        self.type = type
        self.name = name
    }

    /// `<lock/91b9421fff>`: restic's `Handle.String()` cuts the name to 10 characters.
    public var description: String { "<\(type.rawValue)/\(name.prefix(10))>" }
}

/// `ID.Str()`: the 8 hex characters restic prints as "storage ID" and in "repository ... opened".
func shortID(_ id: String) -> String { String(id.prefix(8)) }
