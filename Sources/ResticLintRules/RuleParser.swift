import Yams
import ResticFormats
import ResticLintMatching

/// Turns one rule file's text into validated `RuleDefinition`s. A file holds one rule, or several
/// separated by `---`.
enum RuleParser {
    static func parse(_ text: String, file: String) throws -> [RuleDefinition] {
        let documents: [Node]
        do {
            // The sequence swallows a parse error and just ends; it must be read back, or a broken file loads as empty.
            // No tag resolution (`.basic`): YAMLReader reads every scalar as text and checks its type itself,
            // and the default resolver ran regular expressions on every scalar, a sixth of start-up.
            // UTF-8 named, not Yams' default: working that out copies the whole environment on every call
            // (6 M instructions at start-up), and the answer is UTF-8 for every native String.
            var sequence = try Yams.compose_all(yaml: text, .basic, .default, .utf8)
            var nodes: [Node] = []
            while let node = sequence.next() { nodes.append(node) }
            if let error = sequence.error { throw error }
            documents = nodes
        } catch let error as YamlError {
            throw yamlError(error, file: file)
        }
        return try documents.map { try rule(YAMLReader(file: file, node: $0, path: "")) }
    }

    private static func yamlError(_ error: YamlError, file: String) -> RuleFileError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return RuleFileError(file: file, line: mark.line, column: mark.column, message: "invalid YAML: \(problem)")
        default:
            return RuleFileError(file: file, line: 0, column: 0, message: "invalid YAML: \(error)")
        }
    }

    private static let ruleKeys: Set<String> = [
        "id", "title", "severity", "precedence", "summary", "rationale", "references", "tags", "affected",
        "patterns", "correlate", "confidence", "message", "remediation", "examples", "replay",
    ]

    private static func rule(_ r: YAMLReader) throws -> RuleDefinition {
        var fields: [String: YAMLReader] = [:]
        for (key, value) in try r.mapping(allowed: ruleKeys) { fields[key] = value }
        func required(_ key: String) throws -> YAMLReader {
            guard let value = fields[key] else { throw r.error("missing required field '\(key)'") }
            return value
        }
        let id = try required("id").string()
        guard let first = id.first, first.isASCII, first.isLowercase,
              id.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) else {
            throw try required("id").error("rule id '\(id)' must be lowercase words joined by '-'")
        }
        let severityText = try required("severity").string()
        guard let severity = Severity(rawValue: severityText) else {
            throw try required("severity").error("severity must be info, warning or error, not '\(severityText)'")
        }
        let patterns = try required("patterns").namedEntries().map { try pattern(name: $0.key, $0.value) }
        let patternNames = Set(patterns.map(\.name))
        let correlateNode = try required("correlate")
        let correlations: [CorrelationDefinition]
        if case .sequence = correlateNode.node {
            correlations = try correlateNode.sequence().map { try correlate($0, patterns: patternNames) }
            guard !correlations.isEmpty else { throw correlateNode.error("correlate needs at least one alternative") }
        } else {
            correlations = [try correlate(correlateNode, patterns: patternNames)]
        }
        var confidence: Confidence?
        if let c = fields["confidence"] {
            guard let value = Confidence(rawValue: try c.string()) else { throw c.error("confidence must be confirmed or likely") }
            confidence = value
        }
        return RuleDefinition(
            id: id,
            title: try required("title").string(),
            severity: severity,
            precedence: try fields["precedence"]?.int() ?? 50,
            summary: try required("summary").string(),
            rationale: try fields["rationale"]?.string() ?? "",
            references: try fields["references"]?.strings() ?? [],
            tags: try fields["tags"]?.strings() ?? [],
            affected: try fields["affected"].map(affected),
            patterns: patterns,
            correlations: correlations,
            confidence: confidence,
            message: try required("message").string(),
            remediation: try fields["remediation"]?.list().map(remediationStep) ?? [],
            examples: try examples(try required("examples")),
            replay: try fields["replay"].map { node in
                guard let kind = ReplayKind(rawValue: try node.string()) else {
                    throw node.error("replay must be one of \(ReplayKind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return kind
            },
            source: PatternSource(file: r.file, line: r.line, column: r.column))
    }
}
