import Foundation

/// `rest_backend.py` serving a repository folder over restic's REST protocol on loopback, with the
/// faults given (see the script's header for their shape). Stopped by `stop()`.
final class FaultyRESTBackend {
    let process = Process()
    let url: String

    init(serving repository: URL, faults: [[String: Any]]) throws {
        let faultsJSON = String(decoding: try JSONSerialization.data(withJSONObject: faults), as: UTF8.self)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", RealRestic.folder.appendingPathComponent("rest_backend.py").path, repository.path, faultsJSON]
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        var firstLine = Data()
        while !firstLine.contains(UInt8(ascii: "\n")) {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            firstLine.append(chunk)
        }
        let port = String(decoding: firstLine, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard Int(port) != nil else {
            kill(process.processIdentifier, SIGKILL)
            throw RealRestic.SetupError("rest_backend.py did not start (python3 missing?); output: \(port)")
        }
        url = "rest:http://127.0.0.1:\(port)/"
    }

    /// SIGKILL: nothing to clean up, and a child may inherit the test runner's blocked SIGTERM.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
