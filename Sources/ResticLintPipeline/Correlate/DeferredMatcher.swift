import ResticFormats
import ResticLintMatching
import ResticLintRules
import ResticLintModel

/// Matches the patterns the classifier deferred (`DeferredPatterns`, `LogEvent.deferred`) where their
/// hits can still matter: when a rule's correlations start, on the run's events that no finding
/// explains yet (the only ones its triggers may take); and on an event the run tracker is about to
/// cut or count by kind. A hit goes where the classifier would have put it (an event's hits are in
/// catalogue order), so correlation sees what it would have seen had every pattern been matched at
/// once. One per input, as the classifier.
package final class DeferredMatcher {
    let patterns: DeferredPatterns
    private let catalog: RuleCatalog
    /// Built on first use: most inputs never match a deferred pattern here, and it costs a start-up.
    private lazy var hitFields = HitFieldsBuilder(catalog.rules.flatMap(\.patterns))
    private let matchData = MatchData()
    /// Deferred patterns that failed on a line (the match limit), for the report.
    package private(set) var problems: [EngineProblem] = []

    package init(catalog: RuleCatalog, patterns: DeferredPatterns) {
        self.catalog = catalog
        self.patterns = patterns
    }

    /// The classifier's problems (`classified`, in the order it met them) and these in one list, as
    /// matching every pattern at once orders them: by line, then in catalogue order. These come as
    /// runs close, which interleaved processes do out of line order: sorted first.
    package func problems(mergedWith classified: [EngineProblem]) -> [EngineProblem] {
        guard !problems.isEmpty else { return classified }
        let place = { (problem: EngineProblem) -> (Int, Int, Int) in
            let r = self.catalog.rules.firstIndex { $0.id == problem.rule } ?? 0
            return (problem.line, r, self.catalog.rules[r].patterns.firstIndex { $0.name == problem.pattern } ?? 0)
        }
        let deferred = problems.sorted { place($0) < place($1) }
        var merged: [EngineProblem] = [], j = 0
        for problem in classified {
            while j < deferred.count, place(deferred[j]) < place(problem) {
                merged.append(deferred[j])
                j += 1
            }
            merged.append(problem)
        }
        return merged + deferred[j...]
    }

    /// The hits of rule `r`'s deferred patterns on the events of `run` that `explained` leaves, by
    /// event; `insert` adds them. An event's `deferred` bits stay: a rule is resolved once per run.
    func hits(rule r: Int, in run: Run, unless explained: (Int) -> Bool) -> [(event: Int, hits: EventHits)] {
        let bits = patterns.bitsOfRule[r]
        guard bits != 0 else { return [] }
        var found: [(event: Int, hits: EventHits)] = []
        for i in run.events.indices where run.events[i].deferred & bits != 0 && !explained(i) {
            let hits = hits(bits, of: run.events[i])
            if !hits.isEmpty { found.append((i, hits)) }
        }
        return found
    }

    /// Adds the hits `hits(rule:in:unless:)` found; only those events change.
    static func insert(_ found: [(event: Int, hits: EventHits)], into run: inout Run) {
        for (event, hits) in found { run.events[event].hits.insert(hits) }
    }

    /// Matches every pattern deferred on `event`.
    func resolveAll(_ event: inout LogEvent) {
        guard event.deferred != 0 else { return }
        let found = hits(event.deferred, of: event)
        event.deferred = 0
        event.hits.insert(found)
    }

    /// The hits of the deferred patterns among `bits` on the event's text, in catalogue order (bits
    /// are given in that order).
    private func hits(_ bits: UInt64, of event: LogEvent) -> EventHits {
        var text = event.text
        return text.withUTF8 { bytes in
            hitFields.start(bytes)
            var remaining = bits & event.deferred
            while remaining != 0 {
                let (r, p, k) = patterns.patterns[remaining.trailingZeroBitCount]
                remaining &= remaining - 1
                let pattern = catalog.rules[r].patterns[p]
                do {
                    guard try pattern.matcher.firstMatch(in: bytes, using: matchData) != nil else { continue }
                } catch {
                    problems.append(EngineProblem(rule: catalog.rules[r].id, pattern: pattern.name, line: event.line, message: "\(error)"))
                    continue
                }
                hitFields.gather(k, rule: r, pattern: p, matchedIn: matchData.offsets, at: event.timestamp)
            }
            return hitFields.finish()
        }
    }
}
