import ArgumentParser
import Foundation
import ResticLintCore
#if canImport(Glibc)
import Glibc
#endif

/// `--format NAME[:PATH]`, repeatable: one pass writes several reports.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Report format and optional file: NAME[:PATH] (repeatable).",
                                            valueName: "format"))
    var format: [String] = []

    @Flag(name: .long, help: "Never colour the text report (NO_COLOR is honoured too).")
    var noColor = false

    @Flag(name: .long, help: "Show info findings in full in the text report, not one line each.")
    var verbose = false

    struct Target {
        var format: ReportFormat
        var path: String?
    }

    func validate() throws { _ = try targets() }

    func targets() throws -> [Target] {
        let requested = format.isEmpty ? ["text"] : format
        return try requested.map { spec in
            let parts = spec.split(separator: ":", maxSplits: 1).map(String.init)
            guard let name = parts.first, let format = Reporters.formats.first(where: { $0.identifier == name }) else {
                throw ValidationError("unknown format '\(spec)'; formats: \(Reporters.identifiers.joined(separator: ", "))")
            }
            let path = parts.count > 1 && parts[1] != "-" ? parts[1] : nil
            return Target(format: format, path: path)
        }
    }

    /// Whether some requested report draws lock timelines, so the analysis must build them.
    var drawsLockTimelines: Bool { (try? targets())?.contains { $0.format.drawsLockTimelines } ?? true }

    /// Opens every report's destination and starts the reports. `live`: findings are shown as runs close.
    func open(catalog: RuleCatalog, live: Bool) throws -> ReportWriter {
        try ReportWriter(targets: targets(), catalog: catalog, live: live, verbose: verbose, noColor: noColor)
    }
}
