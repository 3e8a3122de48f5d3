import Testing
@testable import ResticLockModel
import ResticFormats

@Suite struct RetryBackendTests {
    @Test func notFoundIsRetriedTenTimesOn016WithoutFinalLine() {
        let h = Harness(.v0_16)
        let lock = Harness.lockHandle("91b9421fff")
        let (result, seconds) = h.load(lock)
        #expect(result.failureValue?.message == b2NotFound)
        let retries = h.lines(containing: "Load(<lock/91b9421fff>, 0, 0) returned error, retrying after ")
        #expect(retries.count == 10)
        #expect(retries.allSatisfy { $0.hasSuffix(": " + b2NotFound) })
        #expect(h.lines(containing: "failed:").isEmpty)
        #expect(h.storage.loadCount(lock) == 11)
        #expect(seconds > 10)
    }

    @Test(arguments: [ModelVersion.v0_17_0, .v0_17_1])
    func notFoundIsNotRetriedFrom017AndPrintsOneFailedLine(version: ModelVersion) {
        let h = Harness(version)
        let lock = Harness.lockHandle("91b9421fff")
        let (result, seconds) = h.load(lock)
        #expect(result.failureValue?.kind == .notFound)
        #expect(h.log.lines == ["Load(<lock/91b9421fff>, 0, 0) failed: \(b2NotFound)"])
        #expect(h.storage.loadCount(lock) == 1)
        #expect(seconds < 1)
    }

    @Test(arguments: [
        (BackendFlavor.s3, "The specified key does not exist."),
        (.rest, "<lock/91b9421fff> does not exist"),
        (.local, "open /repo/locks/\(ScenarioLock.fullID("91b9421fff")): no such file or directory"),
        (.b2, b2NotFound),
    ])
    func notFoundTextsPerBackend(flavor: BackendFlavor, text: String) {
        let h = Harness(.v0_17_0, flavor: flavor)
        h.load(Harness.lockHandle("91b9421fff"))
        #expect(h.log.lines == ["Load(<lock/91b9421fff>, 0, 0) failed: \(text)"])
    }

    @Test func transientFailuresEndWithSuccessLine() {
        let h = Harness(.v0_17_1)
        let lock = Harness.lockHandle("aaaaaaaaaa")
        h.putLock(lock)
        h.storage.inject(.transient(failures: 3, message: "connection reset by peer"), into: lock)
        let (result, _) = h.load(lock)
        #expect((try? result.get()) != nil)
        #expect(h.lines(containing: "returned error, retrying after").count == 3)
        #expect(h.log.lines.last == "Load(<lock/aaaaaaaaaa>, 0, 0) operation successful after 3 retries")
    }

    @Test func persistentErrorIsRetriedForFifteenMinutesThenFails() {
        let h = Harness(.v0_17_1)
        let lock = Harness.lockHandle("bbbbbbbbbb")
        h.putLock(lock)
        h.storage.inject(.failing(message: "unexpected EOF", permanent: false), into: lock)
        let (result, seconds) = h.load(lock)
        #expect(result.failureValue?.message == "unexpected EOF")
        #expect(h.lines(containing: "returned error, retrying after").count >= 15)
        #expect(h.log.lines.last == "Load(<lock/bbbbbbbbbb>, 0, 0) failed: unexpected EOF")
        #expect(seconds > 10 * 60 && seconds < 17 * 60)
    }

    @Test func finalFailedLineIsSuppressedWhenTheContextWasCancelled() {
        let h = Harness(.v0_17_0)
        let lock = Harness.lockHandle("cccccccccc")
        h.putLock(lock)
        h.storage.inject(.failing(message: "i/o timeout", permanent: false), into: lock)
        let context = OperationContext()
        h.clock.schedule(after: 5 * Nanos.second) { context.cancel() }
        let (result, _) = h.load(lock, context: context)
        #expect(result.failureValue?.kind == .cancelled)
        #expect(!h.lines(containing: "returned error, retrying after").isEmpty)
        #expect(h.lines(containing: "failed:").isEmpty)
    }

    @Test func saveRemoveAndListPrintTheirOwnMessages() {
        let h = Harness(.v0_17_0, flavor: .local)
        let lock = Harness.lockHandle("dddddddddd")
        var removeError: BackendError?
        h.retry.remove(lock, context: OperationContext()) { removeError = $0 }
        h.clock.run()
        #expect(removeError?.kind == .notFound)
        #expect(h.log.lines == ["Remove(<lock/dddddddddd>) failed: remove /repo/locks/\(lock.name): no such file or directory"])
        #expect(Handle(type: .lock, name: "0123456789abcdef").description == "<lock/0123456789>")
        #expect(Handle(type: .snapshot, name: "0123").description == "<snapshot/0123>")
    }
}

import Foundation
