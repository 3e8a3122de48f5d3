import Foundation
import Testing
@testable import ResticLockModel

@Suite struct ReplayTests {
    let failedLine = "Load(<lock/91b9421fff>, 0, 0) failed: \(b2NotFound)"
    let breakerError = "unable to create lock in backend: circuit breaker open for file <lock/798ffec919>"

    @Test func issue5005FailsOn0170WithTheBreakerNamingTheCancelledSibling() {
        let o = LockReplay.run(.issue5005, model: .v0_17_0)
        #expect(o.model == "0.17.0")
        #expect(!o.acquired)
        #expect(o.error == breakerError)
        #expect(o.outcome == "locking failed: " + breakerError)
        #expect(o.failureKind == "circuit breaker open")
        #expect(o.exitCode == 1)
        #expect(o.log == [
            "restic 0.17.0 compiled with go1.22.5 on linux/amd64",
            "open repository",
            "repository d8b8f43f opened (version 2, compression level auto)",
            failedLine,
            failedLine,
            breakerError,
        ])
        #expect(o.elapsed < 5)
        #expect(o.steps.first?.hasPrefix("attempt 1: listed 6 locks") == true)
        #expect(o.steps.first?.contains("recorded by the circuit breaker: <lock/798ffec919>") == true)
    }

    @Test(arguments: UInt64(1)...20)
    func issue5005OutcomeDoesNotDependOnTheSeed(seed: UInt64) {
        let old = LockReplay.run(.issue5005, model: .v0_17_0, seed: seed)
        #expect(old.error == breakerError)
        #expect(old.log.filter { $0 == failedLine }.count == 2)
        let fixed = LockReplay.run(.issue5005, model: .v0_17_1, seed: seed)
        #expect(fixed.acquired)
    }

    @Test func issue5005IsAcquiredAfterFiveSecondsOn0171() {
        let o = LockReplay.run(.issue5005, model: .v0_17_1)
        #expect(o.acquired)
        #expect(o.error == nil && o.failureKind == nil && o.exitCode == 0)
        #expect(o.outcome == "acquired the lock after 1 retry of checkForOtherLocks (5 s delay)")
        #expect(o.log.filter { $0 == failedLine }.count == 2)
        #expect(!o.log.contains { $0.contains("circuit breaker") })
        #expect(o.log.first == "restic 0.17.1 compiled with go1.23.0 on linux/amd64")
        #expect(o.log.last?.hasPrefix("snapshot ") == true)
        #expect(o.elapsed > 5 && o.elapsed < 15)
        #expect(o.steps.contains { $0.hasPrefix("attempt 2 after 5 s: listed 5 locks") })
        #expect(o.steps.contains { $0.contains("not recorded by the circuit breaker") })
    }

    @Test func issue5005On016RetriesThe404TenTimesAndAcquires() {
        let o = LockReplay.run(.issue5005, model: .v0_16)
        #expect(o.acquired)
        #expect(o.log.filter { $0.hasPrefix("Load(<lock/91b9421fff>, 0, 0) returned error, retrying after ") }.count == 10)
        #expect(!o.log.contains { $0.contains("failed:") })
        #expect(o.log.contains("lock repository"))
        #expect(o.elapsed > 10)
    }

    @Test func breakerHintIsMatchedByHandleAndAddedWhenMissing() {
        var scenario = LockScenario.issue5005
        scenario.breakerLockID = "<lock/abcdef0123>"
        let o = LockReplay.run(scenario, model: .v0_17_0)
        #expect(o.error == "unable to create lock in backend: circuit breaker open for file <lock/abcdef0123>")
    }

    @Test func shortIDsArePaddedDeterministically() {
        let id = ScenarioLock.fullID("798ffec919")
        #expect(id.count == 64 && id.hasPrefix("798ffec919"))
        #expect(id == ScenarioLock.fullID("798FFEC919"))
        #expect(id != ScenarioLock.fullID("798ffec918"))
        #expect(id.allSatisfy { $0.isHexDigit })
    }

    @Test func alreadyLockedRendersRestic() throws {
        let holder = ScenarioLock(id: "aeccdab0ff", age: 5176.339556, exclusive: true, hostname: "MYHOST", pid: 46959,
                                  username: "MYUSER", uid: 502, gid: 20)
        let start = Date(timeIntervalSince1970: 1_691_343_639.339556)
        let scenario = LockScenario(otherLocks: [holder], startTime: start)
        let o = LockReplay.run(scenario, model: .v0_17_1)
        #expect(!o.acquired)
        #expect(o.failureKind == "already locked")
        #expect(o.exitCode == 11)
        #expect(LockReplay.run(scenario, model: .v0_16).exitCode == 1)
        let lines = try #require(o.error).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0] == "unable to create lock in backend: repository is already locked exclusively by PID 46959 on MYHOST by MYUSER (UID 502, GID 20)")
        #expect(lines[1].hasPrefix("lock was created at 2023-08-06 16:14:23 (1h26m1"))
        #expect(lines[1].hasSuffix("s ago)"))
        #expect(lines[2] == "storage ID aeccdab0")
        #expect(lines[3] == "the `unlock` command can be used to remove stale locks")
        #expect(Array(o.log.suffix(4)) == lines)
        // Without --retry-lock restic still prints its waiting line, with 0s.
        #expect(o.log.contains("repo already locked, waiting up to 0s for the lock"))
    }

    @Test func sharedHolderBlocksOnlyExclusiveLocks() {
        let holder = ScenarioLock(id: "aeccdab0ff", age: 60, exclusive: false, hostname: "h", pid: 1)
        #expect(LockReplay.run(LockScenario(otherLocks: [holder]), model: .v0_17_1).acquired)
        let exclusive = LockReplay.run(LockScenario(otherLocks: [holder], exclusive: true), model: .v0_17_1)
        #expect(exclusive.error?.hasPrefix("unable to create lock in backend: repository is already locked by PID 1 on h") == true)
    }

    @Test func transientLockLoadIsRetriedAndSucceeds() {
        let scenario = LockScenario(otherLocks: [ScenarioLock(id: "1234567890", behaviour: .transient(failures: 2, error: "connection reset by peer"))])
        let o = LockReplay.run(scenario, model: .v0_17_1)
        #expect(o.acquired)
        #expect(o.outcome == "acquired the lock at the first attempt")
        #expect(o.log.contains("Load(<lock/1234567890>, 0, 0) operation successful after 2 retries"))
    }

    @Test func persistentlyFailingLockOpensTheBreakerOnItsOwnFileEvenWhenFixed() {
        let error = "Copy: net/http: server replied with more than declared Content-Length; truncated"
        let scenario = LockScenario(backend: .rest, otherLocks: [ScenarioLock(id: "5555555555", behaviour: .failing(error: error, permanent: false))])
        let o = LockReplay.run(scenario, model: .v0_17_1)
        #expect(o.error == "unable to create lock in backend: circuit breaker open for file <lock/5555555555>")
        #expect(o.log.contains("Load(<lock/5555555555>, 0, 0) failed: \(error)"))
        #expect(o.log.filter { $0.contains("returned error, retrying after") }.count >= 15)
        #expect(o.elapsed > 10 * 60 && o.elapsed < 16 * 60)
    }

    @Test func permanentFailureIsReportedAfterAllAttempts() {
        let scenario = LockScenario(backend: .s3, otherLocks: [ScenarioLock(id: "6666666666", behaviour: .failing(error: "Access Denied.", permanent: true))])
        let o = LockReplay.run(scenario, model: .v0_17_1)
        #expect(o.error == "unable to create lock in backend: Access Denied.")
        #expect(o.failureKind == "backend error")
        #expect(o.log.filter { $0 == "Load(<lock/6666666666>, 0, 0) failed: Access Denied." }.count == 8)
        #expect(o.elapsed > 35)
    }

    @Test func scenarioDecodesWithDefaults() throws {
        let json = #"{"otherLocks":[{"id":"91b9421fff","behaviour":{"vanished":{}}},{"id":"798ffec919"}],"breakerLockID":"798ffec919"}"#
        let scenario = try JSONDecoder().decode(LockScenario.self, from: Data(json.utf8))
        #expect(scenario.backend == .b2 && scenario.connections == 5 && scenario.listLag == 2)
        #expect(scenario.otherLocks.map(\.behaviour) == [.vanished, .present])
        let roundTrip = try JSONDecoder().decode(LockScenario.self, from: JSONEncoder().encode(LockScenario.issue5005))
        #expect(roundTrip == .issue5005)
    }

    @Test func timestampPrefixStyle() {
        var scenario = LockScenario.issue5005
        scenario.timestampStyle = .iso
        let o = LockReplay.run(scenario, model: .v0_17_0)
        #expect(o.log.first == "2024-08-21T02:00:00Z restic 0.17.0 compiled with go1.22.5 on linux/amd64")
        #expect(o.log.allSatisfy { $0.hasPrefix("2024-08-21T02:00:0") })
    }
}
