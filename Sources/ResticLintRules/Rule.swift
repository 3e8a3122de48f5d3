import ResticFormats
import ResticLintMatching
/// A rule ready to run: its definition with every pattern compiled.
public struct Rule: Sendable {
    public let definition: RuleDefinition
    package let patterns: [CompiledPattern]

    public var id: String { definition.id }

    package init(definition: RuleDefinition, patterns: [CompiledPattern]) {
        self.definition = definition
        self.patterns = patterns
    }

    package func pattern(named name: String) -> CompiledPattern? { patterns.first { $0.name == name } }
}

/// A class so the per-message loop shares it instead of copying its fields.
package final class CompiledPattern: Sendable {
    package let name: String
    /// The regex with its `unless:` exclusions: match only through it.
    package let matcher: PatternMatcher
    package let literals: [String]?
    /// Further clauses of literals every match needs besides `literals` (`LiteralClauses`), lowercased
    /// when the pattern is caseless; only clauses whose literals are at least three bytes long.
    package let alsoRequired: [[String]]
    package let caseInsensitive: Bool
    package let implies: VersionRange?
    package let explainedByAnyFinding: Bool
    package let captureNames: [String]

    init(_ definition: PatternDefinition) throws {
        name = definition.name
        func compile(_ regex: String, at source: PatternSource, as what: String) throws -> PCRE2Regex {
            do {
                return try PCRE2Regex(regex, caseInsensitive: definition.caseInsensitive, source: source)
            } catch let error as RegexError {
                throw RuleFileError(file: source.file, line: source.line, column: source.column,
                                    message: "pattern '\(definition.name)'\(what): \(error.message)")
            }
        }
        let regex = try compile(definition.regex, at: definition.source, as: "")
        matcher = PatternMatcher(regex: regex, unless: try definition.unless.enumerated().map { k, entry in
            try compile(entry.regex, at: entry.source, as: ", unless entry \(k + 1)")
        })
        let chosen = definition.literals ?? RequiredLiterals.extract(from: definition.regex)
        literals = definition.caseInsensitive ? chosen?.map { $0.lowercased() } : chosen
        alsoRequired = (LiteralClauses.extract(from: definition.regex) ?? [])
            .filter { clause in clause.allSatisfy { $0.utf8.count >= 3 } }
            .map { clause in definition.caseInsensitive ? clause.map { $0.lowercased() } : clause }
        caseInsensitive = definition.caseInsensitive
        implies = definition.implies
        explainedByAnyFinding = definition.explainedByAnyFinding
        captureNames = regex.captureNames.map(\.name)
    }
}
