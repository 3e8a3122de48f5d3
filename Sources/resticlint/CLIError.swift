import ArgumentParser
import Foundation
import ResticLintCore
#if canImport(Glibc)
import Glibc
#endif

/// Every way a command ends unsuccessfully, each with its documented exit code (README "Exit codes").
/// Commands throw it; `ResticLint.main` prints it once, on stderr, and exits with its code.
enum CLIError: Error {
    /// The gate found new, unsuppressed findings at or above `--fail-on`.
    case gateFailed(findings: Int, failOn: String)
    /// A rule file is invalid; the message gives file, line and column.
    case invalidRules(String)
    case unreadableConfiguration(path: String)
    case invalidConfiguration(String)
    /// A baseline that was read but could not be parsed.
    case invalidBaseline(String)
    case unreadableBaseline(path: String)
    /// Inputs that could not be read; the others were still analysed and reported.
    case unreadableInputs([String])
    case emptyInput
    /// Outputs that could not be written, each named with its reason.
    case unwritableOutputs([String])
    /// `rules test`: rules whose examples failed; the summary line on stdout already says so.
    case examplesFailed(Int)

    var exitCode: ExitCode {
        switch self {
        case .gateFailed, .examplesFailed: return ExitCode(1)
        case .invalidRules, .unreadableConfiguration, .invalidConfiguration, .invalidBaseline: return ExitCode(2)
        case .unreadableBaseline, .unreadableInputs, .emptyInput: return ExitCode(3)
        case .unwritableOutputs: return .failure
        }
    }

    /// One or more lines, each printed after `resticlint: `.
    var messages: [String] {
        switch self {
        case .gateFailed(let findings, let failOn):
            return ["gate failed: \(findings) finding\(findings == 1 ? "" : "s") at or above \(failOn)"]
        case .invalidRules(let error): return ["invalid rule file: \(error)"]
        case .unreadableConfiguration(let path): return ["cannot read configuration \(path)"]
        case .invalidConfiguration(let error): return ["invalid configuration: \(error)"]
        case .invalidBaseline(let error): return [error]
        case .unreadableBaseline(let path): return ["cannot read baseline \(path)"]
        case .unreadableInputs(let inputs): return inputs.map { "cannot read \($0)" }
        case .emptyInput: return ["no input lines (use --allow-empty to pass on empty input)"]
        case .unwritableOutputs(let outputs): return outputs.map { "cannot write \($0)" }
        case .examplesFailed: return []
        }
    }

    /// Ends the command with exit 3 when an input could not be read, after the reports were written.
    static func throwIfUnreadable(_ failedInputs: [InputSummary]) throws {
        if !failedInputs.isEmpty { throw CLIError.unreadableInputs(failedInputs.map { $0.error ?? $0.name }) }
    }

    static let documentation = """
        Exit codes: 0 analysed (whatever was found), 2 a rule file is invalid, 3 an input could not be \
        read (the others are still analysed and reported), 64 usage error.
        """

    /// Runs a parsed command: a `CLIError` is printed here and nowhere else; anything else (usage,
    /// `--help`, `--version`) goes to ArgumentParser's own handling.
    static func run(_ arguments: [String]?, as root: ResticLint.Type) -> Never {
        do {
            var command = try root.parseAsRoot(arguments)
            try command.run()
            root.exit()
        } catch let error as CLIError {
            error.messages.forEach { printError("resticlint: \($0)") }
            root.exit(withError: error.exitCode)
        } catch {
            root.exit(withError: error)
        }
    }
}

/// A line on stderr, written at once (stderr is unbuffered, but `print` goes to stdout).
func printError(_ message: String) {
    let line = message + "\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
}
