import ResticFormats
/// The retry backend's `failedLoads` map (0.17.0+): a file whose loads exhausted their retries
/// is refused for an hour without another request. It lives in one process's memory, is
/// keyed by the full handle, and guards Load only.
struct CircuitBreaker {
    static let expiry = Nanos.hour

    /// 0.17.0 also recorded loads that ended because their context was cancelled: the #5005 bug.
    let recordsCancelledLoads: Bool
    private var failedLoads: [Handle: Int64] = [:]

    init(recordsCancelledLoads: Bool) { self.recordsCancelledLoads = recordsCancelledLoads }

    /// Whether a load of `handle` must fail at once. An entry older than the expiry is dropped.
    mutating func isOpen(for handle: Handle, now: Int64) -> Bool {
        guard let recordedAt = failedLoads[handle] else { return false }
        if now - recordedAt > Self.expiry {
            failedLoads[handle] = nil
            return false
        }
        return true
    }

    /// Records a finished load; returns whether the file is now remembered as failed.
    /// Permanent errors (not-found, truncated) are never recorded.
    @discardableResult
    mutating func recordLoad(of handle: Handle, error: BackendError?, permanent: Bool, contextCancelled: Bool, now: Int64) -> Bool {
        guard error != nil, !permanent else { return false }
        if contextCancelled && !recordsCancelledLoads { return false }
        if failedLoads[handle] == nil { failedLoads[handle] = now }  // LoadOrStore keeps the first time
        return true
    }

    func contains(_ handle: Handle) -> Bool { failedLoads[handle] != nil }
}
