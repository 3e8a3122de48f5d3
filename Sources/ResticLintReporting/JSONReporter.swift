import ResticFormats
import ResticLintModel

/// The machine-readable report; its shape is a contract pinned by tests (README, "JSON report").
/// Findings are written as their runs close; runs, inputs, totals and advice follow at the end.
public final class JSONReporter: ReportSink {
    public static let identifier = "json"
    private var written = 0

    public init() {}

    public func begin(_ context: ReportContext) -> String {
        written = 0
        return "{\n  \"tool\": \(JSONReporter.tool(rulesVersion: context.catalog.version).serialized(level: 1)),\n  \"findings\": ["
    }

    public func closed(_ run: ClosedRun) -> String {
        let out = PrettyJSONObject.Bytes()
        for finding in run.findings {
            written += 1
            if written > 1 { out.bytes.append(UInt8(ascii: ",")) }
            out.newline(indent: 2)
            var object = PrettyJSONObject(level: 2, in: out)
            JSONReporter.write(finding, to: &object)
            object.close()
        }
        return out.text
    }

    public func end(_ summary: AnalysisSummary) -> String {
        let tail: [(String, JSONValue)] = [
            ("runs", .array(summary.runs.map(JSONReporter.run))),
            ("inputs", .array(summary.inputs.map(JSONReporter.input))),
            ("stats", JSONReporter.stats(summary.stats)),
            ("recommendations", JSONReporter.recommendations(summary.advice)),
            ("problems", .array(summary.problems.map(JSONReporter.problem))),
        ]
        return (written > 0 ? "\n  ]" : "]") + tail.map { key, value in
            ",\n  " + JSONValue.string(key).serialized() + ": " + value.serialized(level: 1)
        }.joined() + "\n}\n"
    }

    /// Built on use: a global `JSONValue` keeps its payload boxes behind spare pointer bits, which
    /// LeakSanitizer reports as leaked at exit.
    static func tool(rulesVersion: String) -> JSONValue {
        .object([("name", .string("resticlint")), ("version", .string(ToolVersion.current)), ("rulesVersion", .string(rulesVersion))])
    }

    static func stats(_ stats: Stats) -> JSONValue {
        .object([
            ("lines", .int(stats.lines)), ("classified", .int(stats.classified)),
            ("unclassified", .int(stats.unclassified)), ("runs", .int(stats.runs)), ("findings", .int(stats.findings)),
        ])
    }

    static func problem(_ problem: EngineProblem) -> JSONValue {
        .object([("rule", .string(problem.rule)), ("pattern", .string(problem.pattern)),
                 ("line", .int(problem.line)), ("message", .string(problem.message))])
    }

    /// osv-scanner's computation per restic version seen: each problem's lowest fixing release, and
    /// the one release that fixes them all.
    static func recommendations(_ advice: UpgradeAdvisor.Advice) -> JSONValue {
        .object([
            ("versions", .array(advice.groups.map { group in
                .object([
                    ("version", .optional(group.version)), ("evidence", .string(group.evidence.label)),
                    ("input", .string(group.input)), ("runs", .array(group.runs.map(JSONValue.int))),
                    ("problems", .array(group.problems.map { problem in
                        .object([("rule", .string(problem.rule)), ("title", .string(problem.title)),
                                 ("findings", .int(problem.findings)), ("fixedIn", .optional(problem.fixedIn?.description)),
                                 ("moreInfo", .optional(problem.moreInfo))])
                    })),
                    ("upgradeTo", .optional(group.fixesAll?.description)),
                ])
            })),
            ("advice", .strings(advice.operational)),
            ("missingVersionEvidence", .optional(advice.missingVersionEvidence)),
        ])
    }

    static func input(_ input: InputSummary) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("name", .string(input.name)), ("lines", .int(input.lines)), ("bytes", .int(input.bytes))]
        if input.truncatedLines > 0 { pairs.append(("truncatedLines", .int(input.truncatedLines))) }
        if input.cutMessages > 0 { pairs.append(("cutMessages", .int(input.cutMessages))) }
        if let error = input.error { pairs.append(("error", .string(error))) }
        return .object(pairs)
    }

    static func run(_ run: RunSummary) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("id", .int(run.id)), ("input", .string(run.input)), ("startLine", .int(run.startLine)), ("endLine", .int(run.endLine)),
            ("command", .optional(run.command)), ("resticVersion", version(run.version)),
        ]
        // Only a run beyond the memory bounds has these: its evidence or counts are partial.
        if run.compactedEvents > 0 { pairs.append(("compactedEvents", .int(run.compactedEvents))) }
        if run.droppedEvents > 0 { pairs.append(("droppedEvents", .int(run.droppedEvents))) }
        return .object(pairs)
    }

    static func version(_ evidence: VersionEvidence) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("value", .optional(evidence.value)), ("evidence", .string(evidence.label))]
        switch evidence {
        case .banner(_, let line), .path(_, let line), .wrapper(_, let line): pairs.append(("line", .int(line)))
        case .inferred(let range, let line):
            pairs.append(("range", .string(range.description)))
            pairs.append(("line", .int(line)))
        case .flag, .unknown: break
        }
        return .object(pairs)
    }

    static func finding(_ f: Finding) -> JSONValue {
        var tree = JSONTree()
        write(f, to: &tree)
        return .object(tree.pairs)
    }

    /// A finding's members, in the contract's order.
    static func write<Members: JSONMembers>(_ f: Finding, to m: inout Members) {
        m.string("rule", f.rule)
        m.string("severity", f.severity.rawValue)
        m.string("confidence", f.confidence.rawValue)
        m.string("title", f.title)
        m.string("message", f.message)
        m.string("input", f.input)
        m.int("line", f.line)
        m.int("lastLine", f.lastLine)
        m.int("occurrences", f.occurrences)
        m.ints("lines", f.lines)
        m.int("run", f.run)
        m.optional("lock", f.lock)
        m.strings("relatedLocks", f.relatedLocks)
        m.optional("affected", f.affected)
        m.optional("fixedIn", f.fixedIn)
        m.strings("remediation", f.remediation)
        m.strings("references", f.references)
        m.objects("evidence", f.evidence) { line, evidence in
            line.int("line", evidence.line)
            line.string("text", evidence.text)
        }
        m.object("details") { details in
            for (key, value) in f.fields.sorted(by: { $0.key < $1.key }) { details.string(key, value) }
        }
        if let replay = f.reference { m.value("reference", reference(replay)) }
    }

    static func reference(_ r: ReferenceReplay) -> JSONValue {
        .object([
            ("scenario", .object(r.scenario.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("observed", .object([("model", .string(r.observedModel)), ("outcome", .string(r.observedOutcome))])),
            ("fixed", .object([("model", .string(r.fixedModel)), ("outcome", .string(r.fixedOutcome)), ("steps", .strings(r.fixedSteps))])),
        ])
    }
}
