import ArgumentParser
import CProcessArguments
import ResticLintCore
import ResticLintMatching

@main
struct ResticLint: ParsableCommand {
    // Every command names itself (`commandName:`): argument-parser otherwise derives the name from the
    // type's name through reflection each time it asks, which was a fifteenth of an empty run.
    static let configuration = CommandConfiguration(
        commandName: "resticlint",
        abstract: "Diagnose restic backup logs: lock and retry failures, per lock file and per run.",
        discussion: CLIError.documentation,
        version: versionText,
        subcommands: [Analyze.self, Check.self, Recommend.self, Rules.self, Simulate.self],
        defaultSubcommand: Analyze.self
    )

    /// The arguments from glibc's constructor call rather than `CommandLine` (see CProcessArguments).
    static func main() {
        let argv = resticlint_process_argv()
        let count = Int(resticlint_process_argc())
        guard let argv, count > 0 else { CLIError.run(nil, as: self) }
        CLIError.run((1..<count).map { argv[$0].map { String(cString: $0) } ?? "" }, as: self)
    }

    /// First line `resticlint VERSION` (what dist/build and scripts read), then the rule catalogue and PCRE2.
    static var versionText: String {
        """
        resticlint \(Analyzer.toolVersion)
        rules \(RuleCatalog.builtinVersion)
        PCRE2 \(PCRE2Regex.libraryVersion), JIT \(PCRE2Regex.jitSupported ? "on" : "unavailable")
        """
    }
}
