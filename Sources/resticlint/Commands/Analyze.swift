import ArgumentParser
import ResticLintCore

struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Analyse restic logs and report diagnoses.",
        discussion: CLIError.documentation)

    @OptionGroup var input: LogInputOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: "Explain what every pattern makes of line N of the (single) input, instead of analysing.")
    var explainLine: Int?

    func run() throws {
        let analyzer = try input.analyzer()
        if let explainLine {
            try LineExplanation.print(line: explainLine, of: input.sources, catalog: analyzer.catalog)
            return
        }
        let writer = try output.open(catalog: analyzer.catalog, live: input.isLive)
        let outcome = input.stream(analyzer, progress: writer.progress, lockTimelines: output.drawsLockTimelines) { writer.closed($0) }
        let summary = try writer.finish(outcome)
        try CLIError.throwIfUnreadable(summary.failedInputs)
    }
}
