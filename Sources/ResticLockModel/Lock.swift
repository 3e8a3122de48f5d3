import Foundation

/// Who a restic process is, as its lock file records it.
struct ProcessIdentity: Sendable, Equatable, Codable {
    var hostname: String
    var username: String
    var pid: Int
    var uid: Int
    var gid: Int

    init(hostname: String, username: String = "root", pid: Int, uid: Int = 0, gid: Int = 0) {
        self.hostname = hostname
        self.username = username
        self.pid = pid
        self.uid = uid
        self.gid = gid
    }
}

/// restic's `restic.Lock` (internal/restic/lock.go): a lock this process holds or is taking.
final class Lock {
    let repository: Repository
    private(set) var file: LockFile
    /// The lock's own file, once created.
    private(set) var lockID: String?

    private var clock: VirtualClock { repository.clock }
    private var version: ModelVersion { repository.version }
    private var trace: LockTrace? { repository.trace }

    private init(repository: Repository, file: LockFile) {
        self.repository = repository
        self.file = file
    }

    var exclusive: Bool { file.exclusive }

    /// `newLock`: check, create, wait 200 ms, check again; when the second check fails the
    /// new lock is removed and the error returned.
    static func newLock(repository: Repository, exclusive: Bool, identity: ProcessIdentity, context: OperationContext,
                        completion: @escaping (Result<Lock, LockError>) -> Void) {
        let file = LockFile(time: repository.clock.unixNanos, exclusive: exclusive, hostname: identity.hostname,
                            username: identity.username, pid: identity.pid, uid: identity.uid, gid: identity.gid)
        let lock = Lock(repository: repository, file: file)
        lock.checkForOtherLocks(recheck: false, context: context) { error in
            if let error { return completion(.failure(error)) }
            lock.createLock(context: context) { result in
                switch result {
                case let .failure(error):
                    completion(.failure(context.isCancelled ? .cancelled : .backend(error)))
                case let .success(id):
                    lock.lockID = id
                    lock.trace?.record(.lockCreated(Handle(type: .lock, name: id)), at: lock.clock.now)
                    // time.Sleep, not a context-aware wait.
                    lock.clock.schedule(after: LockTimings.waitBeforeLockCheck) {
                        lock.checkForOtherLocks(recheck: true, context: context) { error in
                            guard let error else { return completion(.success(lock)) }
                            lock.unlock { _ in completion(.failure(error)) }
                        }
                    }
                }
            }
        }
    }

    /// `checkForOtherLocks`: up to 3 attempts without delay (0.16, 0.17.0) or 4 attempts after
    /// 5, 10 and 20 s (0.17.1). Any load error fails an attempt; a conflicting lock fails the
    /// whole check at once; from 0.17.0 locks loaded in an earlier attempt are not loaded again.
    func checkForOtherLocks(recheck: Bool, context: OperationContext, completion: @escaping (LockError?) -> Void) {
        trace?.record(.checkStarted(recheck: recheck), at: clock.now)
        var checkedIDs = Set<String>()
        let ownID = lockID
        let delays = version.lockCheckDelays
        var lastError: LockError?

        func attempt(_ number: Int) {
            guard number <= version.lockCheckAttempts else {
                return completion(lastError)
            }
            let delay = number == 1 ? 0 : delays[number - 2]
            let run = { [self] in
                trace?.record(.attemptStarted(attempt: number, delay: delay), at: clock.now)
                let load = ParallelLockLoad(repository: repository, parent: context, skip: { id in
                    id == ownID || checkedIDs.contains(id)
                }, callback: { [self] id, result in
                    switch result {
                    case let .failure(error):
                        // A lock that cannot be loaded might be valid: it cannot be ignored.
                        return error.asLockError
                    case let .success(other):
                        if exclusive || other.exclusive {
                            return .alreadyLocked(otherExclusive: other.exclusive, description: other.describe(id: id, now: clock.unixNanos))
                        }
                        if version.skipsCheckedLocks { checkedIDs.insert(id) }
                        return nil
                    }
                }, completion: { [self] error in
                    trace?.record(.attemptEnded(attempt: number, error: error), at: clock.now)
                    guard let error else { return completion(nil) }
                    if error.isAlreadyLocked || context.isCancelled {
                        return completion(context.isCancelled && !error.isAlreadyLocked ? .cancelled : error)
                    }
                    lastError = error
                    attempt(number + 1)
                })
                load.start()
            }
            if delay > 0 {
                // cancelableDelay: give the backend time to settle.
                clock.sleep(delay, context: context) { cancelled in
                    if cancelled { completion(.cancelled) } else { run() }
                }
            } else {
                run()
            }
        }
        attempt(1)
    }

    /// `createLock`: writes the lock file and returns its ID.
    private func createLock(context: OperationContext, completion: @escaping (Result<String, BackendError>) -> Void) {
        repository.saveLock(file, context: context, completion: completion)
    }

    /// `Refresh`: a new lock file with the current time, then the old one is removed.
    func refresh(context: OperationContext, completion: @escaping (LockError?) -> Void) {
        file.time = clock.unixNanos
        createLock(context: context) { [self] result in
            switch result {
            case let .failure(error):
                completion(.backend(error))
            case let .success(newID):
                let oldID = lockID
                lockID = newID
                guard let oldID else { return completion(nil) }
                repository.removeLock(id: oldID, context: context) { error in completion(error.map { .backend($0) }) }
            }
        }
    }

    /// `RefreshStaleLock`: used when regular refreshes failed for too long. Only if the own lock
    /// is still listed is a replacement written, checked again after 200 ms, and the old removed.
    func refreshStaleLock(context: OperationContext, completion: @escaping (LockError?) -> Void) {
        checkExistence(context: context) { [self] exists in
            switch exists {
            case let .failure(error): return completion(.backend(error))
            case .success(false): return completion(.backend(BackendError(kind: .permanent, message: Lock.removedLockMessage)))
            case .success(true): break
            }
            file.time = clock.unixNanos
            createLock(context: context) { [self] created in
                guard case let .success(newID) = created else { return completion(.backend(created.failureValue!)) }
                clock.schedule(after: LockTimings.waitBeforeLockCheck) { [self] in
                    checkExistence(context: context) { [self] stillExists in
                        guard case .success(true) = stillExists else {
                            repository.removeLock(id: newID, context: context) { _ in }
                            let error = stillExists.failureValue ?? BackendError(kind: .permanent, message: Lock.removedLockMessage)
                            return completion(.backend(error))
                        }
                        let oldID = lockID
                        lockID = newID
                        guard let oldID else { return completion(nil) }
                        repository.removeLock(id: oldID, context: context) { error in completion(error.map { .backend($0) }) }
                    }
                }
            }
        }
    }

    /// `ErrRemovedLock`.
    static let removedLockMessage = "lock file was removed in the meantime"

    /// Whether the own lock file is listed.
    private func checkExistence(context: OperationContext, completion: @escaping (Result<Bool, BackendError>) -> Void) {
        let id = lockID
        repository.listLocks(context: context) { result in
            completion(result.map { files in files.contains { $0.name == id } })
        }
    }

    /// `Unlock`: removes the own lock file, if one was created.
    func unlock(completion: @escaping (BackendError?) -> Void) {
        guard let id = lockID else {
            clock.schedule(after: 0) { completion(nil) }
            return
        }
        repository.removeLock(id: id, context: OperationContext()) { [self] error in
            if error == nil {
                lockID = nil
                trace?.record(.ownLockRemoved(Handle(type: .lock, name: id)), at: clock.now)
            }
            completion(error)
        }
    }
}
