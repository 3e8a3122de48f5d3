import ArgumentParser
import ResticLintCore

struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Analyse restic logs and report diagnoses.",
        discussion: ExitStatus.documentation)

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
        let report = analyzer.analyze(input.sources)
        try output.write(report, catalog: analyzer.catalog)
        for failed in report.failedInputs { printError("resticlint: cannot read \(failed.error ?? failed.name)") }
        if !report.failedInputs.isEmpty { throw ExitStatus.unreadableInput }
    }
}
