import Foundation
import ResticFormats

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

    // MARK: refreshLocks and monitorLockRefresh

    private var refreshing = false
    private var tickWaiting = false
    private var staleRefreshRequested = false
    private var staleRefreshRunning = false
    private var monitorTimer: VirtualClock.Timer?

    /// A 5-minute ticker drives sequential refreshes; a tick that arrives while one runs waits
    /// (Go's ticker keeps one). A monitor checks once a second whether the last successful
    /// refresh is older than 22.5 minutes and then forces `RefreshStaleLock`.
    private func startRefreshing() {
        lastRefresh = clock.now
        refreshTimer = clock.schedule(after: LockTimings.refreshInterval) { [weak self] in self?.tick() }
        scheduleMonitor()
    }

    private func tick() {
        refreshTimer = clock.schedule(after: LockTimings.refreshInterval) { [weak self] in self?.tick() }
        if refreshing || staleRefreshRunning { tickWaiting = true } else { refreshNow() }
    }

    private func refreshNow() {
        guard let lock else { return }
        // Too old to refresh normally: leave it to the monitor.
        if clock.now - lastRefresh > LockTimings.refreshabilityTimeout { return }
        refreshing = true
        let startedAt = clock.now
        lock.refresh(context: OperationContext()) { [weak self] error in
            guard let self, self.lock != nil else { return }
            refreshing = false
            if let error {
                log.warn("unable to refresh lock: \(error.message)")
            } else {
                lastRefresh = startedAt
            }
            runWaitingWork()
        }
    }

    private func runWaitingWork() {
        if staleRefreshRequested {
            staleRefreshRequested = false
            refreshStale()
        } else if tickWaiting {
            tickWaiting = false
            refreshNow()
        }
    }

    private func scheduleMonitor() {
        monitorTimer?.cancel()
        // Polled every second: the first poll at which the lock is too old.
        let due = lastRefresh + LockTimings.refreshabilityTimeout + Nanos.second
        monitorTimer = clock.schedule(after: max(0, due - clock.now)) { [weak self] in self?.monitor() }
    }

    private func monitor() {
        guard lock != nil else { return }
        if clock.now - lastRefresh < LockTimings.refreshabilityTimeout { return scheduleMonitor() }
        if staleRefreshRunning || staleRefreshRequested { return }
        if refreshing { staleRefreshRequested = true } else { refreshStale() }
    }

    private func refreshStale() {
        guard let lock else { return }
        staleRefreshRunning = true
        lock.refreshStaleLock(context: OperationContext()) { [weak self] error in
            guard let self, self.lock != nil else { return }
            staleRefreshRunning = false
            if let error {
                log.warn("failed to refresh stale lock: \(error.message)")
                // The refresh goroutine cancels the context before it reports back, so the
                // monitor may see the cancellation first and stop without its message.
                if rng.coinFlip() { log.warn("Fatal: failed to refresh lock in time") }
                stopRefreshing()
                onLockExpired?()
                return
            }
            lastRefresh = clock.now
            scheduleMonitor()
            runWaitingWork()
        }
    }

    func stopRefreshing() {
        refreshTimer?.cancel()
        refreshTimer = nil
        monitorTimer?.cancel()
        monitorTimer = nil
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
