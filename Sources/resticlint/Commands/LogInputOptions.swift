import ArgumentParser
import Dispatch
import ResticLintCore
#if canImport(Glibc)
import Glibc
#endif
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

    @Option(name: .long, help: ArgumentHelp("Follow a growing log file, across rotation, like tail -F (repeatable); ends on Ctrl-C or SIGTERM.",
                                            valueName: "file"))
    var follow: [String] = []

    @Option(name: .long, help: ArgumentHelp("On a pipe or followed file, close the open runs (and report them) after this long without input, e.g. 10s.",
                                            valueName: "duration"))
    var idleClose: String?

    func validate() throws {
        if let resticVersion, ResticVersion(resticVersion) == nil {
            throw ValidationError("--restic-version must look like 0.17.1, not '\(resticVersion)'")
        }
        if noBuiltinRules && rules.isEmpty { throw ValidationError("--no-builtin-rules needs at least one --rules") }
        if let idleClose, (GoDuration.seconds(idleClose) ?? 0) <= 0 {
            throw ValidationError("--idle-close must be a duration like 10s or 2m, not '\(idleClose)'")
        }
    }

    var sources: [InputSource] {
        if files.isEmpty && !follow.isEmpty { return follow.map(InputSource.follow) }
        let named: [InputSource] = files.isEmpty ? [.standardInput(named: stdinName)]
            : files.map { $0 == "-" ? .standardInput(named: stdinName) : .file($0) }
        return named + follow.map(InputSource.follow)
    }

    /// Findings are shown as runs close when an input may stay open: a pipe, a terminal, a followed file.
    var isLive: Bool { sources.contains { $0.mayStayOpen } }

    /// Runs the analysis, handing each closed run to `deliver`. `--follow` inputs end on SIGINT or SIGTERM,
    /// after which the reports are finished as for any input that ends.
    func stream(_ analyzer: Analyzer, progress: ProgressLine?, lockTimelines: Bool,
                deliver: @escaping (ClosedRun) -> Void) -> ScanOutcome {
        var signalSources: [DispatchSourceSignal] = []
        if !follow.isEmpty {
            for number in [SIGINT, SIGTERM] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { InputSource.stopFollowing() }
                source.resume()
                signalSources.append(source)
            }
        }
        defer { signalSources.forEach { $0.cancel() } }
        var options = StreamOptions(idleClose: idleClose.flatMap { GoDuration.seconds($0) }, lockTimelines: lockTimelines)
        if let progress { options.progress = { @Sendable update in progress.update(update) } }
        return analyzer.stream(sources, options: options, deliver: deliver)
    }

    func loadCatalog() throws -> RuleCatalog {
        try LogInputOptions.loadCatalog(extra: rules, builtin: !noBuiltinRules)
    }

    /// Loads the rules; an invalid rule file ends the command with exit 2.
    static func loadCatalog(extra rules: [String], builtin: Bool, replacingBuiltins: Bool = false) throws -> RuleCatalog {
        do {
            return try RuleCatalog.load(from: rules, builtin: builtin, replacingBuiltins: replacingBuiltins)
        } catch {
            throw CLIError.invalidRules("\(error)")
        }
    }

    func analyzer() throws -> Analyzer {
        Analyzer(catalog: try loadCatalog(), flagVersion: resticVersion.flatMap(ResticVersion.init))
    }
}
