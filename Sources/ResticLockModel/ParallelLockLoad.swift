import Foundation

/// `ForAllLocks` over `ParallelList`: list `locks/`, then load the listed lock files with
/// `connections` workers in an errgroup. The first error cancels the group's context, which
/// ends every load in flight and stops handing out queued files; the group finishes once
/// every worker has returned, with that first error.
final class ParallelLockLoad {
    typealias Callback = (_ id: String, _ result: Result<LockFile, LockLoadError>) -> LockError?

    private let repository: Repository
    private let context: OperationContext
    private let skip: (String) -> Bool
    private let callback: Callback
    private var completion: ((LockError?) -> Void)?
    private var queue: [FileInfo] = []
    private var nextIndex = 0
    private var runningWorkers = 0
    private var firstError: LockError?

    /// - Parameters:
    ///   - skip: IDs not to load (own lock, and from 0.17.0 the locks already checked).
    ///   - callback: sees each loaded lock or load error; a returned error fails the group.
    init(repository: Repository, parent: OperationContext, skip: @escaping (String) -> Bool,
         callback: @escaping Callback, completion: @escaping (LockError?) -> Void) {
        self.repository = repository
        self.context = OperationContext(parent: parent)
        self.skip = skip
        self.callback = callback
        self.completion = completion
    }

    func start() {
        repository.listLocks(context: context) { [self] result in
            switch result {
            case let .failure(error):
                repository.trace?.record(.listFailed(error), at: repository.clock.now)
                fail(context.isCancelled ? .cancelled : .backend(error))
                finish()
            case let .success(files):
                queue = files
                let skipped = files.filter { skip($0.name) || $0.size == 0 }.count
                repository.trace?.record(.listed(count: files.count, skipped: skipped), at: repository.clock.now)
                runningWorkers = repository.connections
                for _ in 0..<repository.connections { work() }
            }
        }
    }

    /// One worker goroutine: takes the next file, skipping ones it need not load, until the
    /// queue is empty, the group is cancelled, or its own callback fails.
    private func work() {
        while !context.isCancelled && nextIndex < queue.count {
            let file = queue[nextIndex]
            nextIndex += 1
            // Empty files are skipped: some backends leave them after interrupted uploads.
            if skip(file.name) || file.size == 0 { continue }
            repository.loadLock(id: file.name, context: context) { [self] result in
                if let error = callback(file.name, result) {
                    fail(error)
                    workerDone()
                } else {
                    work()
                }
            }
            return
        }
        workerDone()
    }

    private func workerDone() {
        runningWorkers -= 1
        if runningWorkers == 0 { finish() }
    }

    private func fail(_ error: LockError) {
        guard firstError == nil else { return }
        firstError = error
        context.cancel()
    }

    private func finish() {
        guard let completion else { return }
        self.completion = nil
        context.detachFromParent()
        completion(firstError)
    }
}
