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

    private static func pattern(name: String, _ r: YAMLReader) throws -> PatternDefinition {
        let source = PatternSource(file: r.file, line: r.line, column: r.column)
        if case .scalar = r.node {
            return PatternDefinition(name: name, regex: try r.string(), caseInsensitive: false, implies: nil,
                                     literals: nil, explainedByAnyFinding: false, source: source)
        }
        var fields: [String: YAMLReader] = [:]
        for (key, value) in try r.mapping(allowed: ["regex", "case_insensitive", "implies", "literals", "explained_by_any_finding"]) {
            fields[key] = value
        }
        guard let regex = fields["regex"] else { throw r.error("missing required field 'regex'") }
        return PatternDefinition(
            name: name,
            regex: try regex.string(),
            caseInsensitive: try fields["case_insensitive"]?.bool() ?? false,
            implies: try fields["implies"].map(versionRange),
            literals: try fields["literals"]?.strings(),
            explainedByAnyFinding: try fields["explained_by_any_finding"]?.bool() ?? false,
            source: PatternSource(file: regex.file, line: regex.line, column: regex.column))
    }

    private static func versionRange(_ r: YAMLReader) throws -> VersionRange {
        do { return try VersionRange(constraint: try r.string()) } catch { throw r.error("\(error)") }
    }

    private static func affected(_ r: YAMLReader) throws -> VersionRange {
        let events = try r.sequence().map { event -> AffectedEvent in
            let entries = try event.mapping(allowed: ["introduced", "fixed"])
            guard entries.count == 1, let (key, value) = entries.first else {
                throw event.error("an affected event has exactly one key: introduced or fixed")
            }
            let text = try value.string()
            guard let version = text == "0" ? ResticVersion(0, 0, 0) : ResticVersion(text) else {
                throw value.error("not a restic version: '\(text)'")
            }
            return key == "introduced" ? .introduced(version) : .fixed(version)
        }
        guard case .introduced = events.first else { throw r.error("affected must start with an 'introduced' event") }
        return VersionRange(osvEvents: events)
    }

    private static let correlateKeys: Set<String> = [
        "trigger", "group_by", "where", "absent_before", "absent_after", "requires", "related", "count", "versions", "within",
    ]

    private static func correlate(_ r: YAMLReader, patterns: Set<String>) throws -> CorrelationDefinition {
        var fields: [String: YAMLReader] = [:]
        for (key, value) in try r.mapping(allowed: correlateKeys) { fields[key] = value }
        guard let triggerNode = fields["trigger"] else { throw r.error("missing required field 'trigger'") }
        let trigger = try triggerNode.strings()
        for name in trigger where !patterns.contains(name) {
            throw triggerNode.error("trigger '\(name)' is not one of this rule's patterns")
        }
        var minimumCount = 1
        if let count = fields["count"] {
            let entries = try count.mapping(allowed: ["gte"])
            minimumCount = try entries.first?.value.int() ?? 1
        }
        var onlyAffected = false
        var versionRange: VersionRange?
        if let versions = fields["versions"] {
            switch try versions.string() {
            case "affected": onlyAffected = true
            case "any": onlyAffected = false
            default:
                do { versionRange = try VersionRange(constraint: try versions.string()) } catch {
                    throw versions.error("versions must be 'affected', 'any' or a version range like '<0.15.0' (\(error))")
                }
            }
        }
        return CorrelationDefinition(
            trigger: trigger,
            groupBy: try fields["group_by"]?.strings(),
            conditions: try fields["where"].map(conditions) ?? [],
            absentBefore: try fields["absent_before"]?.list().map { try reference($0, patterns: patterns) } ?? [],
            absentAfter: try fields["absent_after"]?.list().map { try reference($0, patterns: patterns) } ?? [],
            requires: try fields["requires"]?.list().map { try reference($0, patterns: patterns) } ?? [],
            related: try fields["related"]?.list().map { try reference($0, patterns: patterns) } ?? [],
            minimumCount: minimumCount,
            onlyAffectedVersions: onlyAffected,
            versions: versionRange,
            within: try fields["within"].map(duration))
    }

    private static func reference(_ r: YAMLReader, patterns: Set<String>) throws -> EventReference {
        if case .scalar = r.node {
            let name = try r.string()
            guard patterns.contains(name) else { throw r.error("'\(name)' is not one of this rule's patterns") }
            return EventReference(pattern: name, same: [], differ: [], conditions: [])
        }
        var fields: [String: YAMLReader] = [:]
        for (key, value) in try r.mapping(allowed: ["pattern", "same", "differ", "where"]) { fields[key] = value }
        guard let patternNode = fields["pattern"] else { throw r.error("missing required field 'pattern'") }
        let name = try patternNode.string()
        guard patterns.contains(name) else { throw patternNode.error("'\(name)' is not one of this rule's patterns") }
        return EventReference(
            pattern: name,
            same: try fields["same"]?.strings() ?? [],
            differ: try fields["differ"]?.strings() ?? [],
            conditions: try fields["where"].map(conditions) ?? [])
    }

    private static func conditions(_ r: YAMLReader) throws -> [FieldCondition] {
        try r.namedEntries().flatMap { field, tests, _ in
            try tests.mapping(allowed: ["equals", "not_equals", "matches", "not_matches", "gte", "gt", "lt", "lte", "present"]).map { key, value in
                let source = PatternSource(file: value.file, line: value.line, column: value.column)
                let test: FieldCondition.Test
                switch key {
                case "equals": test = .equals(try value.string())
                case "not_equals": test = .notEquals(try value.string())
                case "matches": test = .matches(try compile(value, source: source))
                case "not_matches": test = .notMatches(try compile(value, source: source))
                case "gte": test = .atLeast(try quantity(value))
                case "gt": test = .above(try quantity(value))
                case "lt": test = .below(try quantity(value))
                case "lte": test = .atMost(try quantity(value))
                default: test = .present(try value.bool())
                }
                return FieldCondition(field: field, test: test)
            }
        }
    }

    private static func compile(_ r: YAMLReader, source: PatternSource) throws -> PCRE2Regex {
        do { return try PCRE2Regex(try r.string(), source: source) } catch let error as RegexError {
            throw r.error(error.message)
        }
    }

    /// A number, or a Go-style duration (`30m`, `1h30m`) in seconds.
    private static func quantity(_ r: YAMLReader) throws -> Double {
        let text = try r.string()
        if let number = Double(text) { return number }
        return try duration(r)
    }

    private static func duration(_ r: YAMLReader) throws -> Double {
        let text = try r.string()
        guard let seconds = GoDuration.seconds(text) else { throw r.error("expected a duration like 30m or 1h, not '\(text)'") }
        return seconds
    }

    private static func remediationStep(_ r: YAMLReader) throws -> RemediationStep {
        if case .scalar = r.node { return RemediationStep(text: try r.string(), versions: nil) }
        var fields: [String: YAMLReader] = [:]
        for (key, value) in try r.mapping(allowed: ["text", "versions"]) { fields[key] = value }
        guard let text = fields["text"] else { throw r.error("missing required field 'text'") }
        return RemediationStep(text: try text.string(), versions: try fields["versions"].map(versionRange))
    }

    private static func examples(_ r: YAMLReader) throws -> RuleExamples {
        var fields: [String: YAMLReader] = [:]
        for (key, value) in try r.mapping(allowed: ["triggering", "non_triggering"]) { fields[key] = value }
        func logs(_ key: String) throws -> [RuleExample] {
            try fields[key]?.sequence().map { try example($0, expectations: key == "triggering") } ?? []
        }
        let triggering = try logs("triggering")
        guard !triggering.isEmpty else { throw r.error("a rule needs at least one triggering example") }
        let nonTriggering = try logs("non_triggering")
        guard !nonTriggering.isEmpty else { throw r.error("a rule needs at least one non_triggering example") }
        return RuleExamples(triggering: triggering, nonTriggering: nonTriggering)
    }

    /// A log, or `{log, line, lock, related_locks}`: the line of the input where the finding must
    /// be reported, and the lock and related locks it must name (none when left out).
    private static func example(_ r: YAMLReader, expectations allowed: Bool) throws -> RuleExample {
        guard case .mapping = r.node else { return RuleExample(log: try r.string(), line: r.line) }
        guard allowed else { throw r.error("a non-triggering example is a log; it has no finding to describe") }
        var fields: [String: YAMLReader] = [:]
        for (key, value) in try r.mapping(allowed: ["log", "line", "lock", "related_locks"]) { fields[key] = value }
        guard let log = fields["log"], let line = fields["line"] else { throw r.error("an example with expectations needs 'log' and 'line'") }
        let expected = ExpectedFinding(line: try line.int(), lock: try fields["lock"]?.string(),
                                       relatedLocks: try fields["related_locks"]?.strings() ?? [])
        return RuleExample(log: try log.string(), line: r.line, expected: expected)
    }
}
