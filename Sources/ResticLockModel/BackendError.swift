/// An error as it comes out of a backend. `kind` carries what restic learns from the backend's
/// `IsNotExist` and `IsPermanentError`, and from the context, without parsing the text.
struct BackendError: Error, Equatable, Sendable, CustomStringConvertible {
    enum Kind: String, Sendable, Codable {
        /// The file does not exist; permanent from 0.17.0 on.
        case notFound
        /// Any other error the backend reports as permanent (e.g. S3 AccessDenied).
        case permanent
        /// Worth retrying.
        case transient
        /// The operation's context was cancelled.
        case cancelled
        /// The retry backend refused the load without asking the backend.
        case circuitBreakerOpen
    }

    var kind: Kind
    var message: String

    init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    var description: String { message }

    static let cancelled = BackendError(kind: .cancelled, message: OperationContext.cancelledMessage)

    static func circuitBreakerOpen(_ handle: Handle) -> BackendError {
        BackendError(kind: .circuitBreakerOpen, message: "circuit breaker open for file \(handle)")
    }
}
