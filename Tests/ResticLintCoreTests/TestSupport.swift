import Foundation
@testable import ResticLintCore

enum TestSupport {
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var rulesDirectory: String { repositoryRoot.appendingPathComponent("rules").path }
    static var samplesDirectory: String { repositoryRoot.appendingPathComponent("samples").path }

    static let catalog: RuleCatalog = {
        do { return try RuleCatalog.load(from: [rulesDirectory]) } catch { fatalError("shipped rules do not load: \(error)") }
    }()

    static let analyzer = Analyzer(catalog: catalog)

    static func analyze(_ text: String, version: String? = nil) -> AnalysisReport {
        Analyzer(catalog: catalog, flagVersion: version.flatMap(ResticVersion.init)).analyze(text: text)
    }

    /// The built `resticlint` executable next to the test bundle.
    static var executable: URL {
        var folder = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("resticlint")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        return repositoryRoot.appendingPathComponent(".build/debug/resticlint")
    }

    struct Execution {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the built binary, feeding `stdin` when given.
    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
                    currentDirectory: URL? = nil) throws -> Execution {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read before waiting so a large report cannot fill the pipe and block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Execution(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                         stderr: String(decoding: stderr, as: UTF8.self))
    }
}
