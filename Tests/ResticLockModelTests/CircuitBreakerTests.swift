import Testing
@testable import ResticLockModel
import ResticFormats

@Suite struct CircuitBreakerTests {
    /// Makes the breaker remember `lock` by exhausting a load's retries.
    func trip(_ h: Harness, _ lock: Handle) {
        h.putLock(lock)
        h.storage.inject(.transient(failures: 10_000, message: "server replied with more than declared Content-Length; truncated"), into: lock)
        h.load(lock)
        #expect(h.retry.breaker.contains(lock))
    }

    @Test func openBreakerFailsAtOnceWithoutRequestOrLine() {
        let h = Harness(.v0_17_1)
        let lock = Harness.lockHandle("798ffec919")
        trip(h, lock)
        let linesBefore = h.log.lines.count, requestsBefore = h.storage.loadCount(lock)
        let (result, seconds) = h.load(lock)
        #expect(result.failureValue?.message == "circuit breaker open for file <lock/798ffec919>")
        #expect(h.log.lines.count == linesBefore)
        #expect(h.storage.loadCount(lock) == requestsBefore)
        #expect(seconds == 0)
    }

    @Test func breakerIsKeyedByTheFullFileName() {
        let h = Harness(.v0_17_1)
        let first = Handle(type: .lock, name: "798ffec919" + String(repeating: "a", count: 54))
        let second = Handle(type: .lock, name: "798ffec919" + String(repeating: "b", count: 54))
        trip(h, first)
        h.putLock(second)
        #expect(first.description == second.description)
        #expect((try? h.load(second).result.get()) != nil)
        #expect(h.load(first).result.failureValue?.kind == .circuitBreakerOpen)
    }

    @Test func breakerExpiresAfterOneHour() {
        let h = Harness(.v0_17_1)
        let lock = Harness.lockHandle("798ffec919")
        trip(h, lock)
        let tripped = h.clock.now
        h.clock.schedule(after: 59 * Nanos.minute) {}
        h.clock.run()
        #expect(h.load(lock).result.failureValue?.kind == .circuitBreakerOpen)
        h.clock.schedule(after: tripped + Nanos.hour + Nanos.second - h.clock.now) {}
        h.clock.run()
        let requests = h.storage.loadCount(lock)
        h.load(lock)
        #expect(h.storage.loadCount(lock) > requests)
    }

    /// A load in flight when its context is cancelled: 0.17.0 remembers it, 0.17.1 does not.
    func loadAfterCancelledLoad(_ version: ModelVersion) -> Result<Data, BackendError> {
        let h = Harness(version)
        let lock = Harness.lockHandle("798ffec919")
        h.putLock(lock)
        h.storage.inject(.slow(seconds: 2, loads: 1), into: lock)
        let context = OperationContext()
        h.clock.schedule(after: Nanos.second) { context.cancel() }
        #expect(h.load(lock, context: context).result.failureValue?.kind == .cancelled)
        #expect(h.log.lines.isEmpty)
        return h.load(lock).result
    }

    @Test func cancelledLoadIsRecordedBy0170() {
        #expect(loadAfterCancelledLoad(.v0_17_0).failureValue?.message == "circuit breaker open for file <lock/798ffec919>")
    }

    @Test func cancelledLoadIsIgnoredBy0171() {
        #expect((try? loadAfterCancelledLoad(.v0_17_1).get()) != nil)
    }

    @Test func loadWithAnAlreadyCancelledContextIsRecordedBy0170() {
        let h = Harness(.v0_17_0)
        let lock = Harness.lockHandle("798ffec919")
        h.putLock(lock)
        let context = OperationContext()
        context.cancel()
        h.load(lock, context: context)
        #expect(h.storage.loadCount(lock) == 0)
        #expect(h.retry.breaker.contains(lock))
    }

    @Test func version016HasNoBreaker() {
        #expect((try? loadAfterCancelledLoad(.v0_16).get()) != nil)
    }

    @Test(arguments: [ModelVersion.v0_17_0, .v0_17_1])
    func notFoundIsNeverRecorded(version: ModelVersion) {
        let h = Harness(version)
        let lock = Harness.lockHandle("91b9421fff")
        #expect(h.load(lock).result.failureValue?.kind == .notFound)
        #expect(!h.retry.breaker.contains(lock))
        h.putLock(lock)
        #expect((try? h.load(lock).result.get()) != nil)
    }

    @Test func breakerUnitRules() {
        var breaker = CircuitBreaker(recordsCancelledLoads: false)
        let lock = Harness.lockHandle("0000000000")
        let failure = BackendError(kind: .transient, message: "x")
        let cancelledRecorded = breaker.recordLoad(of: lock, error: failure, permanent: false, contextCancelled: true, now: 0)
        let permanentRecorded = breaker.recordLoad(of: lock, error: failure, permanent: true, contextCancelled: false, now: 0)
        let successRecorded = breaker.recordLoad(of: lock, error: nil, permanent: false, contextCancelled: false, now: 0)
        let failureRecorded = breaker.recordLoad(of: lock, error: failure, permanent: false, contextCancelled: false, now: 0)
        #expect(!cancelledRecorded && !permanentRecorded && !successRecorded)
        #expect(failureRecorded)
        let openAtOneHour = breaker.isOpen(for: lock, now: Nanos.hour)
        let openJustAfter = breaker.isOpen(for: lock, now: Nanos.hour + 1)
        #expect(openAtOneHour && !openJustAfter)
        #expect(!breaker.contains(lock))
    }
}

import Foundation
