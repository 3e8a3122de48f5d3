import Foundation
import ResticLockModel
import Testing
@testable import ResticLintCore
import ResticFormats

/// The reference model prints exactly what restic prints; the analyzer must name, from those lines
/// alone, the failure the model knows it produced. A property test over seeded random scenarios.
@Suite struct RoundTripTests {
    struct Case: CustomStringConvertible {
        var seed: UInt64
        var model: ModelVersion
        var scenario: LockScenario
        var description: String { "seed \(seed) model \(model.rawValue)" }
    }

    /// Random lock situations: vanished siblings (the #5005 shape), held locks of any age, broken locks.
    static func randomCase(seed: UInt64) -> Case {
        var rng = SplitMix64(seed: seed)
        let model = ModelVersion.allCases[Int(rng.next() % 3)]
        let ids = (0..<(2 + Int(rng.next() % 5))).map { _ in String(format: "%010llx", rng.next() & 0xFF_FFFF_FFFF) }
        var scenario = LockScenario(backend: BackendFlavor.allCases[Int(rng.next() % 4)])
        switch rng.next() % 3 {
        case 0:
            scenario.otherLocks = ids.enumerated().map { ScenarioLock(id: $1, behaviour: $0 == 0 ? .vanished : .present) }
            scenario.breakerLockID = ids.count > 1 ? ids[1] : nil
        case 1:
            let age = Double(60 + rng.next() % 10_000)
            scenario.otherLocks = [ScenarioLock(id: ids[0], age: age, exclusive: true, hostname: "nas", pid: 4711, username: "backup")]
        default:
            scenario.otherLocks = [ScenarioLock(id: ids[0], behaviour: .failing(error: "unexpected EOF", permanent: false))]
        }
        return Case(seed: seed, model: model, scenario: scenario)
    }

    /// The rule the model's own outcome calls for.
    static func expectedRule(_ outcome: ReplayOutcome, _ c: Case) -> String? {
        let vanished = c.scenario.otherLocks.contains { $0.behaviour == .vanished }
        switch outcome.failureKind {
        case "circuit breaker open"?: return vanished && c.model == .v0_17_0 ? "breaker-misfire" : "breaker-open"
        case "lock file not found"?: return "lock-check-failed"
        case "already locked"?: return (c.scenario.otherLocks[0].age ?? 0) > 1800 ? "repo-locked-stale" : "repo-locked-concurrent"
        case "backend error"?: return "lock-load-failed"
        case "invalid lock file"?: return "invalid-lock-file"
        case nil: return vanished && outcome.log.contains { $0.contains("Load(<lock/") } ? "lock-file-vanished" : nil
        default: return nil
        }
    }

    @Test(arguments: (1...90).map { UInt64($0) })
    func analyzerNamesWhatTheModelDid(seed: UInt64) throws {
        let c = Self.randomCase(seed: seed)
        let outcome = LockReplay.run(c.scenario, model: c.model, seed: seed)
        let report = TestSupport.analyze(outcome.log.joined(separator: "\n") + "\n")
        let rules = report.findings.map(\.rule)
        if let expected = Self.expectedRule(outcome, c) {
            #expect(rules.contains(expected), "\(c): model said \(outcome.failureKind ?? "acquired"), analyzer said \(rules)\n\(outcome.log.joined(separator: "\n"))")
        }
        if !outcome.acquired {
            #expect(!rules.contains("unclassified-error"), "\(c): a model failure left unexplained: \(rules)")
        }
        if rules.contains("breaker-misfire") {
            #expect(c.model == .v0_17_0, "\(c): misfire diagnosed on a model without the bug")
        }
    }

    @Test func simulatedFailuresOfTheBuggyModelAreDiagnosed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("resticlint-sim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = Simulation.run(SimulationConfig(models: [.v0_17_0, .v0_17_1], processes: 6, listLag: 2, runs: 150, seed: 1,
                                                     logDirectory: folder))
        let buggy = try #require(report.report(for: .v0_17_0))
        #expect(buggy.failedRuns > 0)
        #expect(report.report(for: .v0_17_1)?.failedRuns == 0)
        var misfires = 0
        for file in buggy.logFiles {
            let path = file.hasPrefix("/") ? file : folder.appendingPathComponent(file).path
            let analysis = TestSupport.analyzer.analyze([.file(path)])
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let rules = analysis.findings.map(\.rule)
            if text.contains("circuit breaker open for file <lock/") {
                #expect(rules.contains("breaker-misfire"), "\(file): \(rules)")
                misfires += 1
            } else {
                #expect(!rules.isEmpty && !rules.contains("unclassified-error"), "\(file): \(rules)")
            }
        }
        #expect(misfires > 0)
    }
}
