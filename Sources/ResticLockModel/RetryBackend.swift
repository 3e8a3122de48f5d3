import Foundation
import ResticFormats

/// restic's `retry.Backend`: retries each operation with exponential backoff, prints restic's
/// retry lines, and (0.17.0+) guards Load with the circuit breaker. One per process.
final class RetryBackend: Backend {
    let inner: Backend
    let version: ModelVersion
    let clock: VirtualClock
    let log: ProcessLog
    var trace: LockTrace?
    private(set) var breaker: CircuitBreaker
    private var rng: Xoshiro256StarStar

    init(inner: Backend, version: ModelVersion, clock: VirtualClock, log: ProcessLog, seed: UInt64, trace: LockTrace? = nil) {
        self.inner = inner
        self.version = version
        self.clock = clock
        self.log = log
        self.trace = trace
        self.breaker = CircuitBreaker(recordsCancelledLoads: version.breakerRecordsCancelledLoads)
        self.rng = Xoshiro256StarStar(seed: seed)
    }

    var flavor: BackendFlavor { inner.flavor }

    func list(_ type: FileType, context: OperationContext, completion: @escaping (Result<[FileInfo], BackendError>) -> Void) {
        retry("List(\(type.rawValue))", context: context, operation: { [inner] done in
            inner.list(type, context: context, completion: done)
        }, completion: { result, _ in completion(result) })
    }

    func save(_ handle: Handle, data: Data, context: OperationContext, completion: @escaping (BackendError?) -> Void) {
        retry("Save(\(handle))", context: context, operation: { [inner] (done: @escaping (Result<Void, BackendError>) -> Void) in
            inner.save(handle, data: data, context: context) { done($0.map { .failure($0) } ?? .success(())) }
        }, completion: { result, _ in completion(result.failureValue) })
    }

    func remove(_ handle: Handle, context: OperationContext, completion: @escaping (BackendError?) -> Void) {
        retry("Remove(\(handle))", context: context, operation: { [inner] (done: @escaping (Result<Void, BackendError>) -> Void) in
            inner.remove(handle, context: context) { done($0.map { .failure($0) } ?? .success(())) }
        }, completion: { result, _ in completion(result.failureValue) })
    }

    func load(_ handle: Handle, context: OperationContext, completion: @escaping (Result<Data, BackendError>) -> Void) {
        if version.hasCircuitBreaker && breaker.isOpen(for: handle, now: clock.now) {
            // Refused before any request or retry, so restic prints nothing for it.
            trace?.record(.breakerRefused(handle), at: clock.now)
            clock.schedule(after: 0) { completion(.failure(.circuitBreakerOpen(handle))) }
            return
        }
        retry("Load(\(handle), 0, 0)", context: context, operation: { [inner] done in
            inner.load(handle, context: context, completion: done)
        }, completion: { [self] result, retries in
            let error = result.failureValue
            var recorded = false
            if version.hasCircuitBreaker {
                recorded = breaker.recordLoad(of: handle, error: error, permanent: error.map(isPermanentError) ?? false,
                                              contextCancelled: context.isCancelled, now: clock.now)
            }
            if let trace {
                if let error {
                    if context.isCancelled {
                        trace.record(.loadCancelled(handle, recorded: recorded), at: clock.now)
                    } else {
                        trace.record(.loadFailed(handle, error, retries: retries, permanent: isPermanentError(error)), at: clock.now)
                        if recorded { trace.record(.breakerRecorded(handle), at: clock.now) }
                    }
                } else {
                    trace.record(.loadSucceeded(handle, retries: retries), at: clock.now)
                }
            }
            completion(result)
        })
    }

    /// `Backend.retry` with `retryNotifyErrorWithSuccess` around backoff's `RetryNotify`.
    /// `completion` also receives the number of failed tries.
    private func retry<T>(_ message: String, context: OperationContext,
                          operation: @escaping (@escaping (Result<T, BackendError>) -> Void) -> Void,
                          completion: @escaping (Result<T, BackendError>, Int) -> Void) {
        // A cancelled context never reaches the backend (0.17's explicit check; in 0.16 the
        // request fails at once with the same error and backoff stops).
        if context.isCancelled {
            clock.schedule(after: 0) { completion(.failure(.cancelled), 0) }
            return
        }
        var schedule = BackoffSchedule(policy: version.retryPolicy, startedAt: clock.now)
        var failures = 0

        func finish(_ error: BackendError) {
            // The final line is suppressed when the context was cancelled.
            if version.printsFinalFailure && !context.isCancelled {
                log.warn("\(message) failed: \(error)")
            }
            completion(.failure(error), failures)
        }

        func attempt() {
            operation { [self] result in
                switch result {
                case .success:
                    if failures > 0 { log.warn("\(message) operation successful after \(failures) retries") }
                    completion(result, failures)
                case let .failure(error):
                    failures += 1
                    if version.stopsOnPermanentErrors && isPermanentError(error) {
                        return finish(error)  // backoff.Permanent: no retry, no retry line
                    }
                    if context.isCancelled { return finish(.cancelled) }
                    guard let delay = schedule.nextDelay(now: clock.now, rng: &rng) else { return finish(error) }
                    log.warn("\(message) returned error, retrying after \(GoDuration.format(nanoseconds: delay)): \(error)")
                    clock.sleep(delay, context: context) { cancelled in
                        if cancelled { finish(.cancelled) } else { attempt() }
                    }
                }
            }
        }
        attempt()
    }
}
