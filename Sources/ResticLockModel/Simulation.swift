import Foundation
import ResticFormats

/// N restic `backup` processes started together (as by cron) against one eventually consistent
/// repository, repeated over many seeds, to measure how often locking fails per model.
public struct SimulationConfig: Sendable, Equatable {
    public var models: [ModelVersion]
    public var processes: Int
    /// Seconds a deleted lock file stays listed.
    public var listLag: Double
    public var runs: Int
    public var seed: UInt64
    public var backend: BackendFlavor
    public var connections: Int
    /// Seconds each backup runs once it holds its lock, drawn log-uniformly: most backups of
    /// unchanged data end within seconds, a few run for many minutes. Short ones unlock while
    /// others are still checking, which is the race behind #5005.
    public var backupDuration: ClosedRange<Double>
    /// Processes start within this many seconds of each other.
    public var startJitter: Double
    /// How many of the processes take an exclusive lock (e.g. `prune`) instead of backup's shared one.
    public var exclusiveProcesses: Int
    public var retryLock: Double?
    public var readAfterWriteDelay: Double
    /// When set, one log file per failing process run: `<model>-run<N>-proc<M>.log`.
    public var logDirectory: URL?
    /// Write every process's log into `logDirectory`, not only the failing ones' (the ones that
    /// locked show what restic prints on the way, e.g. 0.16's retries of a lock that vanished).
    public var logsEveryProcess: Bool
    public var timestampStyle: TimestampStyle

    public init(models: [ModelVersion] = [.v0_17_0, .v0_17_1], processes: Int = 6, listLag: Double = 2, runs: Int = 100,
                seed: UInt64 = 1, backend: BackendFlavor = .b2, connections: Int = 5, backupDuration: ClosedRange<Double> = 5...1200,
                startJitter: Double = 10, exclusiveProcesses: Int = 0, retryLock: Double? = nil, readAfterWriteDelay: Double = 0,
                logDirectory: URL? = nil, logsEveryProcess: Bool = false, timestampStyle: TimestampStyle = .none) {
        self.models = models
        self.processes = processes
        self.listLag = listLag
        self.runs = runs
        self.seed = seed
        self.backend = backend
        self.connections = connections
        self.backupDuration = backupDuration
        self.startJitter = startJitter
        self.exclusiveProcesses = exclusiveProcesses
        self.retryLock = retryLock
        self.readAfterWriteDelay = readAfterWriteDelay
        self.logDirectory = logDirectory
        self.logsEveryProcess = logsEveryProcess
        self.timestampStyle = timestampStyle
    }
}

/// The results of one model over all runs.
public struct ModelSimulationReport: Sendable, Equatable {
    public var model: ModelVersion
    public var runs: Int
    /// Runs in which at least one process failed.
    public var failedRuns: Int
    public var processes: Int
    public var failedProcesses: Int
    /// Failed processes by kind: "circuit breaker open", "already locked", "lock file not found", ...
    public var failuresByKind: [String: Int]
    /// Names of the log files written, when a log directory was given.
    public var logFiles: [String]
    /// Per failure kind, the first process that failed so (`Simulation.trace` replays it).
    public var firstFailures: [String: FailedProcess] = [:]

    public var failedRunShare: Double { runs == 0 ? 0 : Double(failedRuns) / Double(runs) }
}

public struct SimulationReport: Sendable, Equatable {
    public var config: SimulationConfig
    public var models: [ModelSimulationReport]

    public func report(for model: ModelVersion) -> ModelSimulationReport? { models.first { $0.model == model } }
}

public enum Simulation {
    /// 2024-08-21T02:00:00Z: cron's start time for every run.
    static let start: Int64 = 1_724_205_600 * Nanos.second

