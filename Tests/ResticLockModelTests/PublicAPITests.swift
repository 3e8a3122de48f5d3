import Foundation
import ResticLockModel  // deliberately not @testable: this file compiles only against the public API
import Testing
import ResticFormats

/// The calls the analyzer and the `simulate` command make.
@Suite struct PublicAPITests {
    @Test func analyzerReplaysAReconstructedScenario() {
        let scenario = LockScenario(
            backend: .b2,
            otherLocks: [
                ScenarioLock(id: "91b9421fff", behaviour: .vanished),
                ScenarioLock(id: "798ffec919", behaviour: .present),
            ],
            connections: 5, retryLock: nil, breakerLockID: "798ffec919")
        let version = ModelVersion.forResticVersion("0.17.0")
        #expect(version == .v0_17_0)
        let outcomes = ModelVersion.allCases.map { LockReplay.run(scenario, model: $0) }
        #expect(outcomes.map(\.model) == ["0.16", "0.17.0", "0.17.1"])
        #expect(outcomes.map(\.acquired) == [true, false, true])
        #expect(outcomes[1].error == "unable to create lock in backend: circuit breaker open for file <lock/798ffec919>")
    }

    @Test func simulateCommandRunsAndReports() {
        let report = Simulation.run(SimulationConfig(models: [.v0_17_0, .v0_17_1], processes: 3, listLag: 2, runs: 5, seed: 3,
                                                     backend: .s3, connections: 2))
        #expect(report.models.map(\.model) == [.v0_17_0, .v0_17_1])
        #expect(report.models.allSatisfy { $0.runs == 5 && $0.processes == 15 })
        #expect(GoDuration.format(seconds: 60) == "1m0s")
        #expect(BackendFlavor.rest.notFoundMessage(for: Handle(type: .lock, name: "91b9421fffaa")) == "<lock/91b9421fff> does not exist")
    }
}
