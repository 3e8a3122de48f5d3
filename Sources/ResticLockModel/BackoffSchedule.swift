import ResticFormats
/// The parameters of cenkalti/backoff's ExponentialBackOff as restic configures it.
struct BackoffPolicy: Sendable, Equatable {
    var initialInterval: Int64
    var multiplier: Double
    var randomizationFactor: Double
    var maxInterval: Int64
    var maxElapsedTime: Int64
    /// `backoff.WithMaxRetries`; nil when unlimited.
    var maxRetries: Int?
    /// restic 0.17's `retryAtLeastOnce`: the first retry happens even when the elapsed-time budget
    /// is already spent (e.g. by a long upload).
    var retriesAtLeastOnce: Bool

    /// 0.16.x: backoff v4 defaults and `retry.New(..., 10, ...)`.
    static let restic016 = BackoffPolicy(initialInterval: 500 * Nanos.millisecond, multiplier: 1.5, randomizationFactor: 0.5,
                                         maxInterval: 60 * Nanos.second, maxElapsedTime: 15 * Nanos.minute,
                                         maxRetries: 10, retriesAtLeastOnce: false)
    /// 0.17.0+ with `backend-error-redesign` (on by default).
    static let restic017 = BackoffPolicy(initialInterval: Nanos.second, multiplier: 2, randomizationFactor: 0.5,
                                         maxInterval: 60 * Nanos.second, maxElapsedTime: 15 * Nanos.minute,
                                         maxRetries: nil, retriesAtLeastOnce: true)
}

/// One retry sequence: `NextBackOff` of backoff v4, wrapped as restic wraps it.
struct BackoffSchedule {
    let policy: BackoffPolicy
    private let startedAt: Int64
    private var currentInterval: Int64
    private var retriesGranted = 0
    private var backoffsDrawn = 0

    init(policy: BackoffPolicy, startedAt: Int64) {
        self.policy = policy
        self.startedAt = startedAt
        self.currentInterval = policy.initialInterval
    }

    /// The delay before the next retry, or nil for backoff.Stop.
    mutating func nextDelay(now: Int64, rng: inout Xoshiro256StarStar) -> Int64? {
        if let maxRetries = policy.maxRetries {
            guard retriesGranted < maxRetries else { return nil }
            retriesGranted += 1
        }
        let elapsed = now - startedAt
        let next = randomized(currentInterval, rng.nextUnit())
        increaseInterval()
        backoffsDrawn += 1
        if policy.maxElapsedTime != 0 && elapsed + next > policy.maxElapsedTime {
            // [inferred] retryAtLeastOnce hands out the drawn delay instead of Stop on the first call.
            return policy.retriesAtLeastOnce && backoffsDrawn == 1 ? next : nil
        }
        return next
    }

    /// backoff's getRandomValueFromInterval, computed in float64 nanoseconds like Go does.
    private func randomized(_ interval: Int64, _ random: Double) -> Int64 {
        guard policy.randomizationFactor != 0 else { return interval }
        let delta = policy.randomizationFactor * Double(interval)
        let lower = Double(interval) - delta
        let upper = Double(interval) + delta
        return Int64(lower + random * (upper - lower + 1))
    }

    private mutating func increaseInterval() {
        if Double(currentInterval) >= Double(policy.maxInterval) / policy.multiplier {
            currentInterval = policy.maxInterval
        } else {
            currentInterval = Int64(Double(currentInterval) * policy.multiplier)
        }
    }
}
