import ResticFormats
import ResticLintMatching

/// The `correlate:` section: triggers, references to other patterns and field conditions.
extension RuleParser {
    static let correlateKeys: Set<String> = [
        "trigger", "group_by", "where", "absent_before", "absent_after", "requires", "related", "count", "versions", "within",
    ]

    static func correlate(_ r: YAMLReader, patterns: Set<String>) throws -> CorrelationDefinition {
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

    static func reference(_ r: YAMLReader, patterns: Set<String>) throws -> EventReference {
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

    static func conditions(_ r: YAMLReader) throws -> [FieldCondition] {
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

    static func compile(_ r: YAMLReader, source: PatternSource) throws -> PCRE2Regex {
        do { return try PCRE2Regex(try r.string(), source: source) } catch let error as RegexError {
            throw r.error(error.message)
        }
    }

    /// A number, or a Go-style duration (`30m`, `1h30m`) in seconds.
    static func quantity(_ r: YAMLReader) throws -> Double {
        let text = try r.string()
        if let number = Double(text) { return number }
        return try duration(r)
    }

    static func duration(_ r: YAMLReader) throws -> Double {
        let text = try r.string()
        guard let seconds = GoDuration.seconds(text) else { throw r.error("expected a duration like 30m or 1h, not '\(text)'") }
        return seconds
    }
}
