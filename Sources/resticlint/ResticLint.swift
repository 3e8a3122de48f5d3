import ArgumentParser
import ResticLintCore

@main
struct ResticLint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resticlint",
        abstract: "Diagnose restic backup logs: lock and retry failures, per lock file and per run.",
        discussion: ExitStatus.documentation,
        version: "\(Analyzer.toolVersion) (PCRE2 \(PCRE2Regex.libraryVersion), JIT \(PCRE2Regex.jitSupported ? "on" : "unavailable"))",
        subcommands: [Analyze.self, Check.self, Recommend.self, Rules.self, Simulate.self],
        defaultSubcommand: Analyze.self
    )
}
