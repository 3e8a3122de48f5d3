import ResticFormats
import ResticLintMatching
import ResticLintRules
/// Evaluates every rule on one closed run. Rules run in precedence order and each event explains at
/// most one story: an event that is evidence of an earlier finding never triggers a later rule.
package struct Correlator {
    let catalog: RuleCatalog

    package init(catalog: RuleCatalog) { self.catalog = catalog }

    package func findings(in run: Run, inputName: String) -> [Finding] {
        var explained = Set<Int>()
        var findings: [Finding] = []
        for (r, rule) in catalog.rules.enumerated() {
            let index = EventIndex(run: run, rule: r)
            for correlate in rule.definition.correlations where applies(correlate, of: rule, to: run) {
                let groups = self.groups(correlate, rule: rule, ruleIndex: r, run: run, index: index,
                                         explained: explained, anyFinding: !findings.isEmpty)
                for group in groups where group.triggers.count >= correlate.minimumCount {
                    findings.append(FindingBuilder(rule: rule, ruleIndex: r, run: run, inputName: inputName, group: group).build())
                    explained.formUnion(group.triggers)
                    explained.formUnion(group.supporting)
                }
            }
        }
        return findings
    }

    private func applies(_ correlate: CorrelationDefinition, of rule: Rule, to run: Run) -> Bool {
        if correlate.onlyAffectedVersions, let affected = rule.definition.affected, !affected.overlaps(run.version.range) {
            return false
        }
        return correlate.versions?.overlaps(run.version.range) ?? true
    }

    /// The trigger events of one correlation that meet its conditions, grouped into would-be findings.
    private func groups(_ correlate: CorrelationDefinition, rule: Rule, ruleIndex r: Int, run: Run, index: EventIndex,
                        explained: Set<Int>, anyFinding: Bool) -> [Group] {
        let triggers = Set(correlate.trigger.compactMap { name in rule.patterns.firstIndex { $0.name == name } })
        var groups: [Group] = []
        var groupIndex: [[String]: Int] = [:]
        for (i, event) in run.events.enumerated() where !explained.contains(i) {
            for hit in event.hits where hit.rule == r && triggers.contains(hit.pattern) {
                if rule.patterns[hit.pattern].explainedByAnyFinding && anyFinding { continue }
                guard correlate.conditions.allSatisfy({ $0.holds(in: hit.fields) }) else { continue }
                let context = Context(run: run, index: index, ruleDefinition: rule, trigger: i, fields: hit.fields, window: correlate.within)
                guard correlate.absentBefore.allSatisfy({ context.matches($0, in: 0..<i).isEmpty }),
                      correlate.absentAfter.allSatisfy({ context.matches($0, in: (i + 1)..<run.events.count).isEmpty })
                else { continue }
                let required = correlate.requires.map { context.matches($0, in: 0..<run.events.count) }
                guard required.allSatisfy({ !$0.isEmpty }) else { continue }
                let related = correlate.related.flatMap { context.matches($0, in: 0..<run.events.count) }
                let key = correlate.groupBy.map { $0.map { hit.fields[$0] ?? "" } } ?? [event.text]
                if let g = groupIndex[key] {
                    groups[g].add(trigger: i, supporting: required.flatMap { $0 } + related)
                } else {
                    groupIndex[key] = groups.count
                    groups.append(Group(fields: hit.fields, triggers: [i], supporting: required.flatMap { $0 } + related))
                }
                break
            }
        }
        return groups
    }

    struct Group {
        var fields: [String: String]
        var triggers: [Int]
        /// Related and required events; a set, since every trigger of a group finds the same ones.
        var supporting: Set<Int>

        init(fields: [String: String], triggers: [Int], supporting: [Int]) {
            self.fields = fields
            self.triggers = triggers
            self.supporting = Set(supporting)
        }

        mutating func add(trigger: Int, supporting more: [Int]) {
            triggers.append(trigger)
            supporting.formUnion(more)
        }
    }

    /// One rule's pattern hits in a run, by pattern and by the values of `same:` fields, so resolving
    /// a reference costs the events that can match, not the whole run (runs hold up to 50,000 events).
    final class EventIndex {
        struct Entry {
            var event: Int
            var fields: [String: String]
        }

        private var byPattern: [Int: [Entry]] = [:]
        private var bySameFields: [String: [[String]: [Entry]]] = [:]

        init(run: Run, rule: Int) {
            for (i, event) in run.events.enumerated() {
                for hit in event.hits where hit.rule == rule { byPattern[hit.pattern, default: []].append(Entry(event: i, fields: hit.fields)) }
            }
        }

        func entries(pattern: Int, same fields: [String], values: [String]) -> [Entry] {
            guard !fields.isEmpty else { return byPattern[pattern] ?? [] }
            let key = "\(pattern)|\(fields.joined(separator: ","))"
            if bySameFields[key] == nil {
                var table: [[String]: [Entry]] = [:]
                for entry in byPattern[pattern] ?? [] {
                    let entryValues = fields.compactMap { entry.fields[$0] }
                    if entryValues.count == fields.count { table[entryValues, default: []].append(entry) }
                }
                bySameFields[key] = table
            }
            return bySameFields[key]?[values] ?? []
        }
    }

    /// The trigger an event reference is resolved against.
    private struct Context {
        let run: Run
        let index: EventIndex
        let ruleDefinition: Rule
        let trigger: Int
        let fields: [String: String]
        let window: Double?

        func matches(_ reference: EventReference, in range: Range<Int>) -> [Int] {
            guard let pattern = ruleDefinition.patterns.firstIndex(where: { $0.name == reference.pattern }) else { return [] }
            let values = reference.same.compactMap { fields[$0] }
            guard values.count == reference.same.count else { return [] }
            let triggerTime = run.events[trigger].timestamp
            var found: [Int] = []
            for entry in index.entries(pattern: pattern, same: reference.same, values: values)
            where range.contains(entry.event) && entry.event != trigger && found.last != entry.event {
                if let window, let a = triggerTime, let b = run.events[entry.event].timestamp,
                   Double(abs(a.seconds - b.seconds)) > window { continue }
                guard reference.differ.allSatisfy({ entry.fields[$0] != nil && entry.fields[$0] != fields[$0] }),
                      reference.conditions.allSatisfy({ $0.holds(in: entry.fields) }) else { continue }
                found.append(entry.event)
            }
            return found
        }
    }
}

extension FieldCondition {
    func holds(in fields: [String: String]) -> Bool {
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
