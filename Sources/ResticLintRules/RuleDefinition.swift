import ResticFormats
import ResticLintMatching
public enum Severity: String, Sendable, Comparable, CaseIterable, Codable {
    case info, warning, error

    private var rank: Int { Severity.allCases.firstIndex(of: self)! }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// A rule as written in a `rules/*.yml` file, validated but not yet compiled.
public struct RuleDefinition: Sendable {
    public var id: String
    public var title: String
    public var severity: Severity
    /// Lower runs first; a line that is evidence of an earlier rule's finding never triggers a later rule.
    public var precedence: Int
    public var summary: String
    public var rationale: String
    public var references: [String]
    public var tags: [String]
    public var affected: VersionRange?
    public var patterns: [PatternDefinition]
    /// One or more alternative correlations, evaluated in order; an event one of them explains
    /// triggers no later one. Alternatives let one rule decide by what each restic version prints.
    public var correlations: [CorrelationDefinition]
    /// `confirmed` for rules whose single message proves the diagnosis; otherwise derived from correlation.
    public var confidence: Confidence?
    public var message: String
    public var remediation: [RemediationStep]
    public var examples: RuleExamples
    /// How findings map onto a lock scenario for the reference model; nil for rules the lock model
    /// does not cover.
    public var replay: ReplayKind?
    public var source: PatternSource
}

public struct PatternDefinition: Sendable {
    public var name: String
    public var regex: String
    public var caseInsensitive: Bool
    /// Restic versions that can print this message; intersected per run to infer the version.
    public var implies: VersionRange?
    /// Literals one of which every match contains; feeds the prefilter. Derived from the regex when absent.
    public var literals: [String]?
    /// An exit line that any finding in its run already explains.
    public var explainedByAnyFinding: Bool
    /// Regexes that must not occur in the text `regex` matched (`PatternMatcher`).
    public var unless: [UnlessRegex] = []
    public var source: PatternSource
}

/// One entry of a pattern's `unless:` list, and where it is written.
public struct UnlessRegex: Sendable {
    public var regex: String
    public var source: PatternSource
}

public struct CorrelationDefinition: Sendable {
    public var trigger: [String]
    /// Fields whose values make one finding; default is the trigger's message text, so repeated lines merge.
    public var groupBy: [String]?
    public var conditions: [FieldCondition]
    public var absentBefore: [EventReference]
    public var absentAfter: [EventReference]
    public var requires: [EventReference]
    public var related: [EventReference]
    public var minimumCount: Int
    /// Fire only where the run's restic version may be in `affected`.
    public var onlyAffectedVersions: Bool
    /// Fire only where the run's restic version may be in this range (`versions: '<0.15.0'`).
    public var versions: VersionRange?
    /// Seconds; bounds related/absent/required events around the trigger when lines carry timestamps.
    public var within: Double?
}

public struct EventReference: Sendable {
    public var pattern: String
    public var same: [String]
    public var differ: [String]
    public var conditions: [FieldCondition]
}

public struct FieldCondition: Sendable {
    /// `package`: a compiled regex is a pipeline internal.
    package enum Test: Sendable {
        case equals(String), notEquals(String)
        case matches(PCRE2Regex), notMatches(PCRE2Regex)
        case atLeast(Double), above(Double), below(Double), atMost(Double)
        case present(Bool)
    }
    public var field: String
    package var test: Test
}

public enum Confidence: String, Sendable, Codable {
    case confirmed, likely
}

public struct RemediationStep: Sendable {
    public var text: String
    /// Shown only for runs whose restic version may fall in this range.
    public var versions: VersionRange?
}

public struct RuleExamples: Sendable {
    public var triggering: [RuleExample]
    public var nonTriggering: [RuleExample]
}

public struct RuleExample: Sendable {
    public var log: String
    /// Where the example is in its rule file.
    public var line: Int
    /// Where and what the finding of a triggering example is; nil when the example only says "fires".
    public var expected: ExpectedFinding? = nil
}

/// The finding a triggering example must give: its trigger line in the example's log, its lock and
/// related locks (none when not given).
public struct ExpectedFinding: Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var lock: String?
    public var relatedLocks: [String]

    package init(line: Int, lock: String?, relatedLocks: [String]) {
        self.line = line
        self.lock = lock
        self.relatedLocks = relatedLocks
    }

    public var description: String {
        "line \(line), lock \(lock ?? "none"), related locks \(relatedLocks.isEmpty ? "none" : relatedLocks.joined(separator: ", "))"
    }
}
