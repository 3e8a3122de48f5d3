import Testing
@testable import ResticLockModel
import ResticFormats

@Suite struct RefreshAndUnlockTests {
    let start: Int64 = 1_724_205_600 * Nanos.second

    /// Own lock files over time: which IDs exist at each sampled minute.
    @Test func refreshWritesANewLockEveryFiveMinutesAndDeletesTheOldOne() {
        let clock = VirtualClock(epochUnixNanos: start)
        let storage = InMemoryBackend(flavor: .b2, clock: clock, seed: 1)
        let trace = LockTrace()
        let process = ResticProcess(version: .v0_17_1, identity: ProcessIdentity(hostname: "me", pid: 1),
                                    options: ProcessOptions(command: .backup(duration: 16 * 60)), storage: storage, seed: 2, trace: trace)
        var result: ProcessResult?
        process.start { result = $0 }
        var seen: [[String]] = []
        for minute in stride(from: 1, through: 17, by: 1) {
            clock.run(until: Int64(minute) * Nanos.minute)
            seen.append(storage.existingNames(.lock))
        }
        clock.run()
        #expect(result?.exitCode == 0)
        #expect(seen.allSatisfy { $0.count <= 1 })
        let distinct = seen.compactMap(\.first).reduce(into: [String]()) { if $0.last != $1 { $0.append($1) } }
        #expect(distinct.count == 4)  // created, then refreshed at 5, 10 and 15 minutes
        #expect(seen[3] == seen[0] && seen[5] != seen[3])  // minute 4 unchanged, minute 6 refreshed
        #expect(storage.existingNames(.lock).isEmpty)  // unlocked at exit
        #expect(!process.log.lines.contains { $0.contains("unable to refresh lock") })
    }

    @Test func lockIsStaleAfterThirtyMinutesOrWithADeadProcessOnThisHost() {
        let lock = LockFile(time: 0, exclusive: false, hostname: "host1", username: "root", pid: 42, uid: 0, gid: 0)
        #expect(!lock.isStale(now: 30 * Nanos.minute, ownHostname: "other", processExists: { _ in false }))
        #expect(lock.isStale(now: 30 * Nanos.minute + 1, ownHostname: "other", processExists: { _ in true }))
        #expect(lock.isStale(now: Nanos.minute, ownHostname: "host1", processExists: { $0 != 42 }))
        #expect(!lock.isStale(now: Nanos.minute, ownHostname: "host1", processExists: { _ in true }))
        #expect(LockTimings.refreshabilityTimeout == 22 * Nanos.minute + 30 * Nanos.second)
    }

    func unlock(removeAll: Bool, ages: [Double]) -> (log: [String], remaining: Int) {
        let clock = VirtualClock(epochUnixNanos: start)
        let storage = InMemoryBackend(flavor: .b2, clock: clock, seed: 1)
        for (i, age) in ages.enumerated() {
            let file = LockFile(time: start - Nanos.seconds(age), exclusive: false, hostname: "elsewhere", username: "root", pid: i + 1, uid: 0, gid: 0)
            storage.put(Harness.lockHandle("abcdef000\(i)"), data: file.encoded())
        }
        let process = ResticProcess(version: .v0_17_1, identity: ProcessIdentity(hostname: "me", pid: 99),
                                    options: ProcessOptions(command: .unlock(removeAll: removeAll)), storage: storage, seed: 2)
        process.start { _ in }
        clock.run()
        return (process.log.lines, storage.existingNames(.lock).count)
    }

    @Test func unlockRemovesOnlyStaleLocks() {
        let r = unlock(removeAll: false, ages: [31 * 60, 10 * 60, 45 * 60])
        #expect(r.log.last == "successfully removed 2 locks")
        #expect(r.remaining == 1)
    }

    @Test func unlockRemoveAllRemovesEveryLock() {
        let r = unlock(removeAll: true, ages: [31 * 60, 10 * 60, 45 * 60])
        #expect(r.log.last == "successfully removed 3 locks")
        #expect(r.remaining == 0)
    }

    @Test func refreshedLockOfALongBackupIsNotRemovedAsStale() {
        let clock = VirtualClock(epochUnixNanos: start)
        let storage = InMemoryBackend(flavor: .b2, clock: clock, seed: 1)
        let backup = ResticProcess(version: .v0_17_1, identity: ProcessIdentity(hostname: "a", pid: 1),
                                   options: ProcessOptions(command: .backup(duration: 45 * 60)), storage: storage, seed: 2)
        let cleaner = ResticProcess(version: .v0_17_1, identity: ProcessIdentity(hostname: "b", pid: 2),
                                    options: ProcessOptions(command: .unlock(removeAll: false)), storage: storage, seed: 3)
        var backupResult: ProcessResult?
        backup.start { backupResult = $0 }
        clock.schedule(after: 40 * Nanos.minute) { cleaner.start { _ in } }
        clock.run(until: 42 * Nanos.minute)
        #expect(storage.existingNames(.lock).count == 1)
        #expect(!cleaner.log.lines.contains { $0.hasPrefix("successfully removed") })
        clock.run()
        #expect(backupResult?.exitCode == 0)
    }
}

@Suite struct RefreshFailureTests {
    @Test func failingRefreshesEndWithTheStaleLockRefreshAndStopTheBackup() {
        let clock = VirtualClock(epochUnixNanos: 1_724_205_600 * Nanos.second)
        let storage = InMemoryBackend(flavor: .b2, clock: clock, seed: 1)
        let process = ResticProcess(version: .v0_17_1, identity: ProcessIdentity(hostname: "me", pid: 1),
                                    options: ProcessOptions(command: .backup(duration: 90 * 60)), storage: storage, seed: 2)
        var result: ProcessResult?
        var endedAt: Int64 = 0
        process.start { result = $0; endedAt = clock.now }
        let unavailable = "Close: b2_get_upload_url: 503: service unavailable"
        clock.schedule(after: 4 * Nanos.minute) { storage.failingSaves = BackendError(kind: .transient, message: unavailable) }
        clock.run()
        let log = process.log.lines
        #expect(log.contains("unable to refresh lock: \(unavailable)"))
        #expect(log.contains("failed to refresh stale lock: \(unavailable)"))
        #expect(log.contains { $0.hasPrefix("Save(<lock/") && $0.hasSuffix(") failed: \(unavailable)") })
        #expect(result?.exitCode == 1)
        #expect(!log.contains { $0.hasPrefix("snapshot ") })
        #expect(endedAt > 22 * Nanos.minute && endedAt < 90 * Nanos.minute)
        #expect(storage.existingNames(.lock).isEmpty)
    }

    @Test func refreshesThatSucceedAgainKeepTheBackupAlive() {
        let clock = VirtualClock(epochUnixNanos: 1_724_205_600 * Nanos.second)
        let storage = InMemoryBackend(flavor: .b2, clock: clock, seed: 1)
        let process = ResticProcess(version: .v0_17_1, identity: ProcessIdentity(hostname: "me", pid: 1),
                                    options: ProcessOptions(command: .backup(duration: 40 * 60)), storage: storage, seed: 2)
        var result: ProcessResult?
        process.start { result = $0 }
        clock.schedule(after: 4 * Nanos.minute) { storage.failingSaves = BackendError(kind: .transient, message: "503") }
        clock.schedule(after: 6 * Nanos.minute) { storage.failingSaves = nil }
        clock.run()
        #expect(result?.exitCode == 0)
        #expect(process.log.lines.contains { $0.contains("operation successful after") })
        #expect(!process.log.lines.contains { $0.contains("unable to refresh lock") })
    }
}
