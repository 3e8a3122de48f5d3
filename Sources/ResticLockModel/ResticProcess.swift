import Foundation
import ResticFormats

/// The restic commands the model runs.
enum ResticCommand: Sendable, Equatable, Codable {
    /// `backup`, running for `duration` seconds once the lock is held.
    case backup(duration: Double)
    /// `unlock`, or `unlock --remove-all`.
    case unlock(removeAll: Bool)
}

/// Flags and environment of one restic invocation.
struct ProcessOptions: Sendable, Equatable {
    var command: ResticCommand
    var exclusive: Bool
    /// `--retry-lock`, in seconds.
    var retryLock: Double?
    /// `-o b2.connections=N` and friends: lock loads in parallel.
    var connections: Int
    var quiet: Bool
    var resticVersion: String?
    var goVersion: String?
    var repositoryID: String
    var repositoryVersion: Int
    var timestampStyle: TimestampStyle

    init(command: ResticCommand = .backup(duration: 60), exclusive: Bool = false, retryLock: Double? = nil,
                connections: Int = 5, quiet: Bool = false, resticVersion: String? = nil, goVersion: String? = nil,
                repositoryID: String = "d8b8f43f9a8e4c5a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f607182",
                repositoryVersion: Int = 2, timestampStyle: TimestampStyle = .none) {
        self.command = command
        self.exclusive = exclusive
        self.retryLock = retryLock
        self.connections = connections
        self.quiet = quiet
        self.resticVersion = resticVersion
        self.goVersion = goVersion
        self.repositoryID = repositoryID
        self.repositoryVersion = repositoryVersion
        self.timestampStyle = timestampStyle
    }
}

/// How a process ended.
struct ProcessResult {
    var exitCode: Int32
    var failure: FatalError?
    /// When the lock was acquired or locking failed.
    var lockSettledAt: Int64?
    var lockAcquired: Bool
}

/// One restic process: prints what restic prints, opens the repository, takes the lock,
/// runs the command while refreshing the lock, and unlocks at exit.
final class ResticProcess {
    let version: ModelVersion
    let identity: ProcessIdentity
    let options: ProcessOptions
    let clock: VirtualClock
    let log: ProcessLog
    let repository: Repository
    private let session: LockSession
    private let context = OperationContext()
    private var rng: Xoshiro256StarStar
    private var lockSettledAt: Int64?
    private var completion: ((ProcessResult) -> Void)?
    /// Whether a (same-host) PID is alive, for `unlock`'s staleness test.
    var processExists: (Int) -> Bool = { _ in true }

    init(version: ModelVersion, identity: ProcessIdentity, options: ProcessOptions, storage: InMemoryBackend,
         seed: UInt64, trace: LockTrace? = nil) {
        self.version = version
        self.identity = identity
        self.options = options
        self.clock = storage.clock
        self.log = ProcessLog(clock: storage.clock, style: options.timestampStyle, quiet: options.quiet)
        var seeds = SplitMix64(seed: seed)
        let retry = RetryBackend(inner: storage, version: version, clock: storage.clock, log: log, seed: seeds.next(), trace: trace)
        self.repository = Repository(backend: retry, connections: options.connections, seed: seeds.next())
        self.session = LockSession(repository: repository, log: log, identity: identity, seed: seeds.next())
        self.rng = Xoshiro256StarStar(seed: seeds.next())
    }

    var banner: String {
        "restic \(options.resticVersion ?? version.defaultResticVersion) compiled with \(options.goVersion ?? version.defaultGoVersion) on linux/amd64"
    }

    func start(completion: @escaping (ProcessResult) -> Void) {
        self.completion = completion
        log.write(banner + "\n")
        switch options.command {
        case let .backup(duration): runBackup(duration: Nanos.seconds(duration))
        case let .unlock(removeAll): runUnlock(removeAll: removeAll)
        }
    }

    // MARK: backup

