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
    /// Matches what the classifier deferred; nil when it deferred nothing.
    private let deferred: DeferredMatcher?

    package init(catalog: RuleCatalog, deferred: DeferredMatcher? = nil) {
        self.catalog = catalog
        self.deferred = deferred
        templates = catalog.rules.map { RuleTemplates($0.definition) }
    }

    /// The run's findings, aggregated (`FindingAggregator`), without their wording (see `word`).
    /// The run comes back with the hits of the deferred patterns matched here (`DeferredMatcher`):
    /// changed in place, where a copy of the run copied every event and freed the copy again.
    package func findings(in run: inout Run, inputName: String) -> [Finding] {
        var explained = Explained(count: run.events.count)
        var findings = FindingAggregator()
        // It holds the run's events: dropped before deferred hits change them, or the change copied them.
        var built: EventIndex?
        for (r, rule) in catalog.rules.enumerated() {
            if let deferred, rule.definition.correlations.contains(where: { applies($0, of: rule, to: run) }) {
                let found = deferred.hits(rule: r, in: run, unless: { explained.contains($0) })
                if !found.isEmpty {
                    built = nil
                    DeferredMatcher.insert(found, into: &run)
                }
                var related: DeferredMatcher.Found?
                do {
                    let index = built ?? EventIndex(run: run, catalog: catalog)
                    built = index
                    related = deferred.relatedHits(rule: r, in: run, index: index)
                }
                if let related {
                    built = nil
                    deferred.insertRelated(related, rule: r, into: &run)
                }
            }
            let index = built ?? EventIndex(run: run, catalog: catalog)
            built = index
            var shared: RuleInRun?
            for correlate in rule.definition.correlations where applies(correlate, of: rule, to: run) {
                let groups = self.groups(correlate, rule: rule, ruleIndex: r, run: run, index: index,
                                         explained: explained, anyFinding: !findings.isEmpty)
                // By position: a loop over the groups copied each one, a retain per slice and field.
                for g in groups.indices where groups[g].triggers.count >= correlate.minimumCount {
                    let ruleInRun = shared ?? RuleInRun(rule: rule, ruleIndex: r, templates: templates[r], run: run,
                                                        inputName: inputName)
                    shared = ruleInRun
                    findings.add(FindingBuilder(shared: ruleInRun, group: groups[g]))
                    explained.insert(groups[g].triggers)
                    explained.insert(groups[g].supporting)
                }
            }
        }
        return findings.takeFindings()
    }

    /// Gives a finding its message and remediation: `findings(in:)` leaves them to be rendered after
    /// aggregation, for the findings that remain.
    package func word(_ finding: inout Finding) {
        guard let rule = finding.wording?.rule else { return }
        FindingBuilder.word(&finding, rule: catalog.rules[rule], templates: templates[rule])
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
                        explained: Explained, anyFinding: Bool) -> [Group] {
        let patterns = rule.patterns.map(\.name)
        var triggers: [Int] = []  // positions, sorted, each once
        for position in correlate.trigger.compactMap({ patterns.firstIndex(of: $0) }).sorted() where triggers.last != position {
            triggers.append(position)
        }
        let resolve = { Reference($0, pattern: patterns.firstIndex(of: $0.pattern), ruleIndex: r, index: index) }
        let requires = correlate.requires.map(resolve)
        // A required pattern without a hit in the run fails every trigger: a retry storm's runs have
        // no final error, and looping over their retries for each such correlation was most of it.
        // Checked before the triggers of several patterns are merged into event order.
        guard !requires.contains(where: \.hasNoCandidates) else { return [] }
        let hits = index.entries(rule: r, patterns: triggers)
        guard !hits.isEmpty else { return [] }
        // Per-correlation values, read once outside the per-hit loop.
        let explainedByAnyFinding = rule.patterns.map(\.explainedByAnyFinding)
        let conditions = correlate.conditions
        let absentBefore = correlate.absentBefore.map(resolve)
        let absentAfter = correlate.absentAfter.map(resolve)
        let related = correlate.related.map(resolve)
        var groups = GroupBuilder(triggers: hits.count)
        var groupIndex = GroupIndex()
        let keyNumbering = correlate.groupBy.map(index.keyNumbering)
        let everyEvent = 0..<run.events.count
        var lastTrigger = -1
        // One buffer for every trigger's supporting events: a new array per trigger grew 1, 2, 4...
        var supporting: [Int] = []
        for entry in hits {
            let i = Int(entry.event)
            guard i != lastTrigger, !explained.contains(i) else { continue }
            if explainedByAnyFinding[Int(entry.pattern)] && anyFinding { continue }
            guard conditions.isEmpty || conditions.allSatisfy({ $0.holds(in: index.fields(of: entry)) }) else { continue }
            let context = Context(trigger: entry, time: run.events[i].timestamp, window: correlate.within)
            guard !absentBefore.contains(where: { context.hasMatch($0, in: 0..<i, index: index, events: run.events) }),
                  !absentAfter.contains(where: { context.hasMatch($0, in: (i + 1)..<run.events.count, index: index, events: run.events) })
            else { continue }
            supporting.removeAll(keepingCapacity: true)
            guard requires.allSatisfy({ context.collect($0, in: everyEvent, index: index, events: run.events, into: &supporting) })
            else { continue }
            for reference in related { context.collect(reference, in: everyEvent, index: index, events: run.events, into: &supporting) }
            let g = keyNumbering.map { groupIndex.group(number: index.keyNumber(of: entry, in: $0), orNew: groups.count) }
                ?? groupIndex.group(text: run.events[i].text, orNew: groups.count)
            if let g {
                groups.add(trigger: i, supporting: supporting, to: g)
            } else {
                groups.add(trigger: i, supporting: supporting, fields: index.fields(of: entry))
            }
            lastTrigger = i
        }
        return groups.groups()
    }

    /// An event reference resolved once per correlation, not once per trigger: its pattern, and the
    /// pattern's hits by their `same:` values. A class: every trigger's checks pass it around.
    private final class Reference {
        let definition: EventReference
        /// The pattern's hits, in event order; empty when the rule has no such pattern.
        private let all: ArraySlice<EventIndex.Entry>
        /// The pattern's hits by their `same:` values' number, when `same:` is not empty. Built when
        /// first asked: a correlation whose triggers all fail earlier checks never needs it.
        private var table: (table: SameValueTable, numbers: ValueNumbers)?
        private let pattern: Int?
        private let ruleIndex: Int
        /// Whether a candidate's fields are checked (`differ:`, `where:`).
        let filters: Bool

        /// `pattern`: the position of the pattern it names in its rule; nil when there is none.
        init(_ definition: EventReference, pattern: Int?, ruleIndex: Int, index: EventIndex) {
            self.definition = definition
            self.pattern = pattern
            self.ruleIndex = ruleIndex
            filters = !definition.differ.isEmpty || !definition.conditions.isEmpty
            all = pattern.map { index.entries(rule: ruleIndex, pattern: $0) } ?? []
        }

        /// Whether no trigger can find a match: the pattern has no hit in the run.
        var hasNoCandidates: Bool { all.isEmpty }

        /// The hits that share the trigger's `same:` values.
        func entries(sharingWith trigger: EventIndex.Entry, in index: EventIndex) -> ArraySlice<EventIndex.Entry> {
            if definition.same.isEmpty || all.isEmpty { return all }
            if table == nil, let pattern { table = index.table(rule: ruleIndex, pattern: pattern, same: definition.same) }
            // The table is read after `index.number`: bound before that call, it was copied, a
            // retain and release per array.
            guard let numbers = table?.numbers, let number = index.number(trigger, in: numbers) else { return [] }
            return table?.table.entries(numbered: number) ?? []
        }
    }

    /// The trigger an event reference is resolved against. Plain values: one is made per trigger,
    /// and holding the run's events or the index made each retain and release them.
    private struct Context {
        let trigger: EventIndex.Entry
        let time: WallClock?
        let window: Double?

        /// Appends the matching events to `found`, in event order; returns whether there were any.
        @discardableResult
        func collect(_ reference: Reference, in range: Range<Int>, index: EventIndex, events: [LogEvent],
                     into found: inout [Int]) -> Bool {
            let before = found.count
            forEachMatch(reference, in: range, index: index, events: events) { found.append($0); return true }
            return found.count > before
        }

        /// Whether `collect` would find any: an `absent_before`/`absent_after` check stops at the first.
        func hasMatch(_ reference: Reference, in range: Range<Int>, index: EventIndex, events: [LogEvent]) -> Bool {
            var found = false
            forEachMatch(reference, in: range, index: index, events: events) { _ in found = true; return false }
            return found
        }

        /// Calls `body` with each matching event, once each and in order, while it returns true.
        private func forEachMatch(_ reference: Reference, in range: Range<Int>, index: EventIndex, events: [LogEvent],
                                  _ body: (Int) -> Bool) {
            let triggerEvent = Int(trigger.event)
            var last = -1
            for entry in reference.entries(sharingWith: trigger, in: index) {
                let event = Int(entry.event)
                guard range.contains(event) && event != triggerEvent && last != event else { continue }
                if let window, let a = time, let b = events[event].timestamp, Double(abs(a.seconds - b.seconds)) > window {
                    continue
                }
                if reference.filters {
                    let fields = index.fields(of: trigger), other = index.fields(of: entry)
                    guard reference.definition.differ.allSatisfy({ other[$0] != nil && other[$0] != fields[$0] }),
                          reference.definition.conditions.allSatisfy({ $0.holds(in: other) }) else { continue }
                }
                last = event
                guard body(event) else { return }
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
