import Foundation
import Testing
@testable import ResticLockModel
import ResticFormats

@Suite struct InMemoryBackendTests {
    let clock = VirtualClock(epochUnixNanos: 0)

    func list(_ storage: InMemoryBackend) -> [String] {
        var names: [String] = []
        storage.list(.lock, context: OperationContext()) { names = (try? $0.get().map(\.name)) ?? [] }
        clock.run()
        return names
    }

    func load(_ storage: InMemoryBackend, _ handle: Handle) -> Result<Data, BackendError> {
        var result: Result<Data, BackendError>?
        storage.load(handle, context: OperationContext()) { result = $0 }
        clock.run()
        return result!
    }

    @Test func deletedFileStaysListedForTheListLag() {
        let storage = InMemoryBackend(flavor: .b2, clock: clock, consistency: Consistency(listLagAfterDelete: 2), seed: 1)
        let handle = Harness.lockHandle("91b9421fff")
        storage.put(handle, data: Data("x".utf8))
        storage.delete(handle)
        #expect(list(storage) == [handle.name])
        #expect(load(storage, handle).failureValue?.message == b2NotFound)
        clock.schedule(after: 3 * Nanos.second) {}
        clock.run()
        #expect(list(storage).isEmpty)
    }

    @Test func newFileLoadsAsNotFoundDuringTheReadAfterWriteDelay() {
        let storage = InMemoryBackend(flavor: .s3, clock: clock, consistency: Consistency(readAfterWriteDelay: 5), seed: 1)
        let handle = Harness.lockHandle("0123456789")
        storage.put(handle, data: Data("x".utf8))
        #expect(list(storage) == [handle.name])
        #expect(load(storage, handle).failureValue?.message == "The specified key does not exist.")
        clock.schedule(after: 6 * Nanos.second) {}
        clock.run()
        #expect((try? load(storage, handle).get()) == Data("x".utf8))
    }

    @Test func listsByNameOrInInsertionOrder() {
        let sorted = InMemoryBackend(flavor: .b2, clock: clock, seed: 1)
        let unsorted = InMemoryBackend(flavor: .b2, clock: clock, listOrder: .insertion, seed: 1)
        for id in ["cccccccccc", "aaaaaaaaaa", "bbbbbbbbbb"] {
            sorted.put(Harness.lockHandle(id), data: Data("x".utf8))
            unsorted.put(Harness.lockHandle(id), data: Data("x".utf8))
        }
        #expect(list(sorted).map { String($0.prefix(2)) } == ["aa", "bb", "cc"])
        #expect(list(unsorted).map { String($0.prefix(2)) } == ["cc", "aa", "bb"])
    }

    @Test func injectedFaults() {
        let storage = InMemoryBackend(flavor: .b2, clock: clock, latency: .cloud, seed: 1)
        let slow = Harness.lockHandle("5105105105"), flaky = Harness.lockHandle("f1a4f1a4f1"), broken = Harness.lockHandle("b0b0b0b0b0")
        for h in [slow, flaky, broken] { storage.put(h, data: Data("x".utf8)) }
        storage.inject(.slow(seconds: 30, loads: 1), into: slow)
        storage.inject(.transient(failures: 1, message: "connection reset"), into: flaky)
        storage.inject(.failing(message: "AccessDenied", permanent: true), into: broken)
        let start = clock.now
        _ = load(storage, slow)
        #expect(clock.now - start == 30 * Nanos.second)
        let second = clock.now
        _ = load(storage, slow)
        #expect(clock.now - second < Nanos.second)
        #expect(load(storage, flaky).failureValue == BackendError(kind: .transient, message: "connection reset"))
        #expect((try? load(storage, flaky).get()) != nil)
        #expect(load(storage, broken).failureValue == BackendError(kind: .permanent, message: "AccessDenied"))
    }

    @Test func cancellingARequestAnswersAtOnce() {
        let storage = InMemoryBackend(flavor: .b2, clock: clock, seed: 1)
        let handle = Harness.lockHandle("0123456789")
        storage.put(handle, data: Data("x".utf8))
        storage.inject(.slow(seconds: 10, loads: nil), into: handle)
        let context = OperationContext()
        var result: Result<Data, BackendError>?
        var answeredAt: Int64 = 0
        storage.load(handle, context: context) { result = $0; answeredAt = self.clock.now }
        clock.schedule(after: Nanos.second) { context.cancel() }
        clock.run()
        #expect(result?.failureValue?.message == "context canceled")
        #expect(answeredAt == Nanos.second)
    }

    @Test(arguments: [1, 2, 5, 8])
    func parallelLockLoadsAreBoundedByConnections(connections: Int) {
        let storage = InMemoryBackend(flavor: .b2, clock: clock, seed: 1)
        for i in 0..<12 {
            let file = LockFile(time: 0, exclusive: false, hostname: "h", username: "u", pid: i, uid: 0, gid: 0)
            storage.put(Harness.lockHandle(String(format: "%010d", i)), data: file.encoded())
        }
        let process = ResticProcess(version: .v0_17_1, identity: ProcessIdentity(hostname: "me", pid: 1),
                                    options: ProcessOptions(command: .backup(duration: 1), connections: connections),
                                    storage: storage, seed: 1)
        var result: ProcessResult?
        process.start { result = $0 }
        clock.run()
        #expect(result?.lockAcquired == true)
        #expect(storage.peakLoadsInFlight == connections)
    }
}
