import ResticLintCore
import ResticFormats
import ResticLockModel

/// `simulate --format json`: the configuration and the figures per model, without the wall time, so
/// the same seed gives the same document. A seed beyond Int64 is written as a string.
enum SimulationJSON {
    static func document(_ report: SimulationReport, listLag: String) -> JSONValue {
        let config = report.config
        return .object([
            ("tool", .object([("name", .string("resticlint")), ("version", .string(Analyzer.toolVersion))])),
            ("config", .object([
                ("models", .strings(config.models.map(\.rawValue))), ("processes", .int(config.processes)),
                ("exclusiveProcesses", .int(config.exclusiveProcesses)),
                ("listLag", .string(listLag)), ("listLagSeconds", .double(config.listLag)),
                ("backend", .string(config.backend.rawValue)), ("connections", .int(config.connections)),
                ("runs", .int(config.runs)), ("seed", Int(exactly: config.seed).map(JSONValue.int) ?? .string(String(config.seed))),
            ])),
            ("models", .array(report.models.map { result in
                .object([
                    ("model", .string(result.model.rawValue)), ("runs", .int(result.runs)), ("failedRuns", .int(result.failedRuns)),
                    ("failedRunShare", .double(result.failedRunShare)), ("processes", .int(result.processes)),
                    ("failedProcesses", .int(result.failedProcesses)),
                    // Most frequent first, as the text output lists them.
                    ("failuresByKind", .object(result.failuresByKind.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
                        .map { ($0.key, .int($0.value)) })),
                    ("logFiles", .strings(result.logFiles)),
                ])
            })),
        ])
    }
}
