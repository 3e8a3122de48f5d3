import Foundation

/// Runs a program to its end and returns what it wrote. Both pipes are drained at the same time, so a
/// child that fills one of them (a large report on stdout, a flood of warnings on stderr) never blocks.
enum ChildProcess {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ executable: URL, _ arguments: [String], stdin: String? = nil,
                    environment: [String: String]? = nil, currentDirectory: URL? = nil) throws -> Output {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()

        let stderrBox = DrainedPipe()
        let drained = DispatchGroup()
        DispatchQueue.global().async(group: drained) { stderrBox.data = err.fileHandleForReading.readDataToEndOfFile() }
        let writer = DispatchGroup()
        DispatchQueue.global().async(group: writer) {
            if let stdin { try? input.fileHandleForWriting.write(contentsOf: Data(stdin.utf8)) }
            try? input.fileHandleForWriting.close()
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        drained.wait()
        writer.wait()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderrBox.data, as: UTF8.self))
    }

    /// Written by the draining thread before `DispatchGroup.wait` returns, read only after it.
    private final class DrainedPipe: @unchecked Sendable {
        var data = Data()
    }
}
