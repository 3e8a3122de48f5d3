import Foundation
import Testing
@testable import ResticLintCore

/// Runs the built binary with exact control over its file descriptors and signals, and reports how it
/// ended (exit code or signal), how long it took and its peak memory: what `TestSupport.run` cannot.
enum Spawned {
    enum Input {
        case file(String)
        /// The child gets no file descriptor 0 at all.
        case closed
        /// A pipe: the closure writes to its end and closes it (on a thread of its own).
        case pipe(@Sendable (Int32) -> Void)
    }

    enum Output {
        case file
        /// A pipe from which `readBytes` are read, then the read end is closed: the reader went away.
        case closedAfter(readBytes: Int)
    }

    struct Result {
        var exitCode: Int32?
        var signal: Int32?
        var stdout: Data
        var stderr: String
        var seconds: Double
        var maxRSSKilobytes: Int
        var timedOut: Bool
        /// With `.closedAfter`: how long the process lived on after its reader went away.
        var secondsAfterOutputClosed: Double = 0

        var json: [String: Any]? { try? JSONSerialization.jsonObject(with: stdout) as? [String: Any] }
        var inputs: [[String: Any]] { json?["inputs"] as? [[String: Any]] ?? [] }
        var stats: [String: Any] { json?["stats"] as? [String: Any] ?? [:] }
        var findings: [String] {
            (json?["findings"] as? [[String: Any]] ?? []).map { "\($0["rule"] as? String ?? "?")@\($0["line"] as? Int ?? 0)" }
        }
        /// stderr without the lines a crash dump prints.
        var crashed: Bool {
            signal.map { $0 != SIGPIPE } ?? false || stderr.contains("Crash") || stderr.contains("Backtrace")
                || stderr.contains("Fatal error")
        }
    }

    /// This process's scratch folder; folders that earlier test processes left behind are removed.
    static let scratch: URL = {
        let temporary = FileManager.default.temporaryDirectory
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []
        where name.hasPrefix("resticlint-robustness-") {
            guard let pid = Int32(name.dropFirst("resticlint-robustness-".count)), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
        }
        let url = temporary.appendingPathComponent("resticlint-robustness-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    /// A fresh path in this process's scratch folder.
    static func path(_ name: String) -> String {
        scratch.appendingPathComponent("\(UUID().uuidString.prefix(8))-\(name)").path
    }

    static func write(_ bytes: [UInt8], name: String) -> String {
        let file = path(name)
        FileManager.default.createFile(atPath: file, contents: Data(bytes))
        return file
    }

    /// Runs `resticlint ARGS`. `defaultSIGPIPE` resets SIGPIPE to its default in the child, as a shell
    /// does (the test runner may ignore it, and ignored signals are inherited).
    static func run(_ arguments: [String], stdin: Input = .file("/dev/null"), stdout: Output = .file,
                    defaultSIGPIPE: Bool = true, timeout: Double = 120, environment: [String: String] = [:]) throws -> Result {
        let outPath = path("stdout"), errPath = path("stderr")
        defer { unlink(outPath); unlink(errPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var stdinPipe: [Int32] = [-1, -1]
        var stdoutPipe: [Int32] = [-1, -1]
        switch stdin {
        case .file(let file): posix_spawn_file_actions_addopen(&actions, 0, file, O_RDONLY, 0)
        case .closed: posix_spawn_file_actions_addclose(&actions, 0)
        case .pipe:
            guard makePipe(&stdinPipe) else { throw POSIXError(.EMFILE) }
            posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
        }
        switch stdout {
        case .file: posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        case .closedAfter:
            guard makePipe(&stdoutPipe) else { throw POSIXError(.EMFILE) }
            posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        }
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var signals = sigset_t()
        sigemptyset(&signals)
        if defaultSIGPIPE { sigaddset(&signals, SIGPIPE) }
        posix_spawnattr_setsigdefault(&attributes, &signals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))

        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        let executable = TestSupport.executable.path
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }

        var pid: pid_t = 0
        let started = Date()
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EINVAL) }

        var outputClosed: Date?
        var writer: Thread?
        if case .pipe(let feed) = stdin {
            close(stdinPipe[0])
            let end = stdinPipe[1]
            writer = Thread { feed(end) }
            writer?.start()
        }
        if case .closedAfter(let count) = stdout {
            close(stdoutPipe[1])
            var buffer = [UInt8](repeating: 0, count: max(count, 1))
            var got = 0
            while got < count {
                let n = read(stdoutPipe[0], &buffer[got], count - got)
                if n <= 0 { break }
                got += n
            }
            close(stdoutPipe[0])  // the reader goes away
            outputClosed = Date()
        }

        var status: Int32 = 0
        var usage = rusage()
        var timedOut = false
        // Peak RSS from /proc while it runs: the child's rusage also counts the parent's memory from
        // before exec (posix_spawn shares it until then), which says nothing about resticlint.
        var peak = 0
        while true {
            peak = max(peak, Spawned.highWaterMark(pid))
            let waited = wait4(pid, &status, WNOHANG, &usage)
            if waited == pid { break }
            if waited < 0 && errno != EINTR { throw POSIXError(.ECHILD) }
            if Date().timeIntervalSince(started) > timeout {
                timedOut = true
                kill(pid, SIGKILL)
                _ = wait4(pid, &status, 0, &usage)
                break
            }
            usleep(5_000)
        }
        let seconds = Date().timeIntervalSince(started)
        let termination = status & 0x7F
        return Result(
            exitCode: termination == 0 ? (status >> 8) & 0xFF : nil,
            signal: termination == 0 ? nil : termination,
            stdout: Spawned.contents(outPath),
            stderr: String(decoding: Spawned.contents(errPath), as: UTF8.self),
            seconds: seconds, maxRSSKilobytes: peak, timedOut: timedOut,
            secondsAfterOutputClosed: outputClosed.map { Date().timeIntervalSince($0) } ?? 0)
    }

    /// A file's bytes. (Not `FileManager.contents(atPath:)`: on an empty file it leaks a 4 KiB buffer,
    /// which LeakSanitizer reports.)
    static func contents(_ path: String) -> Data {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return Data() }
        defer { close(fd) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            data.append(contentsOf: buffer[0..<n])
        }
        return data
    }

    /// `VmHWM` of a running process in KiB (0 once it has exited).
    static func highWaterMark(_ pid: pid_t) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    /// A pipe whose ends other children do not inherit (only the dup2'ed copy reaches the child).
    private static func makePipe(_ fds: inout [Int32]) -> Bool {
        guard pipe(&fds) == 0 else { return false }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return true
    }

    /// Writes all of `bytes` to `fd` (a pipe end), then closes it; a reader that went away ends the write.
    static func feed(_ bytes: [UInt8], to fd: Int32) {
        var offset = 0
        bytes.withUnsafeBytes { raw in
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
        close(fd)
    }
}

enum Samples {
    static func path(_ name: String) -> String { "\(TestSupport.samplesDirectory)/\(name).log" }
    static func bytes(_ name: String) -> [UInt8] { Array(Spawned.contents(path(name))) }
    static func text(_ name: String) -> String { String(decoding: bytes(name), as: UTF8.self) }

    /// `rule@line` of every finding, as the sample tests compare them.
    static func findings(_ report: AnalysisReport) -> [String] { report.findings.map { "\($0.rule)@\($0.line)" } }

    static func json(_ report: AnalysisReport) -> String {
        JSONReporter().render(report, context: ReportContext(catalog: TestSupport.catalog, currentDirectory: "/"))
    }
}
