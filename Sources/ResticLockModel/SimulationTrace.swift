/// One process of one simulated run, named so that it can be run again with its trace recorded.
public struct FailedProcess: Sendable, Equatable {
    /// The run number, from 1.
    public var run: Int
    /// The process index within the run, from 0.
    public var process: Int
}

extension Simulation {
    /// Runs one run of `config` again, the same as the first time (runs are deterministic), and
    /// returns the model's trace of one of its processes. Tracing every process of every run would
    /// cost the simulation time and memory for the few runs anyone looks at.
    public static func trace(_ failed: FailedProcess, model: ModelVersion, config: SimulationConfig) -> [LockTraceMark] {
        let plans = workload(config, run: failed.run)
        guard plans.indices.contains(failed.process) else { return [] }
        let trace = LockTrace()
        _ = simulate(config, model: model, run: failed.run, plans: plans, tracing: (failed.process, trace))
        return trace.marks
    }
}
