import Testing
@testable import ResticLockModel

@Suite struct RetryLockTests {
    let holder = ScenarioLock(id: "aeccdab0ff", age: 60, exclusive: true, hostname: "MYHOST", pid: 46959, username: "MYUSER")

    func waits(_ outcome: ReplayOutcome) -> [String] {
        outcome.steps.compactMap { step in
            step.hasPrefix("repository already locked: --retry-lock waits ")
                ? String(step.dropFirst("repository already locked: --retry-lock waits ".count)) : nil
        }
    }

    @Test func retryLockWaitsFiveSecondsThenDoublesUntilTheTimeout() {
        let o = LockReplay.run(LockScenario(otherLocks: [holder], retryLock: 120), model: .v0_17_1)
        #expect(!o.acquired)
        #expect(o.log.contains("repo already locked, waiting up to 2m0s for the lock"))
        let w = waits(o)
        #expect(Array(w.prefix(4)) == ["5s", "10s", "20s", "40s"])
        #expect(w.count == 5)  // the fifth wait ends at the timeout, before the 60 s sleep would
        #expect(o.elapsed > 120 && o.elapsed < 130)
        #expect(o.log.filter { $0.hasPrefix("repo already locked") }.count == 1)
    }

    @Test func shortRetryLockWaitsOnlyUntilItsTimeoutThenTriesOnceMore() {
        let o = LockReplay.run(LockScenario(otherLocks: [holder], retryLock: 3), model: .v0_17_1)
        let w = waits(o)
        #expect(w.count == 1)
        let waited = Double(w.first?.dropLast() ?? "") ?? 99
        #expect(waited < 3)  // the first attempt already used part of the 3 s
        #expect(o.log.contains("repo already locked, waiting up to 3s for the lock"))
        #expect(o.elapsed > 3 && o.elapsed < 8)
    }

    @Test func sleepsAreCappedAtSixtySeconds() {
        let o = LockReplay.run(LockScenario(otherLocks: [holder], retryLock: 600), model: .v0_17_1)
        let w = waits(o)
        #expect(Array(w.prefix(6)) == ["5s", "10s", "20s", "40s", "1m0s", "1m0s"])
    }

    @Test(arguments: [ModelVersion.v0_17_0, .v0_17_1])
    func otherErrorsAreNotRetried(model: ModelVersion) {
        var scenario = LockScenario(otherLocks: [ScenarioLock(id: "6666666666", behaviour: .failing(error: "Access Denied.", permanent: true))])
        scenario.retryLock = 600
        let o = LockReplay.run(scenario, model: model)
        #expect(!o.acquired)
        #expect(waits(o).isEmpty)
        #expect(!o.log.contains { $0.hasPrefix("repo already locked") })
        #expect(o.elapsed < 60)
    }

    @Test func breakerFailureOf0170IsNotRetriedEither() {
        var scenario = LockScenario.issue5005
        scenario.retryLock = 300
        let o = LockReplay.run(scenario, model: .v0_17_0)
        #expect(o.error == "unable to create lock in backend: circuit breaker open for file <lock/798ffec919>")
        #expect(o.elapsed < 5)
    }
}
