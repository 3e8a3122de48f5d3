import ArgumentParser
import Foundation
import ResticLintCore
#if canImport(Glibc)
import Glibc
#endif

/// `--format NAME[:PATH]`, repeatable: one pass writes several reports.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Report format and optional file: NAME[:PATH] (repeatable).",
                                            valueName: "format"))
    var format: [String] = []

    @Flag(name: .long, help: "Never colour the text report (NO_COLOR is honoured too).")
    var noColor = false

    struct Target {
        var reporter: any Reporter
        var path: String?
    }

    func validate() throws { _ = try targets() }

    func targets() throws -> [Target] {
        let requested = format.isEmpty ? ["text"] : format
        return try requested.map { spec in
            let parts = spec.split(separator: ":", maxSplits: 1).map(String.init)
            guard let name = parts.first, let reporter = Reporters.named(name) else {
                throw ValidationError("unknown format '\(spec)'; formats: \(Reporters.identifiers.joined(separator: ", "))")
            }
            let path = parts.count > 1 && parts[1] != "-" ? parts[1] : nil
            return Target(reporter: reporter, path: path)
        }
    }

    /// Writes every requested report; reports are always written before the exit code is decided.
    func write(_ report: AnalysisReport, catalog: RuleCatalog) throws {
        for target in try targets() {
            let color = target.path == nil && !noColor && isatty(1) == 1 && getenv("NO_COLOR") == nil
            let text = target.reporter.render(report, context: ReportContext(catalog: catalog, useColor: color, environment: ProcessInfo.processInfo.environment))
            if let path = target.path {
                guard AtomicFile.write(text, to: path) else {
                    printError("resticlint: cannot write \(path): \(String(cString: strerror(errno)))")
                    throw ExitCode.failure
                }
            } else {
                print(text, terminator: "")
            }
        }
    }
}

func printError(_ message: String) {
    let line = message + "\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
}
