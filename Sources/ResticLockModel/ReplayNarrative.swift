import ResticFormats
/// Turns a lock trace into the replay's short steps and its outcome sentence.
struct ReplayNarrative {
    let events: [(time: Int64, event: TraceEvent)]
    let model: ModelVersion

    func steps() -> [String] {
        var steps: [String] = []
        var recheck = false
        var acquired = false
        var attempt: AttemptSummary?
        for (time, event) in events {
            switch event {
            case let .checkStarted(isRecheck):
                recheck = isRecheck
            case let .attemptStarted(number, delay):
                attempt = AttemptSummary(number: number, delay: delay, recheck: recheck, startedAt: time, model: model)
            case let .listed(count, skipped):
                attempt?.listed = count
                attempt?.skipped = skipped
            case let .listFailed(error):
                attempt?.notes.append("List(lock) failed: \(error)")
            case .loadSucceeded:
                attempt?.loaded += 1
            case let .loadFailed(handle, error, retries, permanent):
                attempt?.addFailure(handle, error, retries: retries, permanent: permanent)
            case let .loadCancelled(handle, recorded):
                attempt?.addCancelled(handle, recorded: recorded)
            case .breakerRecorded:
                break
            case let .breakerRefused(handle):
                attempt?.addRefused(handle)
            case let .attemptEnded(_, error):
                if var summary = attempt {
                    summary.error = error
                    steps.append(summary.render(endedAt: time))
                }
                attempt = nil
            case let .lockCreated(handle):
                steps.append("created own lock \(handle); waited 200 ms before checking again")
            case let .ownLockRemoved(handle):
                steps.append(acquired ? "unlocked at exit: removed own lock \(handle)" : "removed own lock \(handle) after the failed re-check")
            case let .retryLockWait(delay):
                steps.append("repository already locked: --retry-lock waits \(GoDuration.format(nanoseconds: delay))")
            case .lockAcquired:
                acquired = true
                steps.append("lock acquired at \(seconds(time))")
            case let .lockFailed(error):
                steps.append("locking failed at \(seconds(time)): \(error.message.split(separator: "\n").first ?? "")")
            }
        }
        return steps
    }

    /// "acquired the lock at the first attempt", or how many extra attempts it took and why.
    func acquiredSentence() -> String {
        var extraAttempts: [Int64] = []
        var retryLockWaits: Int64 = 0
        for (_, event) in events {
            if case let .attemptStarted(number, delay) = event, number > 1 { extraAttempts.append(delay) }
            if case let .retryLockWait(delay) = event { retryLockWaits += delay }
        }
        var sentence = "acquired the lock"
        if extraAttempts.isEmpty {
            sentence += " at the first attempt"
        } else {
            let count = extraAttempts.count
            let delays = extraAttempts.allSatisfy { $0 == 0 } ? "no delay"
                : extraAttempts.map { "\(seconds($0, precise: false)) delay" }.joined(separator: ", ")
            sentence += " after \(count) \(count == 1 ? "retry" : "retries") of checkForOtherLocks (\(delays))"
        }
        if retryLockWaits > 0 { sentence += " and \(GoDuration.format(nanoseconds: retryLockWaits)) of --retry-lock waiting" }
        return sentence
    }
}

private struct AttemptSummary {
    let number: Int
    let delay: Int64
    let recheck: Bool
    let startedAt: Int64
    let model: ModelVersion
    var listed = 0
    var skipped = 0
    var loaded = 0
    var failures: [(handle: Handle, error: BackendError, count: Int, retries: Int, permanent: Bool)] = []
    var cancelled: [(handle: Handle, recorded: Bool)] = []
    var refused: [Handle] = []
    var notes: [String] = []
    var error: LockError?

    mutating func addFailure(_ handle: Handle, _ error: BackendError, retries: Int, permanent: Bool) {
        if let i = failures.firstIndex(where: { $0.handle == handle && $0.error == error }) {
            failures[i].count += 1
        } else {
            failures.append((handle, error, 1, retries, permanent))
        }
    }

    mutating func addCancelled(_ handle: Handle, recorded: Bool) {
        if let i = cancelled.firstIndex(where: { $0.handle == handle }) {
            cancelled[i].recorded = cancelled[i].recorded || recorded
        } else {
            cancelled.append((handle, recorded))
        }
    }

    mutating func addRefused(_ handle: Handle) {
        // The second load of a cancelled file is refused by the entry the first one left.
        if cancelled.contains(where: { $0.handle == handle }) { return }
        if !refused.contains(handle) { refused.append(handle) }
    }

    func render(endedAt: Int64) -> String {
        var head = "\(recheck ? "re-check " : "")attempt \(number)"
        if number > 1 { head += delay > 0 ? " after \(seconds(delay, precise: false))" : " (no delay)" }
        var parts: [String] = []
        var listing = "listed \(listed) lock\(listed == 1 ? "" : "s")"
        if skipped > 0 { listing += " (\(skipped) skipped: own or already checked)" }
        parts.append(listing)
        if loaded > 0 { parts.append("loaded \(loaded)") }
        for handle in refused { parts.append("load of \(handle) refused: circuit breaker open") }
        for failure in failures {
            var text = "load of \(failure.handle) failed"
            if failure.count == 2 { text += " twice" } else if failure.count > 2 { text += " \(failure.count) times" }
            text += ": \(failure.error)"
            if failure.error.kind == .notFound || failure.permanent {
                text += model.stopsOnPermanentErrors ? " (not retried)" : " (retried \(max(0, failure.retries - 1)) times)"
            } else if failure.error.kind != .circuitBreakerOpen {
                text += " (after \(max(0, failure.retries - 1)) retries)"
            }
            parts.append(text)
        }
        if !cancelled.isEmpty {
            let names = cancelled.map(\.handle.description).joined(separator: ", ")
            let recorded = cancelled.filter(\.recorded).map(\.handle.description)
            var text = "sibling load\(cancelled.count == 1 ? "" : "s") cancelled: \(names)"
            if !recorded.isEmpty {
                text += "; recorded by the circuit breaker: \(recorded.joined(separator: ", "))"
            } else if model.hasCircuitBreaker {
                text += " (not recorded by the circuit breaker)"
            }
            parts.append(text)
        }
        parts.append(contentsOf: notes)
        if let error {
            parts.append("attempt failed: \(error.message.split(separator: "\n").first ?? "")")
        } else {
            parts.append("no conflicting lock")
        }
        return head + ": " + parts.joined(separator: "; ")
    }
}

private func seconds(_ nanos: Int64, precise: Bool = true) -> String {
    let value = Nanos.toSeconds(nanos)
    if !precise, value == value.rounded() { return "\(Int(value)) s" }
    return GoDuration.format(nanoseconds: precise ? nanos / Nanos.millisecond * Nanos.millisecond : nanos)
}
