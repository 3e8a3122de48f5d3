import Foundation
import ResticFormats

/// The JSON content of a restic lock file.
struct LockFile: Sendable, Equatable, Codable {
    /// Unix nanoseconds; restic writes it as RFC3339 with nanoseconds.
    var time: Int64
    var exclusive: Bool
    var hostname: String
    var username: String
    var pid: Int
    var uid: Int
    var gid: Int

    private struct Wire: Codable {
        var time: String
        var exclusive: Bool
        var hostname: String
        var username: String
        var pid: Int
        var uid: Int
        var gid: Int
    }

    /// Field order and names as restic's `Lock` struct marshals them.
    func encoded() -> Data {
        let wire = "{\"time\":\"\(CivilTime.rfc3339Nano(unixNanos: time))\",\"exclusive\":\(exclusive),"
            + "\"hostname\":\(JSONString.quoted(hostname)),\"username\":\(JSONString.quoted(username)),"
            + "\"pid\":\(pid),\"uid\":\(uid),\"gid\":\(gid)}"
        return Data(wire.utf8)
    }

    static func decode(_ data: Data) -> LockFile? {
        guard let wire = try? JSONDecoder().decode(Wire.self, from: data),
              let time = CivilTime.parseRFC3339Nano(wire.time) else { return nil }
        return LockFile(time: time, exclusive: wire.exclusive, hostname: wire.hostname, username: wire.username,
                        pid: wire.pid, uid: wire.uid, gid: wire.gid)
    }

    /// restic's lock description, used in the already-locked error.
    func describe(id: String, now: Int64) -> String {
        "PID \(pid) on \(hostname) by \(username) (UID \(uid), GID \(gid))\n"
            + "lock was created at \(CivilTime.goDateTime(unixNanos: time)) (\(GoDuration.format(nanoseconds: now - time)) ago)\n"
            + "storage ID \(shortID(id))"
    }

    /// `Lock.Stale()`: older than 30 minutes, or held by a dead process on this host.
    func isStale(now: Int64, ownHostname: String, processExists: (Int) -> Bool) -> Bool {
        if now - time > LockTimings.staleTimeout { return true }
        return hostname == ownHostname && !processExists(pid)
    }
}

/// The lock timings of restic's `internal/restic/lock.go` and `internal/repository/lock.go`.
enum LockTimings {
    /// `waitBeforeLockCheck`: between creating the lock and checking again.
    static let waitBeforeLockCheck = 200 * Nanos.millisecond
    static let refreshInterval = 5 * Nanos.minute
    static let staleTimeout = 30 * Nanos.minute
    /// 30 min − 1.5 × 5 min: after this the lock can no longer be trusted to be refreshable.
    static let refreshabilityTimeout = staleTimeout - refreshInterval * 3 / 2
    /// `--retry-lock`: first sleep min(5 s, retryLock), doubling up to 60 s.
    static let retrySleepStart = 5 * Nanos.second
    static let retrySleepMax = 60 * Nanos.second
}