    public static func run(_ config: SimulationConfig) -> SimulationReport {
        if let directory = config.logDirectory {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        var reports = config.models.map {
            ModelSimulationReport(model: $0, runs: 0, failedRuns: 0, processes: 0, failedProcesses: 0, failuresByKind: [:], logFiles: [])
        }
        for run in 1...max(1, config.runs) where config.runs > 0 {
            let plans = workload(config, run: run)
            for (index, model) in config.models.enumerated() {
                let results = simulate(config, model: model, run: run, plans: plans)
                var report = reports[index]
                report.runs += 1
                report.processes += results.count
                var runFailed = false
                for (proc, result) in results.enumerated() {
                    let failed = result.exitCode != 0
                    if failed {
                        runFailed = true
                        report.failedProcesses += 1
                        report.failuresByKind[result.kind, default: 0] += 1
                        if report.firstFailures[result.kind] == nil { report.firstFailures[result.kind] = FailedProcess(run: run, process: proc) }
                    }
                    if let directory = config.logDirectory, failed || config.logsEveryProcess {
                        let name = "\(model.rawValue)-run\(run)-proc\(proc + 1).log"
                        let text = result.log.joined(separator: "\n") + "\n"
                        try? Data(text.utf8).write(to: directory.appendingPathComponent(name))
                        report.logFiles.append(name)
                    }
                }
                if runFailed { report.failedRuns += 1 }
                reports[index] = report
            }
        }
        return SimulationReport(config: config, models: reports)
    }

    struct ProcessPlan {
        var start: Int64
        var duration: Double
        var identity: ProcessIdentity
        var exclusive: Bool
    }

    struct Finished {
        var exitCode: Int32
        var kind: String
        var log: [String]
    }

    /// The same workload for every model of a run, so the models are compared on equal terms.
    static func workload(_ config: SimulationConfig, run: Int) -> [ProcessPlan] {
        var rng = Xoshiro256StarStar(seed: SplitMix64.derive(config.seed, UInt64(run), 0))
        return (0..<config.processes).map { index in
            ProcessPlan(start: Nanos.seconds(rng.uniform(0...max(0, config.startJitter))),
                        duration: rng.logUniform(config.backupDuration),
                        identity: ProcessIdentity(hostname: "host\(index + 1)", pid: 1000 + rng.below(60_000)),
                        exclusive: index < config.exclusiveProcesses)
        }
    }

    static func simulate(_ config: SimulationConfig, model: ModelVersion, run: Int, plans: [ProcessPlan],
                         tracing traced: (process: Int, trace: LockTrace)? = nil) -> [Finished] {
        let clock = VirtualClock(epochUnixNanos: start)
        let storage = InMemoryBackend(flavor: config.backend, clock: clock,
                                      consistency: Consistency(listLagAfterDelete: config.listLag, readAfterWriteDelay: config.readAfterWriteDelay),
                                      seed: SplitMix64.derive(config.seed, UInt64(run), 1))
        var finished = [Finished?](repeating: nil, count: plans.count)
        var processes: [ResticProcess] = []
        for (index, plan) in plans.enumerated() {
            let options = ProcessOptions(command: .backup(duration: plan.duration), exclusive: plan.exclusive,
                                         retryLock: config.retryLock, connections: config.connections,
                                         timestampStyle: config.timestampStyle)
            let process = ResticProcess(version: model, identity: plan.identity, options: options, storage: storage,
                                        seed: SplitMix64.derive(config.seed, UInt64(run), 2, UInt64(index)),
                                        trace: traced?.process == index ? traced?.trace : nil)
            processes.append(process)
            clock.schedule(after: plan.start) {
                process.start { result in
                    finished[index] = Finished(exitCode: result.exitCode, kind: result.failure?.lock?.kind ?? "other",
                                               log: process.log.lines)
                }
            }
        }
        clock.run(until: 48 * Nanos.hour)
        return finished.enumerated().map { index, result in
            result ?? Finished(exitCode: -1, kind: "did not finish", log: processes[index].log.lines)
        }
    }
}
