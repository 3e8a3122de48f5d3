import Foundation
import ResticFormats
import ResticLintModel
import ResticLintRules

/// JSON Lines for log shippers and `jq`: one object per finding as its run closes, then one summary
/// object. Every object has `type` (`finding` or `summary`), `host` and `tool`; a finding has the
/// fields of the JSON report's findings plus its run's `resticVersion`.
public final class JSONLinesReporter: ReportSink {
    public static let identifier = "jsonl"
    private var host: JSONValue = .null
    private var tool: JSONValue = .null

    public init() {}

    public func begin(_ context: ReportContext) -> String {
        host = .optional(context.hostName)
        tool = JSONReporter.tool(rulesVersion: context.catalog.version)
        return ""
    }

    public func closed(_ run: ClosedRun) -> String {
        run.findings.map { finding in
            guard case .object(let fields) = JSONReporter.finding(finding) else { return "" }
            let record: JSONValue = .object(header("finding") + fields
                + [("resticVersion", JSONReporter.version(run.run.version))])
            return record.serialized(pretty: false) + "\n"
        }.joined()
    }

    public func end(_ summary: AnalysisSummary) -> String {
        let bySeverity = Severity.allCases.reversed().map { ($0.rawValue, JSONValue.int(summary.tally.count($0))) }
        let record: JSONValue = .object(header("summary") + [
            ("stats", JSONReporter.stats(summary.stats)),
            ("severities", .object(bySeverity)),
            ("inputs", .array(summary.inputs.map(JSONReporter.input))),
            ("problems", .int(summary.problems.count)),
            ("suppressed", .int(summary.suppressed.count)),
        ])
        return record.serialized(pretty: false) + "\n"
    }

    private func header(_ type: String) -> [(String, JSONValue)] {
        [("type", .string(type)), ("host", host), ("tool", tool)]
    }
}
