import ResticLintRules

/// Runs rules' own examples through the whole pipeline with the full catalogue, as a user's log
/// would be: a triggering example must yield a finding of its rule (at its stated line, with its
/// stated lock and related locks), a non-triggering one must not.
public enum RuleExampleRunner {
    public struct Result: Sendable {
        public var rule: String
        public var examples: Int
        public var failures: [String]
        public var passed: Bool { failures.isEmpty }
    }

    public static func run(_ catalog: RuleCatalog, only ids: Set<String>? = nil) -> [Result] {
        let analyzer = Analyzer(catalog: catalog)
        return catalog.rules.filter { ids?.contains($0.id) ?? true }.map { rule in
            let definition = rule.definition
            var failures: [String] = []
            for example in definition.examples.triggering {
                let findings = analyzer.analyze(text: example.log).findings
                let own = findings.filter { $0.rule == rule.id }
                let place = "\(definition.source.file):\(example.line)"
                guard !own.isEmpty else {
                    let fired = findings.map(\.rule)
                    failures.append("\(place): triggering example gave \(fired.isEmpty ? "no finding" : fired.joined(separator: ", "))")
                    continue
                }
                if let expected = example.expected {
                    let got = own.map { ExpectedFinding(line: $0.line, lock: $0.lock, relatedLocks: $0.relatedLocks) }
                    if !got.contains(expected) {
                        failures.append("\(place): expected \(rule.id) at \(expected); got \(got.map(\.description).joined(separator: "; "))")
                    }
                }
            }
            for example in definition.examples.nonTriggering
            where analyzer.analyze(text: example.log).findings.contains(where: { $0.rule == rule.id }) {
                failures.append("\(definition.source.file):\(example.line): non-triggering example fired \(rule.id)")
            }
            return Result(rule: rule.id, examples: definition.examples.triggering.count + definition.examples.nonTriggering.count,
                          failures: failures)
        }
    }
}
