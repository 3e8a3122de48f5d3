import ArgumentParser
import ResticLintCore
import ResticFormats

/// Options every command that reads logs shares.
struct LogInputOptions: ParsableArguments {
    @Argument(help: "Log files to read; standard input when none or '-' is given.")
    var files: [String] = []

    @Option(name: .long, help: "Name standard input in reports (e.g. backup.log).")
    var stdinName: String = "<stdin>"

    @Option(name: .long, help: "A folder or file of extra rules (repeatable).")
    var rules: [String] = []

    @Flag(name: .long, help: "Use only the --rules given, not the shipped rules.")
    var noBuiltinRules = false

    @Option(name: .long, help: "The restic version for runs whose log shows none (e.g. 0.17.0).")
    var resticVersion: String?

    func validate() throws {
        if let resticVersion, ResticVersion(resticVersion) == nil {
            throw ValidationError("--restic-version must look like 0.17.1, not '\(resticVersion)'")
        }
        if noBuiltinRules && rules.isEmpty { throw ValidationError("--no-builtin-rules needs at least one --rules") }
    }

    var sources: [InputSource] {
        files.isEmpty ? [.standardInput(named: stdinName)]
            : files.map { $0 == "-" ? .standardInput(named: stdinName) : .file($0) }
    }

    func loadCatalog() throws -> RuleCatalog {
        try LogInputOptions.loadCatalog(extra: rules, builtin: !noBuiltinRules)
    }

    /// Loads the rules, printing a rule-file error and exiting 2 when one is invalid.
    static func loadCatalog(extra rules: [String], builtin: Bool) throws -> RuleCatalog {
        do {
            return try RuleCatalog.load(from: rules, builtin: builtin)
        } catch {
            printError("resticlint: invalid rule file: \(error)")
            throw ExitStatus.invalidRules
        }
    }

    func analyzer() throws -> Analyzer {
        Analyzer(catalog: try loadCatalog(), flagVersion: resticVersion.flatMap(ResticVersion.init))
    }
}
