/// A fault injected into the loads of one file.
enum LoadFault: Sendable, Equatable {
    /// Every load answers with the backend's not-found error.
    case notFound
    /// Every load fails with this text; `permanent` says whether the backend classifies it so.
    case failing(message: String, permanent: Bool)
    /// The first `failures` loads fail with this (retryable) text, later ones succeed.
    case transient(failures: Int, message: String)
    /// Loads take this long; only the first `loads` of them when given.
    case slow(seconds: Double, loads: Int?)
}
