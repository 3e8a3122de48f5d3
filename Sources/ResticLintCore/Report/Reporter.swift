/// What every report format receives besides the report itself.
public struct ReportContext: Sendable {
    public var catalog: RuleCatalog
    public var useColor: Bool
    public init(catalog: RuleCatalog, useColor: Bool = false) {
        self.catalog = catalog
        self.useColor = useColor
    }
}

/// One output format. Formats are picked by `identifier` (`--format NAME[:PATH]`).
public protocol Reporter: Sendable {
    static var identifier: String { get }
    func render(_ report: AnalysisReport, context: ReportContext) -> String
}

public enum Reporters {
    public static let all: [any Reporter.Type] = [TextReporter.self, JSONReporter.self]

    public static func named(_ identifier: String) -> (any Reporter)? {
        switch identifier {
        case TextReporter.identifier: return TextReporter()
        case JSONReporter.identifier: return JSONReporter()
        default: return nil
        }
    }

    public static var identifiers: [String] { all.map { $0.identifier } }
}
