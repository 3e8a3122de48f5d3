import Foundation
@testable import ResticLintCore
import ResticFormats

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

    typealias Execution = ChildProcess.Output

    /// Runs the built binary, feeding `stdin` when given.
    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
                    currentDirectory: URL? = nil) throws -> Execution {
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        return try ChildProcess.run(executable, arguments, stdin: stdin ?? "", environment: env,
                                    currentDirectory: currentDirectory)
    }
}
