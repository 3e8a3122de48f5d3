import ResticFormats
import ResticLintMatching

/// The `patterns:` entries of a rule, and the version ranges and `affected` events of rule files.
extension RuleParser {
    static func pattern(name: String, _ r: YAMLReader) throws -> PatternDefinition {
        let source = PatternSource(file: r.file, line: r.line, column: r.column)
        if case .scalar = r.node {
            return PatternDefinition(name: name, regex: try r.string(), caseInsensitive: false, implies: nil,
                                     literals: nil, explainedByAnyFinding: false, source: source)
        }
        var fields: [String: YAMLReader] = [:]
        for (key, value) in try r.mapping(allowed: ["regex", "case_insensitive", "implies", "literals", "explained_by_any_finding", "unless"]) {
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
            unless: try fields["unless"].map(unless) ?? [],
            source: PatternSource(file: regex.file, line: regex.line, column: regex.column))
    }

    /// A list of regexes, or one standing for a one-item list.
    static func unless(_ r: YAMLReader) throws -> [UnlessRegex] {
        let entries = try r.list().map { entry in
            UnlessRegex(regex: try entry.string(), source: PatternSource(file: entry.file, line: entry.line, column: entry.column))
        }
        guard !entries.isEmpty else { throw r.error("unless needs at least one regex") }
        return entries
    }

    static func versionRange(_ r: YAMLReader) throws -> VersionRange {
        do { return try VersionRange(constraint: try r.string()) } catch { throw r.error("\(error)") }
    }

    static func affected(_ r: YAMLReader) throws -> VersionRange {
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
}
