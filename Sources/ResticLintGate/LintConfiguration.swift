import Foundation
import Yams
import ResticFormats
import ResticLintModel
import ResticLintRules

/// `.resticlint.yml`: rules turned off or re-levelled, and suppressions that carry a reason and
/// may expire (`until`), as osv-scanner's ignores do.
public struct LintConfiguration: Sendable {
    public enum RuleSetting: Sendable, Equatable {
        case off
        case severity(Severity)
    }

    public struct Suppression: Sendable {
        public var rule: String
        public var input: String?
        public var lock: String?
        public var reason: String
        /// The first day the suppression no longer applies (YYYY-MM-DD, compared with today's date).
        public var until: String?
    }

    public var rules: [String: RuleSetting] = [:]
    public var suppressions: [Suppression] = []

    public init() {}

    public static func parse(_ text: String, file: String) throws -> LintConfiguration {
        var configuration = LintConfiguration()
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch {
            throw RuleFileError(file: file, line: 0, column: 0, message: "invalid YAML: \(error)")
        }
        guard let node else { return configuration }
        let root = YAMLReader(file: file, node: node, path: "")
        for (key, value) in try root.mapping(allowed: ["rules", "suppressions"]) {
            if key == "rules" {
                for (id, setting, _) in try value.namedEntries() {
                    let text = try setting.string()
                    if text == "off" || text == "false" { configuration.rules[id] = .off }
                    else if let severity = Severity(rawValue: text) { configuration.rules[id] = .severity(severity) }
                    else { throw setting.error("expected off, info, warning or error") }
                }
            } else {
                configuration.suppressions = try value.sequence().map { item in
                    var fields: [String: YAMLReader] = [:]
                    for (k, v) in try item.mapping(allowed: ["rule", "input", "lock", "reason", "until"]) { fields[k] = v }
                    guard let rule = fields["rule"] else { throw item.error("a suppression needs 'rule'") }
                    guard let reason = fields["reason"] else { throw item.error("a suppression needs a 'reason'") }
                    let until = try fields["until"]?.string()
                    if let until, WallClock.parseISO("\(until) 00:00:00"[...]) == nil {
                        throw fields["until"]!.error("until must be a date like 2027-01-31")
                    }
                    return Suppression(rule: try rule.string(), input: try fields["input"]?.string(),
                                       lock: try fields["lock"]?.string(), reason: try reason.string(), until: until)
                }
            }
        }
        return configuration
    }

    /// The catalogue with rules turned off removed and re-levelled rules changed.
    public func apply(to catalog: RuleCatalog) -> RuleCatalog {
        RuleCatalog(rules: catalog.rules.compactMap { rule in
            switch rules[rule.id] {
            case .off?: return nil
            case .severity(let severity)?:
                var definition = rule.definition
                definition.severity = severity
                return Rule(definition: definition, patterns: rule.patterns)
            case nil: return rule
            }
        })
    }

    /// The suppression that silences `finding` today, if any.
    public func suppression(for finding: Finding, today: String) -> Suppression? {
        suppressions.first { s in
            s.rule == finding.rule
                && (s.until.map { today < $0 } ?? true)
                && (s.input.map { Glob.matches($0, finding.input) } ?? true)
                && (s.lock.map { $0 == finding.lock || finding.relatedLocks.contains($0) } ?? true)
        }
    }

    /// Suppressions whose `until` has passed: reported so they get renewed or removed.
    public func expired(today: String) -> [Suppression] {
        suppressions.filter { $0.until.map { today >= $0 } ?? false }
    }
}

/// Shell-style `*` and `?` matching for input names in suppressions.
enum Glob {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern), t = Array(text)
        var pi = 0, ti = 0, star = -1, mark = 0
        while ti < t.count {
            if pi < p.count && (p[pi] == "?" || p[pi] == t[ti]) { pi += 1; ti += 1 }
            else if pi < p.count && p[pi] == "*" { star = pi; mark = ti; pi += 1 }
            else if star >= 0 { pi = star + 1; mark += 1; ti = mark }
            else { return false }
        }
        while pi < p.count && p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
