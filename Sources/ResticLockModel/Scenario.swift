import Foundation
import ResticFormats

/// What happened to one listed lock file while the process checked it.
public enum LockBehaviour: Sendable, Codable, Equatable {
    /// Listed and loadable.
    case present
    /// Deleted by its owner just after this process listed it; still listed for `listLag` seconds.
    case vanished
    /// Every load fails with `error`; `permanent` as the backend classifies it (not-found texts are).
    case failing(error: String, permanent: Bool)
    /// The first `failures` loads fail with `error`, then it loads.
    case transient(failures: Int, error: String)
}

/// One lock file listed under `locks/` when the process checked.
public struct ScenarioLock: Sendable, Codable, Equatable {
    /// Hex, at least the 10 characters of a log handle; shorter IDs are padded deterministically.
    public var id: String
    public var behaviour: LockBehaviour
    /// Seconds since the holder created (or last refreshed) the lock.
    public var age: Double?
    public var exclusive: Bool
    public var hostname: String?
    public var pid: Int?
    public var username: String?
    public var uid: Int?
    public var gid: Int?

    public init(id: String, behaviour: LockBehaviour = .present, age: Double? = nil, exclusive: Bool = false,
                hostname: String? = nil, pid: Int? = nil, username: String? = nil, uid: Int? = nil, gid: Int? = nil) {
        self.id = id
        self.behaviour = behaviour
        self.age = age
        self.exclusive = exclusive
        self.hostname = hostname
        self.pid = pid
        self.username = username
        self.uid = uid
        self.gid = gid
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        behaviour = try c.decodeIfPresent(LockBehaviour.self, forKey: .behaviour) ?? .present
        age = try c.decodeIfPresent(Double.self, forKey: .age)
        exclusive = try c.decodeIfPresent(Bool.self, forKey: .exclusive) ?? false
        hostname = try c.decodeIfPresent(String.self, forKey: .hostname)
        pid = try c.decodeIfPresent(Int.self, forKey: .pid)
        username = try c.decodeIfPresent(String.self, forKey: .username)
        uid = try c.decodeIfPresent(Int.self, forKey: .uid)
        gid = try c.decodeIfPresent(Int.self, forKey: .gid)
    }

    /// The 64-hex storage ID: `id` lowercased, padded from a hash of itself so the same
    /// handle always becomes the same ID.
    public var fullID: String { Self.fullID(id) }

    public static func fullID(_ id: String) -> String {
        let lower = id.lowercased()
        guard lower.count < 64 else { return lower }
        var rng = Xoshiro256StarStar(seed: stableHash(lower))
        return lower + rng.hex(64 - lower.count)
    }

    /// Whether a handle or ID from a log names this lock.
    func isNamed(_ text: String) -> Bool {
        let t = ScenarioLock.stripHandle(text).lowercased(), own = fullID
        return own.hasPrefix(t) || t.hasPrefix(own)
    }

    /// `<lock/798ffec919>` → `798ffec919`.
    static func stripHandle(_ text: String) -> String {
        var t = Substring(text)
        if t.hasPrefix("<lock/") { t = t.dropFirst(6) }
        if t.hasSuffix(">") { t = t.dropLast() }
        return String(t)
    }
}

/// A lock acquisition situation reconstructed from one run of a log.
public struct LockScenario: Sendable, Codable, Equatable {
    public var backend: BackendFlavor
    /// Locks listed under `locks/` when this process checked, in listing order.
    public var otherLocks: [ScenarioLock]
    /// Parallel lock loads (restic's default for B2 is 5).
    public var connections: Int
    /// `--retry-lock` seconds, if any.
    public var retryLock: Double?
    /// Seconds a deleted lock stays listed.
    public var listLag: Double
    /// The lock a `circuit breaker open for file <lock/...>` error named. The replay lists it
    /// first and makes its first load slow, so that it is the sibling in flight when another
    /// load fails; it is added as a present lock when `otherLocks` does not contain it.
    public var breakerLockID: String?
    /// Whether this process wants an exclusive lock (prune, check ...) rather than backup's shared one.
    public var exclusive: Bool
    /// Wall-clock time at which the process started; defaults to 2024-08-21T02:00:00Z.
    public var startTime: Date?
    /// The banner's version text, e.g. "0.17.0"; defaults to the model's.
    public var resticVersion: String?
    public var timestampStyle: TimestampStyle
    public var quiet: Bool

    public init(backend: BackendFlavor = .b2, otherLocks: [ScenarioLock] = [], connections: Int = 5,
                retryLock: Double? = nil, listLag: Double = 2, breakerLockID: String? = nil, exclusive: Bool = false,
                startTime: Date? = nil, resticVersion: String? = nil, timestampStyle: TimestampStyle = .none, quiet: Bool = false) {
        self.backend = backend
        self.otherLocks = otherLocks
        self.connections = connections
        self.retryLock = retryLock
        self.listLag = listLag
        self.breakerLockID = breakerLockID
        self.exclusive = exclusive
        self.startTime = startTime
        self.resticVersion = resticVersion
        self.timestampStyle = timestampStyle
        self.quiet = quiet
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        backend = try c.decodeIfPresent(BackendFlavor.self, forKey: .backend) ?? .b2
        otherLocks = try c.decodeIfPresent([ScenarioLock].self, forKey: .otherLocks) ?? []
        connections = try c.decodeIfPresent(Int.self, forKey: .connections) ?? 5
        retryLock = try c.decodeIfPresent(Double.self, forKey: .retryLock)
        listLag = try c.decodeIfPresent(Double.self, forKey: .listLag) ?? 2
        breakerLockID = try c.decodeIfPresent(String.self, forKey: .breakerLockID)
        exclusive = try c.decodeIfPresent(Bool.self, forKey: .exclusive) ?? false
        startTime = try c.decodeIfPresent(Date.self, forKey: .startTime)
        resticVersion = try c.decodeIfPresent(String.self, forKey: .resticVersion)
        timestampStyle = try c.decodeIfPresent(TimestampStyle.self, forKey: .timestampStyle) ?? .none
        quiet = try c.decodeIfPresent(Bool.self, forKey: .quiet) ?? false
    }

    /// The situation of restic #5005: B2, six other backups' locks, `91b9421fff` deleted just
    /// after listing, `798ffec919` in flight when its 404 cancelled the group.
    public static let issue5005 = LockScenario(
        backend: .b2,
        otherLocks: [
            ScenarioLock(id: "2c41d0a7e3", age: 12, hostname: "backup-host", pid: 46951),
            ScenarioLock(id: "4a0f9e1b62", age: 9, hostname: "backup-host", pid: 46953),
            ScenarioLock(id: "798ffec919", age: 7, hostname: "backup-host", pid: 46955),
            ScenarioLock(id: "91b9421fff", behaviour: .vanished, age: 300, hostname: "backup-host", pid: 46957),
            ScenarioLock(id: "b37e55c0d8", age: 4, hostname: "backup-host", pid: 46958),
            ScenarioLock(id: "e6d2a94f01", age: 2, hostname: "backup-host", pid: 46960),
        ],
        connections: 5, listLag: 2, breakerLockID: "798ffec919")
}
