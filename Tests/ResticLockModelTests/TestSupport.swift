import Foundation
@testable import ResticLockModel
import ResticFormats

/// A small world for driving the backend layers directly.
final class Harness {
    let clock = VirtualClock(epochUnixNanos: 1_724_205_600 * Nanos.second)
    let storage: InMemoryBackend
    let log: ProcessLog
    let retry: RetryBackend

    init(_ version: ModelVersion, flavor: BackendFlavor = .b2, seed: UInt64 = 7, latency: LatencyModel? = nil) {
        storage = InMemoryBackend(flavor: flavor, clock: clock, latency: latency, seed: seed)
        log = ProcessLog(clock: clock)
        retry = RetryBackend(inner: storage, version: version, clock: clock, log: log, seed: seed &+ 1)
    }

    static func lockHandle(_ prefix: String) -> Handle { Handle(type: .lock, name: ScenarioLock.fullID(prefix)) }

    func putLock(_ handle: Handle) {
        let file = LockFile(time: clock.unixNanos, exclusive: false, hostname: "h", username: "u", pid: 1, uid: 0, gid: 0)
        storage.put(handle, data: file.encoded())
    }

    /// Loads once through the retry backend and runs the clock until the load is over.
    @discardableResult
    func load(_ handle: Handle, context: OperationContext = OperationContext()) -> (result: Result<Data, BackendError>, seconds: Double) {
        let started = clock.now
        var outcome: Result<Data, BackendError>?
        var endedAt: Int64 = 0
        retry.load(handle, context: context) { outcome = $0; endedAt = self.clock.now }
        clock.run()
        return (outcome!, Nanos.toSeconds(endedAt - started))
    }

    func lines(containing text: String) -> [String] { log.lines.filter { $0.contains(text) } }
}

let b2NotFound = "b2_download_file_by_name: 404: File with such name does not exist."
