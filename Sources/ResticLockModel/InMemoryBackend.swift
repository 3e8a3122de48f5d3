import Foundation
import ResticFormats

/// One repository's storage, shared by every simulated restic process, with the eventual
/// consistency and faults that make lock checks race against deletions.
final class InMemoryBackend: Backend {
    /// Object stores list names lexicographically, and Go reads local and rest-server
    /// directories sorted; replays list in the order a scenario gives.
    enum ListOrder { case byName, insertion }

    private struct StoredFile {
        var data: Data
        var writtenAt: Int64
        var deletedAt: Int64?
    }

    let flavor: BackendFlavor
    let clock: VirtualClock
    var consistency: Consistency
    var latency: LatencyModel
    var listOrder: ListOrder
    var repositoryPath = "/repo"
    private var rng: Xoshiro256StarStar
    private var files: [Handle: StoredFile] = [:]
    private var insertionOrder: [Handle] = []
    private var faults: [Handle: [LoadFault]] = [:]
    private var loadCounts: [Handle: Int] = [:]
    /// One-shot actions run right after the server answered a List, e.g. the replay's
    /// "deleted just after listing".
    private var afterNextList: [() -> Void] = []
    private var loadsInFlight = 0
    /// The most lock loads that were in flight at once, to check the connection limit.
    private(set) var peakLoadsInFlight = 0
    /// When set, every Save fails with this error (e.g. a full bucket, or a lost connection).
    var failingSaves: BackendError?

    init(flavor: BackendFlavor, clock: VirtualClock, consistency: Consistency = .strong,
         latency: LatencyModel? = nil, listOrder: ListOrder = .byName, seed: UInt64) {
        self.flavor = flavor
        self.clock = clock
        self.consistency = consistency
        self.latency = latency ?? .typical(for: flavor)
        self.listOrder = listOrder
        self.rng = Xoshiro256StarStar(seed: seed)
    }

    // MARK: direct access for setting up scenarios and inspecting outcomes

    func put(_ handle: Handle, data: Data, writtenAt: Int64? = nil) {
        if files[handle] == nil { insertionOrder.append(handle) }
        files[handle] = StoredFile(data: data, writtenAt: writtenAt ?? clock.now, deletedAt: nil)
    }

    func delete(_ handle: Handle) {
        guard var file = files[handle], file.deletedAt == nil else { return }
        file.deletedAt = clock.now
        files[handle] = file
    }

    func exists(_ handle: Handle) -> Bool { files[handle].map { $0.deletedAt == nil } ?? false }

    func contents(_ handle: Handle) -> Data? {
        guard let file = files[handle], file.deletedAt == nil else { return nil }
        return file.data
    }

    /// Names of existing files of a type, in insertion order.
    func existingNames(_ type: FileType) -> [String] {
        insertionOrder.filter { $0.type == type && exists($0) }.map(\.name)
    }

    func inject(_ fault: LoadFault, into handle: Handle) { faults[handle, default: []].append(fault) }

    func runAfterNextList(_ action: @escaping () -> Void) { afterNextList.append(action) }

    func loadCount(_ handle: Handle) -> Int { loadCounts[handle] ?? 0 }

    // MARK: Backend

    func list(_ type: FileType, context: OperationContext, completion: @escaping (Result<[FileInfo], BackendError>) -> Void) {
        perform(latency: draw(latency.list), context: context, serve: { [unowned self] () -> Result<[FileInfo], BackendError> in
            let now = clock.now
            let lag = Nanos.seconds(consistency.listLagAfterDelete)
            var listed: [FileInfo] = []
            for handle in insertionOrder where handle.type == type {
                guard let file = files[handle], file.writtenAt <= now else { continue }
                if let deletedAt = file.deletedAt, now >= deletedAt + lag { continue }
                listed.append(FileInfo(name: handle.name, size: file.data.count))
            }
            if listOrder == .byName { listed.sort { $0.name < $1.name } }
            let hooks = afterNextList
            afterNextList = []
            for hook in hooks { hook() }
            return .success(listed)
        }, completion: completion)
    }

