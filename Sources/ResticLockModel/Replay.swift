import Foundation
import ResticFormats

/// The result of replaying a scenario with one model.
public struct ReplayOutcome: Sendable, Codable, Equatable {
    /// The model's version, e.g. "0.17.0".
    public var model: String
    public var acquired: Bool
    /// One plain sentence.
    public var outcome: String
    /// restic's final error text (all lines it prints at exit) when locking failed.
    public var error: String?
    /// Virtual seconds from the process start until the lock was acquired or locking failed.
    public var elapsed: Double
    /// Short ordered steps of the lock acquisition.
    public var steps: [String]
    /// The lines restic would print.
    public var log: [String]
    /// The exit code restic would return.
    public var exitCode: Int32
    /// The kind of failure ("circuit breaker open", "already locked", ...), nil when acquired.
    public var failureKind: String?
    /// The model's own record of the locking, for drawing it.
    public var trace: [LockTraceMark] = []
}

public enum LockReplay {
    /// 2024-08-21T02:00:00Z, the morning of the #5005 reproduction.
    static let defaultStart: Int64 = 1_724_205_600 * Nanos.second
    /// The first load of the lock named by `breakerLockID` takes this long, so it is still in
    /// flight when a sibling's failure cancels the group.
    static let inFlightLoadSeconds = 3.0
    /// How long the replayed backup runs once it holds the lock.
    static let backupSeconds = 30.0

    public static func run(_ scenario: LockScenario, model: ModelVersion, seed: UInt64 = 1) -> ReplayOutcome {
        let start = scenario.startTime.map { Int64(($0.timeIntervalSince1970 * 1e9).rounded()) } ?? defaultStart
        let clock = VirtualClock(epochUnixNanos: start)
        let storage = InMemoryBackend(flavor: scenario.backend, clock: clock,
                                      consistency: Consistency(listLagAfterDelete: scenario.listLag),
                                      listOrder: .insertion, seed: SplitMix64.derive(seed, 1))
        for lock in listedLocks(scenario) { place(lock, scenario: scenario, in: storage) }

        let trace = LockTrace()
        let options = ProcessOptions(command: .backup(duration: backupSeconds), exclusive: scenario.exclusive,
                                     retryLock: scenario.retryLock, connections: scenario.connections, quiet: scenario.quiet,
                                     resticVersion: scenario.resticVersion, timestampStyle: scenario.timestampStyle)
        let process = ResticProcess(version: model, identity: ProcessIdentity(hostname: "myhost", pid: 4242),
                                    options: options, storage: storage, seed: SplitMix64.derive(seed, 2), trace: trace)
        var result: ProcessResult?
        process.start { result = $0 }
        clock.run(until: 24 * Nanos.hour)

        let ended = result ?? ProcessResult(exitCode: 1, failure: nil, lockSettledAt: nil, lockAcquired: false)
        let narrative = ReplayNarrative(events: trace.events, model: model)
        let failureText = ended.failure?.text
        let elapsed = Nanos.toSeconds(ended.lockSettledAt ?? clock.now)
        let outcome: String
        if ended.lockAcquired {
            outcome = narrative.acquiredSentence()
        } else if let failureText {
            outcome = "locking failed: " + (failureText.split(separator: "\n").first.map(String.init) ?? failureText)
        } else {
            outcome = "the process did not finish locking"
        }
        return ReplayOutcome(model: model.rawValue, acquired: ended.lockAcquired, outcome: outcome,
                             error: ended.lockAcquired ? nil : failureText, elapsed: elapsed, steps: narrative.steps(),
                             log: process.log.lines, exitCode: ended.exitCode, failureKind: ended.failure?.lock?.kind,
                             trace: trace.marks)
    }

    /// The listing order: the lock named by the breaker comes first, so that it is the first
    /// unchecked lock of every later attempt.
    static func listedLocks(_ scenario: LockScenario) -> [ScenarioLock] {
        var locks = scenario.otherLocks
        guard let hint = scenario.breakerLockID else { return locks }
        if let index = locks.firstIndex(where: { $0.isNamed(hint) }) {
            let named = locks.remove(at: index)
            locks.insert(named, at: 0)
        } else {
            locks.insert(ScenarioLock(id: ScenarioLock.stripHandle(hint), age: 10), at: 0)
        }
        return locks
    }

    private static func place(_ lock: ScenarioLock, scenario: LockScenario, in storage: InMemoryBackend) {
        let handle = Handle(type: .lock, name: lock.fullID)
        let age = Nanos.seconds(lock.age ?? 60)
        let file = LockFile(time: storage.clock.unixNanos - age, exclusive: lock.exclusive,
                            hostname: lock.hostname ?? "otherhost", username: lock.username ?? "root",
                            pid: lock.pid ?? 1000 + Int(stableHash(lock.fullID) % 60000), uid: lock.uid ?? 0, gid: lock.gid ?? 0)
        storage.put(handle, data: file.encoded(), writtenAt: 0)
        switch lock.behaviour {
        case .present:
            break
        case .vanished:
            storage.runAfterNextList { [unowned storage] in storage.delete(handle) }
        case let .failing(error, permanent):
            storage.inject(.failing(message: error, permanent: permanent), into: handle)
        case let .transient(failures, error):
            storage.inject(.transient(failures: failures, message: error), into: handle)
        }
        if let hint = scenario.breakerLockID, lock.isNamed(hint), lock.behaviour == .present {
            storage.inject(.slow(seconds: inFlightLoadSeconds, loads: 1), into: handle)
        }
    }
}
