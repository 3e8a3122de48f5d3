import ArgumentParser
import Foundation
import ResticLintCore
#if canImport(Glibc)
import Glibc
#endif

/// Hands every closed run to every report at once and writes what they render: standard output or a
/// file per `--format`. The only place reports touch files, including GitHub's job summary.
final class ReportWriter {
    private struct Output {
        var sink: any ReportSink
        var file: UnsafeMutablePointer<FILE>
        /// A report file, replaced atomically when the report is complete.
        var destination: (path: String, file: AtomicFile)?
    }

    /// Its own stream on descriptor 1, flushed per run.
    private static let standardOutput = StandardOutput()

    private var outputs: [Output] = []
    private let assembler: ReportAssembler
    /// The GitHub job summary, rendered at the end when `$GITHUB_STEP_SUMMARY` names a file.
    private var jobSummary: (sink: WholeReportSink, path: String, github: Int)?
    let progress: ProgressLine?

    init(targets: [OutputOptions.Target], catalog: RuleCatalog, live: Bool, verbose: Bool, noColor: Bool) throws {
        assembler = ReportAssembler(catalog: catalog)
        let environment = ProcessInfo.processInfo.environment
        // Looked up once: Foundation may ask the resolver for it.
        let hostName = ProcessInfo.processInfo.hostName
        progress = isatty(2) == 1 ? ProgressLine() : nil
        for target in targets {
            let sink = target.format.sink()
            var destination: (path: String, file: AtomicFile)?
            if let path = target.path {
                guard let opened = AtomicFile(path: path) else {
                    throw CLIError.unwritableOutputs(["\(path): \(String(cString: strerror(errno)))"])
                }
                destination = (path, opened)
            }
            let color = target.path == nil && !noColor && isatty(1) == 1 && getenv("NO_COLOR") == nil
            let context = ReportContext(catalog: catalog, useColor: color, environment: environment, verbose: verbose,
                                        live: live, hostName: hostName)
            outputs.append(Output(sink: sink, file: destination?.file.file ?? ReportWriter.standardOutput.file,
                                  destination: destination))
            write(sink.begin(context), to: outputs.count - 1)
            if target.format.identifier == GitHubReporter.identifier, jobSummary == nil,
               let path = environment["GITHUB_STEP_SUMMARY"], !path.isEmpty {
                let summary = WholeReportSink(GitHubJobSummary())
                _ = summary.begin(context)
                jobSummary = (summary, path, outputs.count - 1)
            }
        }
    }

    /// A run closed: its findings go to every report now.
    func closed(_ run: ClosedRun) {
        assembler.add(run)
        _ = jobSummary?.sink.closed(run)
        for index in outputs.indices { write(outputs[index].sink.closed(run), to: index) }
    }

    func suppressed(_ finding: SuppressedFinding) { assembler.suppress(finding) }

    /// Ends every report; returns the summary the reports ended with.
    func finish(_ outcome: ScanOutcome) throws -> AnalysisSummary {
        progress?.clear()
        let summary = assembler.finish(outcome)
        if let jobSummary, let problem = ReportWriter.append(jobSummary.sink.end(summary), to: jobSummary.path) {
            // GitHub reads workflow commands from the step's output: warn where the annotations go.
            write(GitHubReporter.warningCommand("cannot append the job summary to \(jobSummary.path): \(problem)") + "\n",
                  to: jobSummary.github)
        }
        var unwritable: [String] = []
        for index in outputs.indices {
            write(outputs[index].sink.end(summary), to: index)
            if let destination = outputs[index].destination {
                if !destination.file.commit() {
                    unwritable.append("\(destination.path): \(String(cString: strerror(errno)))")
                }
            } else {
                fflush(outputs[index].file)
            }
        }
        if !unwritable.isEmpty { throw CLIError.unwritableOutputs(unwritable) }
        return summary
    }

    private func write(_ text: String, to index: Int) {
        guard !text.isEmpty else { return }
        progress?.clear()
        let file = outputs[index].file
        fputs(text, file)
        // Standard output is flushed per run, so a reader of a live pipe sees each run's findings at once.
        if outputs[index].destination == nil { fflush(file) }
    }

    /// Appends to the summary file (creating it, as GitHub does); returns the problem when it fails.
    static func append(_ text: String, to path: String) -> String? {
        guard let file = fopen(path, "a") else { return String(cString: strerror(errno)) }
        let wrote = fputs(text, file) >= 0
        let closed = fclose(file) == 0
        return wrote && closed ? nil : String(cString: strerror(errno))
    }
}

/// Sendable because the pointer is a `let` and stdio locks the `FILE` on every call (flockfile(3)).
private final class StandardOutput: @unchecked Sendable {
    let file: UnsafeMutablePointer<FILE> = fdopen(1, "w")
}
