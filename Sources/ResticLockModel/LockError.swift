/// Why locking failed, as restic's error values distinguish it.
enum LockError: Error, Equatable, Sendable {
    /// `alreadyLockedError`; `description` is the other lock rendered when the error was made.
    case alreadyLocked(otherExclusive: Bool, description: String)
    /// A backend error (not-found, circuit breaker, I/O ...) passed up unchanged.
    case backend(BackendError)
    /// `invalidLockError` around ErrInvalidData.
    case invalidLock(String)
    case cancelled

    var isAlreadyLocked: Bool { if case .alreadyLocked = self { return true } else { return false } }

    /// The error's `%v` text.
    var message: String {
        switch self {
        case let .alreadyLocked(otherExclusive, description):
            return "repository is already locked \(otherExclusive ? "exclusively " : "")by \(description)"
        case let .backend(error): return error.message
        case let .invalidLock(text): return "invalid lock file: \(text)"
        case .cancelled: return OperationContext.cancelledMessage
        }
    }

    /// A short category for reports.
    var kind: String {
        switch self {
        case .alreadyLocked: return "already locked"
        case .invalidLock: return "invalid lock file"
        case .cancelled: return "cancelled"
        case let .backend(error):
            switch error.kind {
            case .circuitBreakerOpen: return "circuit breaker open"
            case .notFound: return "lock file not found"
            case .cancelled: return "cancelled"
            case .permanent, .transient: return "backend error"
            }
        }
    }
}

/// What a restic command ended with: the lines restic prints at exit and the exit code.
struct FatalError: Equatable {
    var lock: LockError?
    var text: String
    var exitCode: Int32

    /// repository/lock.go's wrapping, then main.go's exit printing.
    static func lockFailure(_ error: LockError, version: ModelVersion) -> FatalError {
        switch error {
        case .alreadyLocked:
            return FatalError(lock: error,
                              text: "unable to create lock in backend: \(error.message)\nthe `unlock` command can be used to remove stale locks",
                              exitCode: version.alreadyLockedExitCode)
        case .invalidLock:
            return FatalError(lock: error,
                              text: "Fatal: \(error.message)\n\nthe `unlock --remove-all` command can be used to remove invalid locks. Make sure that no other restic process is accessing the repository when running the command",
                              exitCode: 1)
        case .cancelled:
            return FatalError(lock: error, text: "unable to create lock in backend: \(error.message)", exitCode: version.isRedesign ? 130 : 1)
        case .backend:
            return FatalError(lock: error, text: "unable to create lock in backend: \(error.message)", exitCode: 1)
        }
    }
}