    func load(_ handle: Handle, context: OperationContext, completion: @escaping (Result<Data, BackendError>) -> Void) {
        let count = (loadCounts[handle] ?? 0) + 1
        loadCounts[handle] = count
        var delay = draw(latency.load)
        for case let .slow(seconds, loads) in faults[handle] ?? [] where loads.map({ count <= $0 }) ?? true {
            delay = Nanos.seconds(seconds)
        }
        loadsInFlight += 1
        peakLoadsInFlight = max(peakLoadsInFlight, loadsInFlight)
        let done: (Result<Data, BackendError>) -> Void = { [unowned self] result in
            loadsInFlight -= 1
            completion(result)
        }
        perform(latency: delay, context: context, serve: { [unowned self] () -> Result<Data, BackendError> in
            if let injected = injectedError(handle, loadNumber: count) { return .failure(injected) }
            guard let file = files[handle], file.deletedAt == nil,
                  clock.now >= file.writtenAt + Nanos.seconds(consistency.readAfterWriteDelay) else {
                return .failure(notFound(handle))
            }
            return .success(file.data)
        }, completion: done)
    }

    func save(_ handle: Handle, data: Data, context: OperationContext, completion: @escaping (BackendError?) -> Void) {
        perform(latency: draw(latency.save), context: context, serve: { [unowned self] () -> Result<Void, BackendError> in
            if let failingSaves { return .failure(failingSaves) }
            put(handle, data: data)
            return .success(())
        }, completion: { completion($0.failureValue) })
    }

    func remove(_ handle: Handle, context: OperationContext, completion: @escaping (BackendError?) -> Void) {
        perform(latency: draw(latency.remove), context: context, serve: { [unowned self] () -> Result<Void, BackendError> in
            guard exists(handle) else {
                if let message = flavor.removeNotFoundMessage(for: handle, repositoryPath: repositoryPath) {
                    return .failure(BackendError(kind: .notFound, message: message))
                }
                return .success(())
            }
            delete(handle)
            return .success(())
        }, completion: { completion($0.failureValue) })
    }

    func notFound(_ handle: Handle) -> BackendError {
        BackendError(kind: .notFound, message: flavor.notFoundMessage(for: handle, repositoryPath: repositoryPath))
    }

    // MARK: internals

    private func injectedError(_ handle: Handle, loadNumber: Int) -> BackendError? {
        for fault in faults[handle] ?? [] {
            switch fault {
            case .notFound:
                return notFound(handle)
            case let .failing(message, permanent):
                let kind: BackendError.Kind = permanent ? (NotFoundText.matches(message) ? .notFound : .permanent) : .transient
                return BackendError(kind: kind, message: message)
            case let .transient(failures, message) where loadNumber <= failures:
                return BackendError(kind: .transient, message: message)
            default:
                continue
            }
        }
        return nil
    }

    private func draw(_ range: ClosedRange<Double>) -> Int64 { Nanos.seconds(rng.uniform(range)) }

    /// A request: the server acts halfway through the latency, the client hears back at its end.
    /// Cancelling aborts the client side at once; a server-side effect that already happened stays.
    private func perform<T>(latency: Int64, context: OperationContext, serve: @escaping () -> Result<T, BackendError>,
                            completion: @escaping (Result<T, BackendError>) -> Void) {
        if context.isCancelled {
            clock.schedule(after: 0) { completion(.failure(.cancelled)) }
            return
        }
        let request = PendingRequest<T>(completion)
        let serveTimer = clock.schedule(after: latency / 2) { request.result = serve() }
        let answerTimer = clock.schedule(after: latency) {
            context.removeCancelHandler(request.cancelToken)
            request.finish(request.result ?? .failure(.cancelled))
        }
        request.cancelToken = context.onCancel { [unowned self] in
            serveTimer.cancel()
            answerTimer.cancel()
            clock.schedule(after: 0) { request.finish(.failure(.cancelled)) }
        }
    }
}

/// The client side of one backend request; finishes exactly once.
private final class PendingRequest<T> {
    var result: Result<T, BackendError>?
    var cancelToken = 0
    private var completion: ((Result<T, BackendError>) -> Void)?
    init(_ completion: @escaping (Result<T, BackendError>) -> Void) { self.completion = completion }
    func finish(_ result: Result<T, BackendError>) {
        guard let completion else { return }
        self.completion = nil
        completion(result)
    }
}

extension Result {
    var failureValue: Failure? {
        if case let .failure(error) = self { return error }
        return nil
    }
}
