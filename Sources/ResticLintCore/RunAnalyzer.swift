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

    init(catalog: RuleCatalog, lockTimelines: Bool = true, deferred: DeferredMatcher? = nil) {
        self.catalog = catalog
        self.lockTimelines = lockTimelines
        correlator = Correlator(catalog: catalog, deferred: deferred)
        meanings = LockTimeline.PatternMeanings(catalog)
    }

    /// Consumed: a run no one else holds gains its deferred hits in place (`Correlator.findings`).
    func analyze(_ run: consuming Run, inputName: String) -> ClosedRun {
        var run = run
        var findings = correlator.findings(in: &run, inputName: inputName)
        // Changed in place: each copy of a finding retained and released its many references.
        for f in findings.indices {
            // The rule by its position, which only the unworded finding carries: by id it was a search.
            let replay = findings[f].wording.map { catalog.rules[$0.rule].definition.replay }
                ?? catalog.rule(findings[f].rule)?.definition.replay
            correlator.word(&findings[f])
            guard let kind = replay, findings[f].lock != nil || !findings[f].relatedLocks.isEmpty else { continue }
            findings[f].reference = replayer.replay(kind, finding: findings[f], run: run)
        }
        var summary = RunSummary(run, inputName: inputName)
        // Only runs with findings have their timeline drawn, so only they keep one.
        if lockTimelines, !findings.isEmpty { summary.lockTimeline = LockTimeline(run, meanings: meanings) }
        return ClosedRun(run: summary, findings: findings)
    }
}
