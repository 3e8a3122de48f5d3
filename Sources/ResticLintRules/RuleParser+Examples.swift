/// The remediation steps and examples of a rule.
extension RuleParser {
    static func remediationStep(_ r: YAMLReader) throws -> RemediationStep {
        if case .scalar = r.node { return RemediationStep(text: try r.string(), versions: nil) }
        var fields: [String: YAMLReader] = [:]
        for (key, value) in try r.mapping(allowed: ["text", "versions"]) { fields[key] = value }
        guard let text = fields["text"] else { throw r.error("missing required field 'text'") }
        return RemediationStep(text: try text.string(), versions: try fields["versions"].map(versionRange))
    }

    static func examples(_ r: YAMLReader) throws -> RuleExamples {
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
    static func example(_ r: YAMLReader, expectations allowed: Bool) throws -> RuleExample {
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
