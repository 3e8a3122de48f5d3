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

    /// Hits found on a run's events, by event; `insert` adds them.
    typealias Found = [(event: Int, hits: EventHits)]

    /// The hits of rule `r`'s trigger-only deferred patterns on the events of `run` that `explained`
    /// leaves. An event's `deferred` bits stay: a rule is resolved once per run.
    func hits(rule r: Int, in run: Run, unless explained: (Int) -> Bool) -> Found {
        let bits = patterns.bitsOfRule[r] & ~patterns.relatedOfRule[r].bits
        guard bits != 0 else { return [] }
        return hits(in: run) { explained($0) ? 0 : bits }
    }

    /// The hits of rule `r`'s related-only deferred patterns on every event of `run`, explained or not
    /// (a reference reads both), when the rule has a trigger hit in `index`; nil without one, as then
    /// nothing reads them. `insertRelated` adds them.
    func relatedHits(rule r: Int, in run: Run, index: EventIndex) -> Found? {
        let (bits, triggers) = patterns.relatedOfRule[r]
        guard bits != 0, triggers.contains(where: { !index.entries(rule: r, pattern: $0).isEmpty }) else { return nil }
        return hits(in: run) { _ in bits }
    }

    /// Adds what `relatedHits` found and clears those patterns' bits: the replay and the timeline
    /// (`resolve(_:for:timeline:)`) then find them matched.
    func insertRelated(_ found: Found, rule r: Int, into run: inout Run) {
        DeferredMatcher.insert(found, into: &run)
        let bits = patterns.relatedOfRule[r].bits
        for i in run.events.indices where run.events[i].deferred & bits != 0 { run.events[i].deferred &= ~bits }
    }

    /// Matches what the stages after correlation read of the deferred patterns: those with a meaning
    /// on every event when the run's lock timeline is drawn, and those capturing a `handle` for the
    /// replay of findings about `handles` (`LockFacts` reads the hits naming one) on the events whose
    /// text names one: a captured handle is part of its text. Once per run.
    package func resolve(_ run: inout Run, for handles: [String], timeline: Bool) {
        let timelineBits = timeline ? patterns.timelineBits : 0, replayBits = handles.isEmpty ? 0 : patterns.replayBits
        guard timelineBits | replayBits != 0 else { return }
        let naming = run.events.map { event in event.deferred & replayBits != 0 && handles.contains { event.text.containsBytes($0) } }
        DeferredMatcher.insert(hits(in: run) { timelineBits | (naming[$0] ? replayBits : 0) }, into: &run)
    }

    /// The hits, on each event of `run`, of the deferred patterns among the bits `wanted` gives its position.
    private func hits(in run: Run, _ wanted: (Int) -> UInt64) -> Found {
        var found: Found = []
        for i in run.events.indices where run.events[i].deferred != 0 {
            let bits = wanted(i)
            guard bits & run.events[i].deferred != 0 else { continue }
            let hits = hits(bits, of: run.events[i])
            if !hits.isEmpty { found.append((i, hits)) }
        }
        return found
    }

    /// Adds hits found on a run's events; only those events change.
    static func insert(_ found: Found, into run: inout Run) {
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
