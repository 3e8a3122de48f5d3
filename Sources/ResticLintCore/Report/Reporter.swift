import Foundation

/// What every report format receives besides the report itself.
public struct ReportContext: Sendable {
    public var catalog: RuleCatalog
    public var useColor: Bool
    /// The process environment; the `github` format appends its job summary to `$GITHUB_STEP_SUMMARY`.
    public var environment: [String: String]
    /// Paths under this directory are reported relative to it (CI formats), and SARIF records it as the
    /// working directory.
    public var currentDirectory: String

    public init(catalog: RuleCatalog, useColor: Bool = false, environment: [String: String] = [:],
                currentDirectory: String? = nil) {
        self.catalog = catalog
        self.useColor = useColor
        self.environment = environment
        self.currentDirectory = currentDirectory ?? FileManager.default.currentDirectoryPath
    }

    /// An input's name as CI formats show it: relative to `currentDirectory` when under it, else as given.
    public func path(of input: String) -> String { ReportPaths.relative(input, to: currentDirectory) }
}

/// One output format. Formats are picked by `identifier` (`--format NAME[:PATH]`).
public protocol Reporter: Sendable {
    static var identifier: String { get }
    func render(_ report: AnalysisReport, context: ReportContext) -> String
}

public enum Reporters {
    public static let all: [any Reporter.Type] = [
        TextReporter.self, JSONReporter.self, MarkdownReporter.self,
        SARIFReporter.self, GitHubReporter.self, GitLabReporter.self, JUnitReporter.self, HTMLReporter.self,
        PrometheusReporter.self,
    ]

    public static func named(_ identifier: String) -> (any Reporter)? {
        switch identifier {
        case TextReporter.identifier: return TextReporter()
        case JSONReporter.identifier: return JSONReporter()
        case MarkdownReporter.identifier: return MarkdownReporter()
        case SARIFReporter.identifier: return SARIFReporter()
        case GitHubReporter.identifier: return GitHubReporter()
        case GitLabReporter.identifier: return GitLabReporter()
        case JUnitReporter.identifier: return JUnitReporter()
        case PrometheusReporter.identifier: return PrometheusReporter()
        case HTMLReporter.identifier: return HTMLReporter()
        default: return nil
        }
    }

    public static var identifiers: [String] { all.map { $0.identifier } }
}
