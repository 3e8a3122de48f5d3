import ResticFormats
import ResticLintMatching
import ResticLintRules
import ResticLintModel
/// Evaluates every rule on one closed run. Rules run in precedence order and each event explains at
/// most one story: an event that is evidence of an earlier finding never triggers a later rule.
package struct Correlator {
    let catalog: RuleCatalog
    /// Per rule, in catalogue order.
    private let templates: [RuleTemplates]

    package init(catalog: RuleCatalog) {
        self.catalog = catalog
        templates = catalog.rules.map { RuleTemplates($0.definition) }
    }

    /// The run's findings, aggregated (`FindingAggregator`), without their wording (see `worded`).
    package func findings(in run: Run, inputName: String) -> [Finding] {
        var explained = Set<Int>()
        var findings = FindingAggregator()
        let index = EventIndex(run: run, catalog: catalog)
        for (r, rule) in catalog.rules.enumerated() {
            var versions: RunVersionFacts?
            for correlate in rule.definition.correlations where applies(correlate, of: rule, to: run) {
                let groups = self.groups(correlate, rule: rule, ruleIndex: r, run: run, index: index,
                                         explained: explained, anyFinding: !findings.isEmpty)
                for group in groups where group.triggers.count >= correlate.minimumCount {
                    let facts = versions ?? RunVersionFacts(rule: rule, run: run)
                    versions = facts
                    findings.add(FindingBuilder(rule: rule, ruleIndex: r, templates: templates[r], run: run, inputName: inputName,
                                                group: group, versions: facts))
                    explained.formUnion(group.triggers)
                    explained.formUnion(group.supporting)
                }
            }
        }
        return findings.findings
    }

    /// A finding with its message and remediation: `findings(in:)` leaves them to be rendered after
    /// aggregation, for the findings that remain.
    package func worded(_ finding: Finding) -> Finding {
        guard let rule = finding.wording?.rule else { return finding }
        return FindingBuilder.worded(finding, rule: catalog.rules[rule], templates: templates[rule])
    }

    private func applies(_ correlate: CorrelationDefinition, of rule: Rule, to run: Run) -> Bool {
        if correlate.onlyAffectedVersions, let affected = rule.definition.affected, !affected.overlaps(run.version.range) {
            return false
        }
        return correlate.versions?.overlaps(run.version.range) ?? true
    }

    /// The trigger events of one correlation that meet its conditions, grouped into would-be findings.
    /// An event triggers once: by its first hit (in hit order) that meets them.
    private func groups(_ correlate: CorrelationDefinition, rule: Rule, ruleIndex r: Int, run: Run, index: EventIndex,
                        explained: Set<Int>, anyFinding: Bool) -> [Group] {
        let triggers = Set(correlate.trigger.compactMap { name in rule.patterns.firstIndex { $0.name == name } }).sorted()
        let hits = index.entries(rule: r, patterns: triggers)
        guard !hits.isEmpty else { return [] }
        let resolve = { Reference($0, of: rule, ruleIndex: r, index: index) }
        // Per-correlation values, read once outside the per-hit loop.
        let explainedByAnyFinding = rule.patterns.map(\.explainedByAnyFinding)
        let conditions = correlate.conditions
        let absentBefore = correlate.absentBefore.map(resolve)
        let absentAfter = correlate.absentAfter.map(resolve)
        let requires = correlate.requires.map(resolve)
        let related = correlate.related.map(resolve)
        var groups: [Group] = []
        var groupIndex: [String: Int] = [:]
        let everyEvent = 0..<run.events.count
        var lastTrigger = -1
        for entry in hits where entry.event != lastTrigger && !explained.contains(entry.event) {
            let i = entry.event
            if explainedByAnyFinding[entry.pattern] && anyFinding { continue }
            guard conditions.allSatisfy({ $0.holds(in: entry.fields) }) else { continue }
            let context = Context(events: run.events, trigger: i, fields: entry.fields, window: correlate.within)
            guard !absentBefore.contains(where: { context.hasMatch($0, in: 0..<i) }),
                  !absentAfter.contains(where: { context.hasMatch($0, in: (i + 1)..<run.events.count) })
            else { continue }
            var supporting: [Int] = []
            var requiredFound = true
            for reference in requires {
                let found = context.matches(reference, in: everyEvent)
                requiredFound = !found.isEmpty
                guard requiredFound else { break }
                supporting += found
            }
            guard requiredFound else { continue }
            for reference in related { supporting += context.matches(reference, in: everyEvent) }
            let key = correlate.groupBy.map { EventIndex.valuesKey($0, in: entry.fields) } ?? run.events[i].text
            if let g = groupIndex[key] {
                groups[g].add(trigger: i, supporting: supporting)
            } else {
                groupIndex[key] = groups.count
                groups.append(Group(fields: entry.fields, triggers: [i], supporting: supporting))
            }
            lastTrigger = i
        }
        return groups
    }

    struct Group {
        var fields: HitFields
        var triggers: [Int]
        /// Related and required events; a set, since every trigger of a group finds the same ones.
        var supporting: Set<Int>

        init(fields: HitFields, triggers: [Int], supporting: [Int]) {
            self.fields = fields
            self.triggers = triggers
            self.supporting = Set(supporting)
        }

        mutating func add(trigger: Int, supporting more: [Int]) {
            triggers.append(trigger)
            supporting.formUnion(more)
        }
    }

    /// An event reference resolved once per correlation, not once per trigger: its pattern, and the
    /// pattern's hits by their `same:` values. A class: every trigger's checks pass it around.
    private final class Reference {
        let definition: EventReference
        let candidates: Candidates?

        enum Candidates {
            case all([EventIndex.Entry])
            case bySame([String: [EventIndex.Entry]])
        }

        init(_ definition: EventReference, of rule: Rule, ruleIndex: Int, index: EventIndex) {
            self.definition = definition
            candidates = rule.patterns.firstIndex { $0.name == definition.pattern }.map { pattern in
                definition.same.isEmpty ? .all(index.entries(rule: ruleIndex, pattern: pattern))
                    : .bySame(index.table(rule: ruleIndex, pattern: pattern, same: definition.same))
            }
        }

        /// The hits that share the trigger's `same:` values.
        func entries(sharingWith fields: HitFields) -> [EventIndex.Entry] {
            switch candidates {
            case nil: return []
            case .all(let entries): return entries
            case .bySame(let table):
                return EventIndex.sameValues(definition.same, in: fields).flatMap { table[$0] } ?? []
            }
        }
    }

    /// The trigger an event reference is resolved against.
    private struct Context {
        let events: [LogEvent]
        let trigger: Int
        let fields: HitFields
        let window: Double?

        func matches(_ reference: Reference, in range: Range<Int>) -> [Int] {
            var found: [Int] = []
            forEachMatch(reference, in: range) { found.append($0); return true }
            return found
        }

        /// Whether `matches` would find any: an `absent_before`/`absent_after` check stops at the first.
        func hasMatch(_ reference: Reference, in range: Range<Int>) -> Bool {
            var found = false
            forEachMatch(reference, in: range) { _ in found = true; return false }
            return found
        }

        /// Calls `body` with each matching event, once each and in order, while it returns true.
        private func forEachMatch(_ reference: Reference, in range: Range<Int>, _ body: (Int) -> Bool) {
            let triggerTime = events[trigger].timestamp
            var last = -1
            for entry in reference.entries(sharingWith: fields)
            where range.contains(entry.event) && entry.event != trigger && last != entry.event {
                if let window, let a = triggerTime, let b = events[entry.event].timestamp,
                   Double(abs(a.seconds - b.seconds)) > window { continue }
                guard reference.definition.differ.allSatisfy({ entry.fields[$0] != nil && entry.fields[$0] != fields[$0] }),
                      reference.definition.conditions.allSatisfy({ $0.holds(in: entry.fields) }) else { continue }
                last = entry.event
                guard body(entry.event) else { return }
            }
        }
    }
}

extension FieldCondition {
    func holds(in fields: HitFields) -> Bool {
        let value = fields[field]
        switch test {
        case .present(let wanted): return (value != nil) == wanted
        case .equals(let expected): return value == expected
        case .notEquals(let expected): return value != expected
        case .matches(let regex): return value.map { (try? regex.matches($0, using: MatchData())) == true } ?? false
        case .notMatches(let regex): return value.map { (try? regex.matches($0, using: MatchData())) != true } ?? true
        case .atLeast(let bound): return number(value).map { $0 >= bound } ?? false
        case .above(let bound): return number(value).map { $0 > bound } ?? false
        case .below(let bound): return number(value).map { $0 < bound } ?? false
        case .atMost(let bound): return number(value).map { $0 <= bound } ?? false
        }
    }

    private func number(_ value: String?) -> Double? {
        guard let value else { return nil }
        return Double(value) ?? GoDuration.seconds(value)
    }
}
