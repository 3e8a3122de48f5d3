import ResticFormats
/// One step of a process's locking as the model recorded it, in a public form that reports draw:
/// the replay's two timelines and the simulation's failing runs come from these, not from a drawing
/// made up for the report.
public struct LockTraceMark: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// `checkForOtherLocks` began an attempt (the detail says which, and after what delay).
        case attempt
        case list
        case listFailed
        case loadOK
        case loadFailed
        case loadNotFound
        case loadCancelled
        /// The circuit breaker kept a failed or cancelled load: the next load of that file is refused.
        case breakerRecorded
        /// A load refused because the breaker is open for that file.
        case breakerOpen
        case create
        case remove
        case retryLockWait
        case acquired
        case failed
    }

    /// Virtual seconds since the clock started (the process start in a replay).
    public var seconds: Double
    public var kind: Kind
    /// `lock/798ffec919` for marks about one file; nil for the process's own locking.
    public var file: String?
    public var detail: String

    public init(seconds: Double, kind: Kind, file: String? = nil, detail: String) {
        self.seconds = seconds
        self.kind = kind
        self.file = file
        self.detail = detail
    }
}

extension LockTrace {
    /// The recorded events as marks; the own lock's create and remove go on the process's lane.
    var marks: [LockTraceMark] {
        events.compactMap { time, event in
            let at = Nanos.toSeconds(time)
            func mark(_ kind: LockTraceMark.Kind, _ handle: Handle?, _ detail: String) -> LockTraceMark {
                LockTraceMark(seconds: at, kind: kind, file: handle.map { "\($0.type.rawValue)/\($0.name.prefix(10))" }, detail: detail)
            }
            switch event {
            case .checkStarted:
                return nil
            case let .attemptStarted(attempt, delay):
                let wait = delay > 0 ? " after \(GoDuration.format(nanoseconds: delay))" : (attempt > 1 ? " (no delay)" : "")
                return mark(.attempt, nil, "checkForOtherLocks attempt \(attempt)\(wait)")
            case let .listed(count, skipped):
                return mark(.list, nil, "listed \(count) lock\(count == 1 ? "" : "s")" + (skipped > 0 ? ", \(skipped) skipped" : ""))
            case let .listFailed(error):
                return mark(.listFailed, nil, "List(lock) failed: \(error)")
            case let .loadSucceeded(handle, retries):
                return mark(.loadOK, handle, "Load(\(handle)) ok" + (retries > 0 ? " after \(retries) retries" : ""))
            case let .loadFailed(handle, error, retries, _):
                let kind: LockTraceMark.Kind = error.kind == .notFound ? .loadNotFound : .loadFailed
                return mark(kind, handle, "Load(\(handle)) failed: \(error)" + (retries > 1 ? " (\(retries) tries)" : ""))
            case let .loadCancelled(handle, recorded):
                return mark(.loadCancelled, handle, "Load(\(handle)) cancelled" + (recorded ? "; recorded by the circuit breaker" : ""))
            case let .breakerRecorded(handle):
                return mark(.breakerRecorded, handle, "circuit breaker records \(handle)")
            case let .breakerRefused(handle):
                return mark(.breakerOpen, handle, "circuit breaker open for file \(handle): load refused")
            case .attemptEnded:
                return nil  // its cause is a load's mark; the final failure has its own
            case let .lockCreated(handle):
                return mark(.create, nil, "created own lock \(handle)")
            case let .ownLockRemoved(handle):
                return mark(.remove, nil, "removed own lock \(handle)")
            case let .retryLockWait(delay):
                return mark(.retryLockWait, nil, "--retry-lock waits \(GoDuration.format(nanoseconds: delay))")
            case .lockAcquired:
                return mark(.acquired, nil, "lock acquired")
            case let .lockFailed(error):
                return mark(.failed, nil, "locking failed: \(error.message.split(separator: "\n").first ?? "")")
            }
        }
    }
}
