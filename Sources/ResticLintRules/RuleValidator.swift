import ResticLintMatching

/// Checks that go beyond the schema: every field a rule names must be one its patterns capture or
/// the engine derives, so a typo fails at load time, not silently at match time.
enum RuleValidator {
    static func validate(_ rule: Rule) throws {
        let definition = rule.definition
        func fail(_ message: String) -> RuleFileError {
            RuleFileError(file: definition.source.file, line: definition.source.line, column: definition.source.column,
                          message: "rule '\(definition.id)': \(message)")
        }
        func fields(of patternNames: [String]) -> Set<String> {
            var names = Set(patternNames.flatMap { rule.pattern(named: $0)?.captureNames ?? [] })
            names.formUnion(DerivedFields.derivedNames(from: names))
            return names
        }
        // The summary stands in for a message whose placeholders have no value, so it has none.
        if let placeholder = MessageTemplate.placeholders(in: definition.summary).first {
            throw fail("the summary must not use placeholders ('{\(placeholder)}'): it is the message when a placeholder has no value")
        }
        let templates = ([definition.message] + definition.remediation.map(\.text)).map(MessageTemplate.placeholders(in:))
        for correlate in definition.correlations {
            let triggerFields = fields(of: correlate.trigger)
            for field in (correlate.groupBy ?? []) + correlate.conditions.map(\.field) where !triggerFields.contains(field) {
                throw fail("field '\(field)' is not captured by the trigger pattern(s) \(correlate.trigger.joined(separator: ", "))")
            }
            for reference in correlate.absentBefore + correlate.absentAfter + correlate.requires + correlate.related {
                let referenced = fields(of: [reference.pattern])
                for field in reference.same + reference.differ where !triggerFields.contains(field) || !referenced.contains(field) {
                    throw fail("field '\(field)' must be captured by both the trigger and pattern '\(reference.pattern)'")
                }
                for condition in reference.conditions where !referenced.contains(condition.field) {
                    throw fail("field '\(condition.field)' is not captured by pattern '\(reference.pattern)'")
                }
            }
            let known = triggerFields.union(MessageTemplate.builtinFields)
            for placeholders in templates {
                for placeholder in placeholders where !known.contains(placeholder) {
                    throw fail("template placeholder '{\(placeholder)}' is neither captured nor built in (built in: \(MessageTemplate.builtinFields.sorted().joined(separator: ", ")))")
                }
            }
        }
        for pattern in rule.patterns where pattern.literals == nil {
            throw fail("pattern '\(pattern.name)' has no literal text every match must contain; add `literals:` so lines can be prefiltered")
        }
        // Fields come from the pattern's regex alone: a name captured in an exclusion would never be set.
        for pattern in rule.patterns {
            for (k, exclusion) in pattern.matcher.unless.enumerated() {
                if let name = exclusion.captureNames.first?.name {
                    throw fail("pattern '\(pattern.name)', unless entry \(k + 1) captures '\(name)'; exclusions give no fields, use (?:...)")
                }
                if try exclusion.matches("", using: MatchData()) {
                    throw fail("pattern '\(pattern.name)', unless entry \(k + 1) matches the empty text, so it excludes every match")
                }
            }
        }
    }
}
