import ResticLockModel
import ResticFormats
import ResticLintMatching
import ResticLintPipeline
import ResticLintRules
import ResticLintModel

/// Rebuilds the lock situation a finding describes and replays it through restic's reference lock
/// model twice: as the run's restic version, and as the fixed restic. A finding then says not only
/// what went wrong but what the fixed restic would have done with the very same situation.
package final class LockReplayer {
    /// Replays are deterministic, so a log with the same situation many times replays it once.
    private var cache: [String: ReferenceReplay] = [:]

    package init() {}

    /// How a rule's finding maps onto a lock scenario (the rule's `replay:` field).
    package typealias Kind = ReplayKind

    static let fixedModel = ModelVersion.v0_17_1

    package func replay(_ kind: Kind, finding: Finding, run: Run) -> ReferenceReplay {
        let scenario = self.scenario(kind, finding: finding, facts: LockFacts(run: run, finding: finding))
        let observedModel = model(for: run.version)
        let key = "\(observedModel.rawValue)|\(describe(scenario).sorted { $0.key < $1.key })"
        if let known = cache[key] { return known }
        let observed = LockReplay.run(scenario, model: observedModel)
        let fixed = LockReplay.run(scenario, model: LockReplayer.fixedModel)
        let replay = ReferenceReplay(
            scenario: describe(scenario),
            observedModel: observedModel.rawValue,
            observedOutcome: observed.outcome,
            fixedModel: LockReplayer.fixedModel.rawValue,
            fixedOutcome: fixed.outcome,
            fixedSteps: fixed.steps,
            observedTrace: observed.trace,
            fixedTrace: fixed.trace)
        cache[key] = replay
        return replay
    }

    func scenario(_ kind: Kind, finding: Finding, facts: LockFacts) -> LockScenario {
        let handle = finding.lock.map { String($0.dropFirst("lock/".count)) }
        var scenario = LockScenario(backend: LockReplayer.backendFlavor(errors: facts.errors))
        switch kind {
        case .misfire:
            scenario.otherLocks = finding.relatedLocks.map { ScenarioLock(id: String($0.dropFirst("lock/".count)), behaviour: .vanished) }
            scenario.breakerLockID = handle
            if let handle { scenario.otherLocks.insert(ScenarioLock(id: handle), at: 0) }
        case .failingLock:
            let error = finding.fields["error"] ?? "unexpected EOF"
            let id = handle ?? "0000000000"
            // A load the log shows recovering was transient: replay it failing as often as it did.
            scenario.otherLocks = [ScenarioLock(id: id, behaviour: facts.recovered
                ? .transient(failures: max(facts.retriedAttempts, 1), error: error)
                : .failing(error: error, permanent: false))]
        case .vanishedLock:
            let vanished = handle ?? finding.relatedLocks.first.map { String($0.dropFirst("lock/".count)) }
            scenario.otherLocks = [ScenarioLock(id: vanished ?? "0000000000", behaviour: .vanished)]
        case .heldLock:
            let exclusive = finding.fields["lock_kind"] == "exclusive"
            scenario.otherLocks = [ScenarioLock(
                id: handle ?? "0000000000", age: finding.fields["lock_age"].flatMap(Double.init).map(LockReplayer.plausibleAge),
                exclusive: exclusive,
                hostname: finding.fields["host"], pid: finding.fields["pid"].flatMap(Int.init), username: finding.fields["user"],
                uid: finding.fields["uid"].flatMap(Int.init), gid: finding.fields["gid"].flatMap(Int.init))]
            // A shared holder blocks only an exclusive locker, so this process wanted an exclusive lock.
            scenario.exclusive = !exclusive
        }
        return scenario
    }

    /// Ages as a log states them can be absurd (hand-edited, a clock reset); the model runs on
    /// nanoseconds, so ages are kept within ten years.
    static func plausibleAge(_ seconds: Double) -> Double {
        seconds.isFinite ? min(max(seconds, 0), 10 * 365 * 86_400) : 0
    }

    /// The model of the run's version; an inferred range replays its oldest possible version.
    func model(for version: VersionEvidence) -> ModelVersion {
        if let exact = version.exact { return ModelVersion(exact) }
        if case .inferred(let range, _) = version, let lower = range.intervals.first?.lower {
            return ModelVersion(lower)
        }
        return .v0_17_0
    }

    /// The backend whose error texts the captured errors are: B2's `b2_` calls, S3's `NoSuchKey`, the
    /// local backend's `no such file or directory`, rest-server's `does not exist`.
    static func backendFlavor(errors: [String]) -> BackendFlavor {
        let text = errors.joined(separator: "\n")
        if text.containsBytes("b2_") { return .b2 }
        if text.containsBytes("specified key does not exist") || text.containsBytes("NoSuchKey") { return .s3 }
        if text.containsBytes("no such file or directory") { return .local }
        return text.containsBytes("does not exist") ? .rest : .b2
    }

    private func describe(_ scenario: LockScenario) -> [String: String] {
        var out = ["backend": scenario.backend.rawValue, "connections": String(scenario.connections),
                   "exclusive": String(scenario.exclusive)]
        out["locks"] = scenario.otherLocks.map { lock in
            var text = "lock/\(lock.id.prefix(10)) \(behaviourName(lock.behaviour))"
            if let age = lock.age { text += " age \(GoDuration.humanized(age))" }
            return text
        }.joined(separator: "; ")
        if let breaker = scenario.breakerLockID { out["breakerOpenFor"] = "lock/\(breaker)" }
        return out
    }

    private func behaviourName(_ behaviour: LockBehaviour) -> String {
        switch behaviour {
        case .present: return "present"
        case .vanished: return "vanished after listing"
        case .failing(let error, _): return "failing (\(error))"
        case .transient(let failures, _): return "failing \(failures) times, then loading"
        }
    }
}

/// What the rules captured about a finding's locks in its run, the replay's only input besides the
/// finding: a `handle` with a retry `delay` is one failed attempt being retried, a `handle` with
/// `retries` is a load that succeeded in the end, and `error` captures name the backend.
struct LockFacts {
    var retriedAttempts = 0
    var recovered = false
    var errors: [String] = []

    init(run: Run, finding: Finding) {
        let handles = Set([finding.lock].compactMap { $0 } + finding.relatedLocks)
        if let error = finding.fields["error"] { errors.append(error) }
        for event in run.events {
            let mentions = event.hits.filter { $0.fields["handle"].map(handles.contains) ?? false }
            guard !mentions.isEmpty else { continue }
            let own = mentions.filter { $0.fields["handle"] == finding.lock }
            if own.contains(where: { $0.fields["retries"] != nil }) { recovered = true }
            if own.contains(where: { $0.fields["delay"] != nil }) { retriedAttempts += 1 }
            for error in Set(mentions.compactMap { $0.fields["error"] }) where errors.count < 8 { errors.append(error) }
        }
    }
}
