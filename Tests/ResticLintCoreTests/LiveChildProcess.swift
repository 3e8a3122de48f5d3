import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child whose output is read while it runs: for proving that output appears before the input
/// ends. Standard input stays open until `closeInput`; stderr is drained on a thread of its own, so
/// the child never blocks on it; stdout is read as it comes, with a deadline.
final class LiveChildProcess {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let errors = Pipe()
    private let drained = DispatchGroup()
    private let stderrBox = Box()
    /// Everything read from stdout so far.
    private(set) var stdout = ""

    init(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil) throws {
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let handle = errors.fileHandleForReading, box = stderrBox
        DispatchQueue.global().async(group: drained) { box.data = handle.readDataToEndOfFile() }
    }

    func write(_ text: String) {
        try? input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
    }

    func closeInput() {
        try? input.fileHandleForWriting.close()
    }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Reads stdout until `done` holds for what was read, or the deadline passes; returns whether it held.
    @discardableResult
    func read(until done: (String) -> Bool, timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        let fd = output.fileHandleForReading.fileDescriptor
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !done(stdout) {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return false }
            var request = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&request, 1, Int32(min(left, 1) * 1000)) > 0 else { continue }
            let n = Glibc.read(fd, &buffer, buffer.count)
            if n <= 0 { return done(stdout) }  // the child closed its output
            stdout += String(decoding: buffer[0..<n], as: UTF8.self)
        }
        return true
    }

    /// Reads stdout to its end and waits for the exit; returns the status and stderr.
    func finish(timeout: Double = 60) -> (status: Int32, stderr: String) {
        read(until: { _ in false }, timeout: timeout)
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        drained.wait()
        return (process.terminationStatus, String(decoding: stderrBox.data, as: UTF8.self))
    }

    /// Written by the draining thread before the group is left, read after `wait`.
    private final class Box: @unchecked Sendable {
        var data = Data()
    }
}