    private func runBackup(duration: Int64) {
        log.verbose("open repository")
        // Loading config and keys: a few round trips that do not touch locks.
        clock.schedule(after: Nanos.seconds(rng.uniform(0.3...1.2))) { [self] in
            let compression = options.repositoryVersion >= 2 ? ", compression level auto" : ""
            log.verbose("repository \(shortID(options.repositoryID)) opened (version \(options.repositoryVersion)\(compression))")
            if version.printsLockRepositoryLine { log.verbose("lock repository") }
            session.onLockExpired = { [weak self] in self?.context.cancel() }
            session.acquire(exclusive: options.exclusive, retryLock: options.retryLock.map(Nanos.seconds),
                            context: context) { [self] result in
                lockSettledAt = clock.now
                switch result {
                case let .failure(error):
                    exit(with: FatalError.lockFailure(error, version: version))
                case .success:
                    clock.sleep(duration, context: context) { [self] cancelled in
                        if cancelled {
                            session.release { self.exit(with: FatalError(lock: nil, text: OperationContext.cancelledMessage, exitCode: 1)) }
                            return
                        }
                        log.verbose("snapshot \(rng.hex(8)) saved")
                        session.release { self.exit(with: nil) }
                    }
                }
            }
        }
    }

    // MARK: unlock

    private func runUnlock(removeAll: Bool) {
        clock.schedule(after: Nanos.seconds(rng.uniform(0.3...1.2))) { [self] in
            let done: (Result<Int, LockError>) -> Void = { [self] result in
                switch result {
                case let .success(count):
                    if count > 0 { log.verbose("successfully removed \(count) locks") }
                    exit(with: nil)
                case let .failure(error):
                    exit(with: FatalError(lock: error, text: error.message, exitCode: 1))
                }
            }
            if removeAll { removeAllLocks(done) } else { removeStaleLocks(done) }
        }
    }

    /// `RemoveStaleLocks`: locks that cannot be loaded are ignored.
    private func removeStaleLocks(_ completion: @escaping (Result<Int, LockError>) -> Void) {
        var removed = 0, removing = 0
        var listingError: LockError?? = nil  // .some once every lock was looked at
        func finishIfDone() {
            if removing == 0, let listingError { completion(listingError.map { .failure($0) } ?? .success(removed)) }
        }
        let load = ParallelLockLoad(repository: repository, parent: context, skip: { _ in false }, callback: { [self] id, result in
            guard case let .success(lock) = result,
                  lock.isStale(now: clock.unixNanos, ownHostname: identity.hostname, processExists: processExists) else { return nil }
            removing += 1
            repository.removeLock(id: id, context: context) { error in
                if error == nil { removed += 1 }
                removing -= 1
                finishIfDone()
            }
            return nil
        }, completion: { error in
            listingError = .some(error)
            finishIfDone()
        })
        load.start()
    }

    /// `RemoveAllLocks`: every listed lock file, loadable or not.
    private func removeAllLocks(_ completion: @escaping (Result<Int, LockError>) -> Void) {
        repository.listLocks(context: context) { [self] result in
            switch result {
            case let .failure(error): completion(.failure(.backend(error)))
            case let .success(files):
                var pending = files.count
                var removed = 0
                if pending == 0 { return completion(.success(0)) }
                for file in files {
                    repository.removeLock(id: file.name, context: context) { error in
                        if error == nil { removed += 1 }
                        pending -= 1
                        if pending == 0 { completion(.success(removed)) }
                    }
                }
            }
        }
    }

    // MARK: exit

    private func exit(with failure: FatalError?) {
        if let failure { log.write(failure.text + "\n") }
        log.close()
        guard let completion else { return }
        self.completion = nil
        completion(ProcessResult(exitCode: failure?.exitCode ?? 0, failure: failure,
                                 lockSettledAt: lockSettledAt, lockAcquired: failure?.lock == nil && lockSettledAt != nil))
    }
}
