import Foundation
import Testing
@testable import ResticLockModel
import ResticFormats

@Suite struct DeterminismTests {
    @Test func sameSeedGivesTheSameReplay() {
        for model in ModelVersion.allCases {
            #expect(LockReplay.run(.issue5005, model: model, seed: 42) == LockReplay.run(.issue5005, model: model, seed: 42))
        }
    }

    @Test func seedChangesTheJitter() {
        let a = LockReplay.run(.issue5005, model: .v0_16, seed: 1).log
        let b = LockReplay.run(.issue5005, model: .v0_16, seed: 2).log
        #expect(a != b)
        #expect(a.count == b.count)
    }

    @Test func sameSeedGivesTheSameSimulation() {
        let config = SimulationConfig(runs: 15, seed: 9, backupDuration: 1...600)
        #expect(Simulation.run(config) == Simulation.run(config))
    }

    @Test func generatorsAreStable() {
        var rng = Xoshiro256StarStar(seed: 1)
        let first = (0..<3).map { _ in rng.next() }
        var again = Xoshiro256StarStar(seed: 1)
        #expect(first == (0..<3).map { _ in again.next() })
        var mix = SplitMix64(seed: 0)
        #expect(mix.next() == 0xE220_A839_7B1D_CDAF)  // the published first SplitMix64 output for seed 0
    }
}

@Suite struct SimulationTests {
    /// restic #5005's conditions: B2, six concurrent non-exclusive backups, 2 s listing lag.
    let issue5005 = SimulationConfig(models: ModelVersion.allCases, processes: 6, listLag: 2, runs: 60, seed: 1,
                                     backend: .b2, connections: 5)

    @Test func version0170FailsSometimesAndTheFixNever() throws {
        let report = Simulation.run(issue5005)
        let broken = try #require(report.report(for: .v0_17_0))
        let fixed = try #require(report.report(for: .v0_17_1))
        let old = try #require(report.report(for: .v0_16))
        #expect(broken.runs == 60 && broken.processes == 360)
        #expect(broken.failedRuns > 0)
        #expect(broken.failedRuns < broken.runs)
        #expect(broken.failuresByKind.keys.allSatisfy { ["circuit breaker open", "lock file not found"].contains($0) })
        #expect(fixed.failedRuns == 0 && fixed.failedProcesses == 0 && fixed.failuresByKind.isEmpty)
        #expect(old.failedRuns == 0)
    }

    @Test func withoutListLagOrShortBackupsNobodyFails() throws {
        var config = issue5005
        config.backupDuration = 600...1200
        let report = Simulation.run(config)
        #expect(report.models.allSatisfy { $0.failedRuns == 0 })
    }

    @Test func writesOneLogPerFailingProcess() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("resticlockmodel-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var config = issue5005
        config.models = [.v0_17_0]
        config.runs = 30
        config.logDirectory = directory
        let report = Simulation.run(config)
        let model = try #require(report.models.first)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(files.count == model.failedProcesses)
        #expect(files == model.logFiles.sorted())
        #expect(files.allSatisfy { $0.range(of: #"^0\.17\.0-run\d+-proc[1-6]\.log$"#, options: .regularExpression) != nil })
        for file in files {
            let lines = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
                .split(separator: "\n").map(String.init)
            #expect(lines.first == "restic 0.17.0 compiled with go1.22.5 on linux/amd64")
            #expect(lines.last?.hasPrefix("unable to create lock in backend: ") == true)
            #expect(lines.dropFirst(3).dropLast().allSatisfy { $0.hasPrefix("Load(<lock/") && $0.contains(") failed: ") })
        }
    }

    /// Timing for the report, not an assertion: set RESTICLOCKMODEL_TIMING=1 to run it.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["RESTICLOCKMODEL_TIMING"] != nil))
    func timingOfAThousandRuns() {
        let config = SimulationConfig(models: [.v0_17_0, .v0_17_1], processes: 6, listLag: 2, runs: 1000, seed: 1)
        let started = Date()
        let report = Simulation.run(config)
        let seconds = Date().timeIntervalSince(started)
        print(String(format: "Simulation 1000 runs x 2 models x 6 processes: %.3f s", seconds))
        for model in report.models {
            print("  \(model.model.rawValue): \(model.failedRuns)/\(model.runs) runs failed, \(model.failedProcesses)/\(model.processes) processes, \(model.failuresByKind)")
        }
    }
}
