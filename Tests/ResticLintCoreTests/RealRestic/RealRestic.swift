import Foundation
import Testing

/// Runs Debian's real `restic` (0.14.0, installed by `.ci/install-deps`) against throwaway
/// repositories: a local folder, or the same folder served by `rest_backend.py` with faults.
struct RealRestic {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let password = "resticlint-e2e"

    /// The restic binary, or a failure naming the script that installs it: nothing is skipped silently.
    static func binary() throws -> URL {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent("restic")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw SetupError("restic is not installed: run .ci/install-deps (it installs Debian's restic 0.14.0)")
    }

    struct SetupError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// What a restic command printed, stdout and stderr through one pipe as `2>&1` gives them.
    struct Output {
        var status: Int32
        var text: String
    }

    let root: URL
    let repository: URL
    let source: URL

    /// A fresh scenario folder with a version-1 repository (uncompressed JSON, so `age_lock.py`
    /// can rewrite locks) holding one snapshot of a small source folder.
    init(_ name: String, sourceBytes: Int = 64 * 1024) async throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("resticlint-real-\(name)-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: root)
        repository = root.appendingPathComponent("repo")
        source = root.appendingPathComponent("src")
        try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<sourceBytes).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try Data(bytes).write(to: source.appendingPathComponent("payload.bin"))
        try "restic end-to-end\n".write(to: source.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        for arguments in [["init", "--repository-version", "1"], ["backup", source.path]] {
            let output = try await run(arguments, repository: repository.path)
            guard output.status == 0 else { throw SetupError("restic \(arguments[0]) failed: \(output.text)") }
        }
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["RESTIC_PASSWORD"] = Self.password
        env["RESTIC_CACHE_DIR"] = root.appendingPathComponent("cache").path
        env["TZ"] = "UTC"
        return env
    }

    /// Starts `restic ARGS` without waiting, stdout and stderr into one file as `2>&1` gives them.
    /// Files, not pipes: tests run in parallel, and a pipe's write end inherited by another test's
    /// child would keep the reader from ever seeing its end.
    func start(_ arguments: [String], repository: String, log: URL, stdin: URL? = nil) throws -> Process {
        let process = Process()
        process.executableURL = try Self.binary()
        process.arguments = ["-r", repository] + arguments
        process.environment = environment
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let output = try FileHandle(forWritingTo: log)
        // O_RDWR: opening a FIFO read-only would wait for a writer; this way restic's stdin never ends.
        process.standardInput = stdin.map { FileHandle(fileDescriptor: open($0.path, O_RDWR), closeOnDealloc: true) }
            ?? FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        try process.run()
        try output.close()
        return process
    }

    func run(_ arguments: [String], repository: String) async throws -> Output {
        let log = root.appendingPathComponent("output-\(UUID().uuidString).log")
        let process = try start(arguments, repository: repository, log: log)
        await Self.exit(of: process)
        return Output(status: process.terminationStatus, text: String(decoding: try Data(contentsOf: log), as: UTF8.self))
    }

    /// Waits for a process off the cooperative pool: Swift Testing runs as many tests at once as there
    /// are cores, and scenarios spend most of their time waiting for restic's backoff.
    static func exit(of process: Process) async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                process.waitUntilExit()
                done.resume()
            }
        }
    }

    var lockIDs: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: repository.appendingPathComponent("locks").path)) ?? []
        return names.filter { $0.count == 64 }.sorted()
    }

    /// Starts a `restic backup` of a FIFO nobody writes to, so it holds its lock until signalled,
    /// and waits until that lock is in the repository: a live operation.
    func holdLock() async throws -> (process: Process, lock: String) {
        let fifo = root.appendingPathComponent("never-written")
        guard mkfifo(fifo.path, 0o600) == 0 else { throw SetupError("mkfifo \(fifo.path) failed") }
        let before = Set(lockIDs)
        let held = try start(["backup", "--stdin", "--stdin-filename", "db.sql"], repository: repository.path,
                             log: root.appendingPathComponent("holder.log"), stdin: fifo)
        for _ in 0..<300 {
            if let lock = lockIDs.first(where: { !before.contains($0) }) { return (held, lock) }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        kill(held.processIdentifier, SIGKILL)
        throw SetupError("the holding restic backup created no lock in 30 s")
    }

    /// The lock a `restic backup` left behind when it was killed (SIGKILL: no cleanup handler runs).
    func lockOfKilledProcess() async throws -> String {
        let holder = try await holdLock()
        kill(holder.process.processIdentifier, SIGKILL)
        await Self.exit(of: holder.process)
        return holder.lock
    }

    /// Runs a Python helper of this folder and returns its first stdout line.
    static func python(_ script: String, _ arguments: [String]) throws -> String {
        let output = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"),
                                          ["python3", folder.appendingPathComponent(script).path] + arguments)
        guard output.status == 0 else { throw SetupError("\(script) failed: \(output.stderr)") }
        return output.stdout.split(separator: "\n").first.map(String.init) ?? ""
    }

    /// Moves a lock's creation time back by `seconds`, re-encrypted under its new ID.
    func age(lock: String, by seconds: Int) throws -> String {
        try Self.python("age_lock.py", [repository.path, Self.password, lock, String(seconds)])
    }
}
