import ArgumentParser
import ResticLintCore

struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Analyse restic logs and report diagnoses.",
        discussion: ExitStatus.documentation)

    @OptionGroup var input: LogInputOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let analyzer = try input.analyzer()
        let report = analyzer.analyze(input.sources)
        try output.write(report, catalog: analyzer.catalog)
        for failed in report.failedInputs { printError("resticlint: cannot read \(failed.error ?? failed.name)") }
        if !report.failedInputs.isEmpty { throw ExitStatus.unreadableInput }
    }
}
