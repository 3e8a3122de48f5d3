/// What a process did while locking, recorded for the replay's step-by-step account.
/// The simulation runs without a trace.
enum TraceEvent: Equatable {
    case checkStarted(recheck: Bool)
    case attemptStarted(attempt: Int, delay: Int64)
    case listed(count: Int, skipped: Int)
    case listFailed(BackendError)
    case loadSucceeded(Handle, retries: Int)
    /// A load that ended with an error while its context was live.
    case loadFailed(Handle, BackendError, retries: Int, permanent: Bool)
    /// A load ended by the cancellation of its context; `recorded` when the breaker kept it.
    case loadCancelled(Handle, recorded: Bool)
    case breakerRecorded(Handle)
    case breakerRefused(Handle)
    case attemptEnded(attempt: Int, error: LockError?)
    case lockCreated(Handle)
    case ownLockRemoved(Handle)
    case retryLockWait(Int64)
    case lockAcquired
    case lockFailed(LockError)
}

final class LockTrace {
    private(set) var events: [(time: Int64, event: TraceEvent)] = []
    func record(_ event: TraceEvent, at time: Int64) { events.append((time, event)) }
}
