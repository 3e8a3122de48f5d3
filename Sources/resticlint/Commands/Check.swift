import ArgumentParser
import Foundation
import ResticLintCore
import ResticFormats

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Analyse restic logs and fail when findings reach a severity: a CI gate.",
        discussion: """
            Exit codes: 0 pass, 1 gate failed (a new, unsuppressed finding at or above --fail-on), \
            2 invalid rule or configuration file, 3 no input or unreadable input (--allow-empty passes \
            empty input), 64 usage error. Reports are written before the exit.
            """)

    @OptionGroup var input: LogInputOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: "The lowest severity that fails the gate: info, warning or error.")
    var failOn: Severity = .error

    @Option(name: .long, help: "Accept the findings recorded in this baseline file; only new ones fail the gate.")
    var baseline: String?

    @Option(name: .long, help: "Write the current findings as a baseline to this file.")
    var writeBaseline: String?

    @Option(name: .long, help: "Ignore file (default: .resticlint.yml in the working folder, when present).")
    var config: String?

    @Flag(name: .long, help: "Pass when the input is empty instead of exiting 3.")
    var allowEmpty = false

    func run() throws {
        let configuration = try loadConfiguration()
        let catalog = configuration.apply(to: try input.loadCatalog())
        let analyzer = Analyzer(catalog: catalog, flagVersion: input.resticVersion.flatMap(ResticVersion.init))
        let accepted = try baseline.map(loadBaseline)
        let gate = Gate(configuration: configuration, baseline: accepted, today: Self.today(), failOn: failOn)
        var kept: [Baseline.Entry] = []
        let writer = try output.open(catalog: catalog, live: input.isLive)
        let outcome = input.stream(analyzer, progress: writer.progress, lockTimelines: output.drawsLockTimelines) { closed in
            let filtered = gate.filter(closed, suppressed: writer.suppressed)
            if writeBaseline != nil { kept += Baseline(findings: filtered.findings).entries }
            writer.closed(filtered)
        }
        if let writeBaseline {
            let text = Baseline(entries: kept).serialized()
            guard FileManager.default.createFile(atPath: writeBaseline, contents: Data(text.utf8)) else {
                throw CLIError.unwritableOutputs(["baseline \(writeBaseline)"])
            }
        }
        let summary = try writer.finish(outcome)
        for expired in configuration.expired(today: Self.today()) {
            printError("resticlint: suppression of \(expired.rule) expired on \(expired.until ?? "?"): \(expired.reason)")
        }
        try CLIError.throwIfUnreadable(summary.failedInputs)
        if summary.stats.lines == 0 && !allowEmpty {
            throw CLIError.emptyInput
        }
        if gate.failures > 0 { throw CLIError.gateFailed(findings: gate.failures, failOn: failOn.rawValue) }
    }

    private func loadConfiguration() throws -> LintConfiguration {
        let path = config ?? ".resticlint.yml"
        guard let data = FileManager.default.contents(atPath: path) else {
            if config != nil { throw CLIError.unreadableConfiguration(path: path) }
            return LintConfiguration()
        }
        do {
            return try LintConfiguration.parse(String(decoding: data, as: UTF8.self), file: path)
        } catch {
            throw CLIError.invalidConfiguration("\(error)")
        }
    }

    private func loadBaseline(_ path: String) throws -> Baseline {
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError.unreadableBaseline(path: path) }
        do { return try Baseline.parse(data, name: path) } catch { throw CLIError.invalidBaseline("\(error)") }
    }

    static func today() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return formatter.string(from: Date())
    }
}

extension Severity: ExpressibleByArgument {}
