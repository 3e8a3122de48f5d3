import Foundation

/// internal/repository/lock.go: takes the lock with the `--retry-lock` loop, keeps it
/// refreshed every 5 minutes while the command runs, and removes it at the end.
final class LockSession {
    let repository: Repository
    let log: ProcessLog
    let identity: ProcessIdentity
    private(set) var lock: Lock?
    private var refreshTimer: VirtualClock.Timer?
    private var lastRefresh: Int64 = 0
    private var rng: Xoshiro256StarStar
    /// Called when the lock could not be refreshed in time and the command must stop.
    var onLockExpired: (() -> Void)?

    private var clock: VirtualClock { repository.clock }

    init(repository: Repository, log: ProcessLog, identity: ProcessIdentity, seed: UInt64) {
        self.repository = repository
        self.log = log
        self.identity = identity
        self.rng = Xoshiro256StarStar(seed: seed)
    }

    /// Only already-locked errors are retried; anything else ends the loop at once.
    /// `retryLock` nil behaves as restic's default of 0.
    func acquire(exclusive: Bool, retryLock: Int64?, context: OperationContext,
                 completion: @escaping (Result<Lock, LockError>) -> Void) {
        let retryLock = max(0, retryLock ?? 0)
        let timeoutAt = clock.now + retryLock
        var retrySleep = min(LockTimings.retrySleepStart, retryLock)
        var printedWaiting = false

        func attempt(last: Bool) {
            Lock.newLock(repository: repository, exclusive: exclusive, identity: identity, context: context) { [self] result in
                guard case let .failure(error) = result, error.isAlreadyLocked, !last else { return finish(result) }
                if !printedWaiting {
                    log.verbose("repo already locked, waiting up to \(GoDuration.format(nanoseconds: retryLock)) for the lock")
                    printedWaiting = true
                }
                // select over ctx.Done(), the overall timeout and the next sleep; Go picks at
                // random between channels that are ready together.
                let sleepEndsAt = clock.now + retrySleep
                let timeoutFirst = timeoutAt < sleepEndsAt || (timeoutAt == sleepEndsAt && rng.coinFlip())
                let wakeAt = timeoutFirst ? max(timeoutAt, clock.now) : sleepEndsAt
                repository.trace?.record(.retryLockWait(wakeAt - clock.now), at: clock.now)
                clock.sleep(wakeAt - clock.now, context: context) { cancelled in
                    if cancelled { return finish(.failure(.cancelled)) }
                    if !timeoutFirst { retrySleep = min(retrySleep * 2, LockTimings.retrySleepMax) }
                    attempt(last: timeoutFirst)
                }
            }
        }

        func finish(_ result: Result<Lock, LockError>) {
            switch result {
            case let .success(lock):
                self.lock = lock
                repository.trace?.record(.lockAcquired, at: clock.now)
                startRefreshing()
            case let .failure(error):
                repository.trace?.record(.lockFailed(error), at: clock.now)
            }
            completion(result)
        }

        attempt(last: false)
    }

    /// refreshLocks: a ticker every 5 minutes. A lock not refreshed within 22.5 minutes may
    /// already count as stale to others, so the command is stopped.
    private func startRefreshing() {
        lastRefresh = clock.now
        refreshTimer = clock.schedule(after: LockTimings.refreshInterval) { [weak self] in self?.tick() }
    }

    private func tick() {
        guard let lock else { return }
        refreshTimer = clock.schedule(after: LockTimings.refreshInterval) { [weak self] in self?.tick() }
        if clock.now - lastRefresh > LockTimings.refreshabilityTimeout {
            stopRefreshing()
            log.warn("Fatal: failed to refresh lock in time")
            onLockExpired?()
            return
        }
        let startedAt = clock.now
        lock.refresh(context: OperationContext()) { [weak self] error in
            guard let self else { return }
            if let error {
                self.log.warn("unable to refresh lock: \(error.message)")
            } else {
                self.lastRefresh = startedAt
            }
        }
    }

    func stopRefreshing() {
        refreshTimer?.cancel()
        refreshTimer = nil
    }

    /// At exit: stop refreshing and remove the lock. The unlock error has no newline in restic.
    func release(completion: @escaping () -> Void) {
        stopRefreshing()
        guard let lock else {
            clock.schedule(after: 0, completion)
            return
        }
        self.lock = nil
        lock.unlock { [log] error in
            if let error { log.write("error while unlocking: \(error.message)") }
            completion()
        }
    }
}
