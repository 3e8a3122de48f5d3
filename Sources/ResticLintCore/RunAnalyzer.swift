import ResticLintPipeline
import ResticLintReference
import ResticLintRules
import ResticLintModel

/// The stages a closed run goes through, in order: correlation (rules → findings), aggregation
/// (repeats folded), replay (lock findings through the reference model). Its output is what every
/// reporter receives when the run closes; the run's events are dropped afterwards.
final class RunAnalyzer {
    private let catalog: RuleCatalog
    private let correlator: Correlator
    private let replayer = LockReplayer()
    private let meanings: LockTimeline.PatternMeanings
    /// Whether runs keep a lock timeline: only the HTML report draws one.
    private let lockTimelines: Bool
    /// Matches what the classifier deferred that the replay and the timeline read.
    private let deferred: DeferredMatcher?

    init(catalog: RuleCatalog, lockTimelines: Bool = true, deferred: DeferredMatcher? = nil) {
        self.catalog = catalog
        self.lockTimelines = lockTimelines
        self.deferred = deferred
        correlator = Correlator(catalog: catalog, deferred: deferred)
        meanings = LockTimeline.PatternMeanings(catalog)
    }

    /// Consumed: a run no one else holds gains its deferred hits in place (`Correlator.findings`).
    func analyze(_ run: consuming Run, inputName: String) -> ClosedRun {
        var run = run
        var findings = correlator.findings(in: &run, inputName: inputName)
        // Worded in place and read by position: each copy of a finding retained and released its many
        // references.
        var replays: [ReplayKind?] = []
        replays.reserveCapacity(findings.count)
        for f in findings.indices {
            // The rule by its position, which only the unworded finding carries: by id it was a search.
            let replay = findings[f].wording.map { catalog.rules[$0.rule].definition.replay }
                ?? catalog.rule(findings[f].rule)?.definition.replay
            correlator.word(&findings[f])
            replays.append(findings[f].lock != nil || !findings[f].relatedLocks.isEmpty ? replay : nil)
        }
        let drawn = lockTimelines && !findings.isEmpty
        // The replay and the timeline read hits of any rule: what they read that was deferred is matched first.
        let replayedLocks = findings.indices.filter { replays[$0] != nil }
            .flatMap { [findings[$0].lock].compactMap { $0 } + findings[$0].relatedLocks }
        deferred?.resolve(&run, for: replayedLocks, timeline: drawn)
        for f in findings.indices {
            guard let kind = replays[f] else { continue }
            findings[f].reference = replayer.replay(kind, finding: findings[f], run: run)
        }
        var summary = RunSummary(run, inputName: inputName)
        // Only runs with findings have their timeline drawn, so only they keep one.
        if drawn { summary.lockTimeline = LockTimeline(run, meanings: meanings) }
        return ClosedRun(run: summary, findings: findings)
    }
}
