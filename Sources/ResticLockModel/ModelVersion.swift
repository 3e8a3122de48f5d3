import ResticFormats

/// The three behaviours of restic's lock and retry code that matter for lock failures.
public enum ModelVersion: String, CaseIterable, Sendable, Codable {
    /// restic 0.16.x (and, approximately, older): 10 retries at 500 ms × 1.5, not-found retried.
    case v0_16 = "0.16"
    /// restic 0.17.0: backend error redesign with the circuit breaker that records cancelled loads (#5005).
    case v0_17_0 = "0.17.0"
    /// restic 0.17.1 and later: the #5005 fix (#5011, #5012).
    case v0_17_1 = "0.17.1"

    /// The behaviour of a restic release. Releases below 0.17.0 map to `v0_16`, whose retry and
    /// lock-check behaviour they share in the parts the model covers.
    public init(_ version: ResticVersion) {
        if version < ResticVersion(0, 17, 0) { self = .v0_16 } else if version < ResticVersion(0, 17, 1) { self = .v0_17_0 } else { self = .v0_17_1 }
    }

    /// The model for a version text such as "0.16.4", "v0.17.0", "restic 0.18.1" or
    /// "0.12.1 (v0.12.1-41-g10b39d75)"; nil when unparsable.
    public static func forResticVersion(_ text: String) -> ModelVersion? {
        var text = Substring(text.trimmingWhitespace)
        if text.hasPrefix("restic ") { text = text.dropFirst("restic ".count) }
        return ResticVersion(String(text)).map(ModelVersion.init)
    }

    /// What the model prints in its banner for this behaviour.
    public var defaultResticVersion: String {
        switch self {
        case .v0_16: return "0.16.5"
        case .v0_17_0: return "0.17.0"
        case .v0_17_1: return "0.17.1"
        }
    }

    public var defaultGoVersion: String {
        switch self {
        case .v0_16: return "go1.21.6"
        case .v0_17_0: return "go1.22.5"
        case .v0_17_1: return "go1.23.0"
        }
    }

    // MARK: behaviour switches, each pinned to the reference

    var isRedesign: Bool { self != .v0_16 }
    var retryPolicy: BackoffPolicy { isRedesign ? .restic017 : .restic016 }
    /// 0.17.0+ gives up at once on permanent errors such as not-found (#4520, #4803).
    var stopsOnPermanentErrors: Bool { isRedesign }
    /// 0.17.0+ prints a final `... failed: ...` line.
    var printsFinalFailure: Bool { isRedesign }
    var hasCircuitBreaker: Bool { isRedesign }
    /// The #5005 bug: 0.17.0 records loads that ended because their context was cancelled.
    var breakerRecordsCancelledLoads: Bool { self == .v0_17_0 }
    /// `LoadRaw` loads a failed file a second time from 0.17.0 on.
    var loadsFailedFileTwice: Bool { isRedesign }
    /// `checkForOtherLocks` skips locks it already loaded in an earlier attempt (#4645).
    var skipsCheckedLocks: Bool { isRedesign }
    /// Sleeps before attempts 2, 3, ... of `checkForOtherLocks`.
    var lockCheckDelays: [Int64] {
        self == .v0_17_1 ? [5 * Nanos.second, 10 * Nanos.second, 20 * Nanos.second] : [0, 0]
    }
    var lockCheckAttempts: Int { lockCheckDelays.count + 1 }
    /// 0.16.5 printed "lock repository" before locking; 0.17 prints nothing.
    var printsLockRepositoryLine: Bool { self == .v0_16 }
    /// Exit code 11 for an already-locked repository exists from 0.17.0 on.
    var alreadyLockedExitCode: Int32 { isRedesign ? 11 : 1 }
}

extension String {
    var trimmingWhitespace: String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}
