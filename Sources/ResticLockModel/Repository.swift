import Foundation
import ResticFormats

/// One process's view of the repository: the retry backend plus restic's `LoadRaw`,
/// `SaveUnpacked` and `RemoveUnpacked` for lock files.
final class Repository {
    let backend: RetryBackend
    let version: ModelVersion
    let clock: VirtualClock
    /// `repo.Connections()`: how many lock files are loaded in parallel.
    let connections: Int
    private var idSource: Xoshiro256StarStar

    init(backend: RetryBackend, connections: Int, seed: UInt64) {
        self.backend = backend
        self.version = backend.version
        self.clock = backend.clock
        self.connections = max(1, connections)
        self.idSource = Xoshiro256StarStar(seed: seed)
    }

    var trace: LockTrace? { backend.trace }

    func listLocks(context: OperationContext, completion: @escaping (Result<[FileInfo], BackendError>) -> Void) {
        backend.list(.lock, context: context, completion: completion)
    }

    /// `LoadRaw`: from 0.17.0 on a load that fails (or returns data that does not hash to the
    /// ID) is tried a second time, so a failed lock load prints its `failed` line twice.
    func loadRaw(_ handle: Handle, context: OperationContext, completion: @escaping (Result<Data, BackendError>) -> Void) {
        backend.load(handle, context: context) { [self] first in
            if case .failure = first, version.loadsFailedFileTwice {
                backend.load(handle, context: context, completion: completion)
            } else {
                completion(first)
            }
        }
    }

    func loadLock(id: String, context: OperationContext, completion: @escaping (Result<LockFile, LockLoadError>) -> Void) {
        loadRaw(Handle(type: .lock, name: id), context: context) { result in
            switch result {
            case let .failure(error): completion(.failure(.backend(error)))
            case let .success(data):
                if let lock = LockFile.decode(data) {
                    completion(.success(lock))
                } else {
                    completion(.failure(.invalidData("load(\(Handle(type: .lock, name: id))): invalid data returned")))
                }
            }
        }
    }

    /// `SaveJSONUnpacked`: the ID is the hash of the encrypted content, which the model draws
    /// at random as encryption would make it.
    func saveLock(_ lock: LockFile, context: OperationContext, completion: @escaping (Result<String, BackendError>) -> Void) {
        let id = idSource.hex(64)
        backend.save(Handle(type: .lock, name: id), data: lock.encoded(), context: context) { error in
            completion(error.map { .failure($0) } ?? .success(id))
        }
    }

    func removeLock(id: String, context: OperationContext, completion: @escaping (BackendError?) -> Void) {
        backend.remove(Handle(type: .lock, name: id), context: context, completion: completion)
    }
}

enum LockLoadError: Error, Equatable {
    case backend(BackendError)
    case invalidData(String)

    var asLockError: LockError {
        switch self {
        case let .backend(error): return .backend(error)
        case let .invalidData(text): return .invalidLock(text)
        }
    }
}
