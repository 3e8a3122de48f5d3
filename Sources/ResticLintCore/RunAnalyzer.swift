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
        let worded = correlator.findings(in: &run, inputName: inputName).map { unworded in
            // The rule by its position, which only the unworded finding carries: by id it was a search.
            let rule = unworded.wording.map { catalog.rules[$0.rule] } ?? catalog.rule(unworded.rule)
            let finding = correlator.worded(unworded)
            return (finding, finding.lock != nil || !finding.relatedLocks.isEmpty ? rule?.definition.replay : nil)
        }
        let drawn = lockTimelines && !worded.isEmpty
        // The replay and the timeline read hits of any rule: what they read that was deferred is matched first.
        let replayedLocks = worded.filter { $0.1 != nil }.flatMap { [$0.0.lock].compactMap { $0 } + $0.0.relatedLocks }
        deferred?.resolve(&run, for: replayedLocks, timeline: drawn)
        let findings = worded.map { finding, kind in
            guard let kind else { return finding }
            var finding = finding
            finding.reference = replayer.replay(kind, finding: finding, run: run)
            return finding
        }
        var summary = RunSummary(run, inputName: inputName)
        // Only runs with findings have their timeline drawn, so only they keep one.
        if drawn { summary.lockTimeline = LockTimeline(run, meanings: meanings) }
        return ClosedRun(run: summary, findings: findings)
    }
}
