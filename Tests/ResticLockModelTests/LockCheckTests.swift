import Testing
@testable import ResticLockModel
import ResticFormats

/// checkForOtherLocks and newLock, driven through one process against a prepared repository.
@Suite struct LockCheckTests {
    struct Run {
        let trace: LockTrace
        let log: [String]
        let result: ProcessResult
        let storage: InMemoryBackend

        var attemptStarts: [(number: Int, delay: Int64, time: Int64)] {
            trace.events.compactMap { entry in
                if case let .attemptStarted(n, d) = entry.event { return (n, d, entry.time) }
                return nil
            }
        }
    }

    func run(_ version: ModelVersion, locks: [(String, LoadFault?)], connections: Int = 5, exclusive: Bool = false) -> Run {
        let clock = VirtualClock(epochUnixNanos: 1_724_205_600 * Nanos.second)
        let storage = InMemoryBackend(flavor: .b2, clock: clock, listOrder: .insertion, seed: 11)
        for (id, fault) in locks {
            let handle = Harness.lockHandle(id)
            let file = LockFile(time: clock.unixNanos, exclusive: false, hostname: "other", username: "root", pid: 7, uid: 0, gid: 0)
            storage.put(handle, data: file.encoded())
            if let fault { storage.inject(fault, into: handle) }
        }
        let trace = LockTrace()
        let process = ResticProcess(version: version, identity: ProcessIdentity(hostname: "me", pid: 1),
                                    options: ProcessOptions(command: .backup(duration: 1), exclusive: exclusive, connections: connections),
                                    storage: storage, seed: 5, trace: trace)
        var result: ProcessResult?
        process.start { result = $0 }
        clock.run()
        return Run(trace: trace, log: process.log.lines, result: result!, storage: storage)
    }

    let brokenLock: (String, LoadFault?) = ("91b9421fff", .notFound)

    @Test(arguments: [ModelVersion.v0_16, .v0_17_0])
    func threeAttemptsWithoutDelayUpTo0170(version: ModelVersion) {
        let r = run(version, locks: [("1111111111", nil), brokenLock])
        let starts = r.attemptStarts
        #expect(starts.map(\.number) == [1, 2, 3])
        #expect(starts.allSatisfy { $0.delay == 0 })
        #expect(r.result.exitCode == 1)
        #expect(r.log.last == "unable to create lock in backend: \(b2NotFound)")
    }

    @Test func fourAttemptsWithFiveTenTwentySecondDelaysFrom0171() {
        let r = run(.v0_17_1, locks: [("1111111111", nil), brokenLock])
        let starts = r.attemptStarts
        #expect(starts.map(\.number) == [1, 2, 3, 4])
        #expect(starts.map(\.delay) == [0, 5, 10, 20].map { $0 * Nanos.second })
        for i in 1..<starts.count {
            #expect(starts[i].time - starts[i - 1].time >= starts[i].delay)
            #expect(starts[i].time - starts[i - 1].time < starts[i].delay + 2 * Nanos.second)
        }
        #expect(r.log.last == "unable to create lock in backend: \(b2NotFound)")
    }

    @Test func failedLockLoadPrintsItsFailedLineTwicePerAttemptFrom017() {
        let line = "Load(<lock/91b9421fff>, 0, 0) failed: \(b2NotFound)"
        #expect(run(.v0_17_0, locks: [brokenLock]).log.filter { $0 == line }.count == 2 * 3)
        #expect(run(.v0_17_1, locks: [brokenLock]).log.filter { $0 == line }.count == 2 * 4)
        let old = run(.v0_16, locks: [brokenLock]).log
        #expect(old.filter { $0.contains("failed:") }.isEmpty)
        #expect(old.filter { $0.contains("returned error, retrying after") }.count == 10 * 3)
    }

    @Test func checkedLocksAreNotLoadedAgainFrom0170() {
        let present = Harness.lockHandle("1111111111")
        #expect(run(.v0_17_0, locks: [("1111111111", nil), brokenLock]).storage.loadCount(present) == 1)
        #expect(run(.v0_16, locks: [("1111111111", nil), brokenLock]).storage.loadCount(present) == 3)
    }

    @Test func firstErrorStopsHandingOutQueuedLocks() {
        // One connection: the broken lock is loaded first and its error cancels the group
        // before the lock queued behind it is handed to a worker.
        let queued = Harness.lockHandle("2222222222")
        let r = run(.v0_17_0, locks: [brokenLock, ("2222222222", nil)], connections: 1)
        #expect(r.storage.loadCount(queued) == 0)
        let wide = run(.v0_17_0, locks: [brokenLock, ("2222222222", nil)], connections: 2)
        #expect(wide.storage.loadCount(queued) == 1)
    }

    @Test func newLockChecksCreatesWaitsAndChecksAgain() {
        let r = run(.v0_17_1, locks: [("1111111111", nil)])
        #expect(r.result.lockAcquired)
        let events = r.trace.events
        guard let created = events.firstIndex(where: { if case .lockCreated = $0.event { return true }; return false }),
              let recheck = events.firstIndex(where: { $0.event == .checkStarted(recheck: true) }) else {
            Issue.record("missing create or re-check")
            return
        }
        #expect(created < recheck)
        #expect(events[recheck].time - events[created].time == LockTimings.waitBeforeLockCheck)
        #expect(r.log.contains { $0.hasPrefix("snapshot ") && $0.hasSuffix(" saved") })
        #expect(r.storage.existingNames(.lock) == [Harness.lockHandle("1111111111").name])
    }

    @Test func failedRecheckRemovesTheOwnLock() {
        // The lock appears broken only from its second load on: the first check passes, the
        // re-check fails, and the lock just created must be gone again.
        let clock = VirtualClock(epochUnixNanos: 0)
        let storage = InMemoryBackend(flavor: .b2, clock: clock, seed: 3)
        let other = Harness.lockHandle("3333333333")
        storage.put(other, data: LockFile(time: 0, exclusive: false, hostname: "o", username: "r", pid: 2, uid: 0, gid: 0).encoded())
        let trace = LockTrace()
        let process = ResticProcess(version: .v0_17_0, identity: ProcessIdentity(hostname: "me", pid: 1),
                                    options: ProcessOptions(command: .backup(duration: 1)), storage: storage, seed: 5, trace: trace)
        var result: ProcessResult?
        process.start { result = $0 }
        // Run until the own lock exists, then, within the 200 ms before the re-check, make
        // the other lock fail with a non-retried error.
        var horizon: Int64 = 0
        while !trace.events.contains(where: { if case .lockCreated = $0.event { return true }; return false }) {
            horizon += 10 * Nanos.millisecond
            clock.run(until: horizon)
        }
        storage.inject(.failing(message: "access denied", permanent: true), into: other)
        clock.run()
        #expect(result?.exitCode == 1)
        #expect(process.log.lines.last == "unable to create lock in backend: access denied")
        #expect(trace.events.contains { if case .ownLockRemoved = $0.event { return true }; return false })
        #expect(storage.existingNames(.lock) == [other.name])
    }
}
