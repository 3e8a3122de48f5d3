import ArgumentParser
import Foundation
import ResticLintCore
import ResticLockModel
import ResticFormats

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run concurrent restic processes against one eventually consistent repository in restic's reference lock model.",
        discussion: """
            Every run starts --processes backups (with lock refresh and unlock at exit) within a few seconds of \
            each other, like cron, on virtual time; the figures are the share of runs in which some process \
            failed to lock, by error kind, per model. Example (restic #5005's conditions): \
            resticlint simulate --model 0.17.0 --model 0.17.1 --processes 6 --list-lag 2s --runs 1000 --seed 1
            """)

    @Option(name: .long, help: "A model to run: 0.16, 0.17.0 or 0.17.1 (repeatable; default 0.17.0 and 0.17.1).")
    var model: [String] = []

    @Option(name: .long, help: "Concurrent restic processes per run.")
    var processes = 6

    @Option(name: .long, help: "How long a deleted lock stays listed (Go duration, e.g. 2s).")
    var listLag = "2s"

    @Option(name: .long, help: "Runs per model.")
    var runs = 1000

    @Option(name: .long, help: "Seed of the first run; the same seed gives the same figures.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Backend whose error texts the logs show: b2, s3, rest or local.")
    var backend = "b2"

    @Option(name: .long, help: "Parallel lock loads per process (-o b2.connections).")
    var connections = 5

    @Option(name: .long, help: "Processes per run that take an exclusive lock (as prune does) instead of backup's shared one.")
    var exclusiveProcesses = 0

    @Option(name: .long, help: "Write the log of every failing process into this folder (<model>-run<N>-proc<M>.log).")
    var logDir: String?

    @Flag(name: .long, help: "With --log-dir, write every process's log, also of those that locked and finished.")
    var logAll = false

    @Option(name: .long, help: "Output format: text or json.")
    var format = "text"
    @Option(name: .long, help: "Also write an HTML page: failure rates per model as a bar chart, and the lock timeline of one failing process per failure kind.")
    var html: String?

    func validate() throws {
        guard processes >= 1, runs >= 1, connections >= 1 else { throw ValidationError("--processes, --runs and --connections must be at least 1") }
        guard (0...processes).contains(exclusiveProcesses) else { throw ValidationError("--exclusive-processes must be between 0 and --processes (\(processes))") }
        guard !logAll || logDir != nil else { throw ValidationError("--log-all needs --log-dir") }
        guard GoDuration.seconds(listLag) != nil else { throw ValidationError("--list-lag must be a duration like 2s, not '\(listLag)'") }
        guard BackendFlavor(rawValue: backend) != nil else { throw ValidationError("--backend must be b2, s3, rest or local") }
        guard ["text", "json"].contains(format) else { throw ValidationError("--format must be text or json, not '\(format)'") }
        _ = try models()
    }

    private func models() throws -> [ModelVersion] {
        guard !model.isEmpty else { return [.v0_17_0, .v0_17_1] }
        return try model.map { name in
            guard let version = ModelVersion(rawValue: name) ?? ModelVersion.forResticVersion(name) else {
                throw ValidationError("unknown model '\(name)'; models: \(ModelVersion.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return version
        }
    }

    func run() throws {
        if let logDir { try FileManager.default.createDirectory(atPath: logDir, withIntermediateDirectories: true) }
        let config = SimulationConfig(
            models: try models(), processes: processes, listLag: GoDuration.seconds(listLag) ?? 2, runs: runs, seed: seed,
            backend: BackendFlavor(rawValue: backend) ?? .b2, connections: connections, exclusiveProcesses: exclusiveProcesses,
            logDirectory: logDir.map { URL(fileURLWithPath: $0, isDirectory: true) }, logsEveryProcess: logAll)
        let started = Date()
        let report = Simulation.run(config)
        if format == "json" {
            print(SimulationJSON.document(report, listLag: listLag).serialized())
            return
        }
        let exclusive = exclusiveProcesses > 0 ? " (\(exclusiveProcesses) exclusive)" : ""
        print("\(processes) processes\(exclusive), list lag \(listLag), \(backend), \(connections) connections, \(runs) runs per model, seed \(seed)")
        for result in report.models {
            let share = String(format: "%.1f%%", result.failedRunShare * 100)
            print("restic \(result.model.rawValue): \(result.failedRuns)/\(result.runs) runs failed (\(share)); "
                + "\(result.failedProcesses)/\(result.processes) processes failed")
            for (kind, count) in result.failuresByKind.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
                print("  \(kind): \(count)")
            }
            if !result.logFiles.isEmpty { print("  logs: \(result.logFiles.count) files in \(logDir ?? ".")") }
        }
        print(String(format: "simulated in %.2f s", Date().timeIntervalSince(started)))
        if let html {
            do {
                try Data(HTMLSimulationPage.render(report, toolVersion: Analyzer.toolVersion).utf8).write(to: URL(fileURLWithPath: html))
            } catch {
                throw CLIError.unwritableOutputs(["\(html): \(error.localizedDescription)"])
            }
        }
    }
}
