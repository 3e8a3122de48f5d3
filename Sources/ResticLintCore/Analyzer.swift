import Dispatch
import Foundation
import ResticFormats
import ResticLintPipeline
import ResticLintRules
import ResticLintModel

/// The library's entry point: analyse inputs against a rule catalogue.
public struct Analyzer: Sendable {
    public static let toolVersion = ToolVersion.current

    public let catalog: RuleCatalog
    /// `--restic-version`: used for runs whose log shows no banner or versioned binary path.
    public let flagVersion: ResticVersion?
    private let prefilter: Prefilter

    public init(catalog: RuleCatalog, flagVersion: ResticVersion? = nil) {
        self.catalog = catalog
        self.flagVersion = flagVersion
        prefilter = Prefilter(catalog: catalog)
    }

    /// Streams the inputs through the pipeline: `deliver` receives each run with its findings as soon as
    /// it closes, one call at a time, in output order (inputs in argument order, runs in the order they
    /// close, numbered globally). Inputs are scanned in parallel, one per core; a later input's runs wait
    /// until the inputs before it are done, so the output is the same whatever the parallelism.
    public func stream(_ sources: [InputSource], options: StreamOptions = StreamOptions(), parallel: Bool = true,
                       deliver: @escaping (ClosedRun) -> Void) -> ScanOutcome {
        let delivery = OrderedDelivery(deliver)
        let results = ResultSlots<InputScanner.Result>(count: sources.count)
        let catalog = catalog, prefilter = prefilter, flagVersion = flagVersion
        let scan: @Sendable (Int) -> Void = { index in
            let result = InputScanner.scan(sources[index], index: index, catalog: catalog, prefilter: prefilter,
                                           flagVersion: flagVersion, options: options) { delivery.add($0, input: index) }
            results[index] = result
            delivery.finish(input: index, runs: result.runCount)
        }
        if parallel && sources.count > 1 {
            DispatchQueue.concurrentPerform(iterations: sources.count, execute: scan)
        } else {
            (0..<sources.count).forEach(scan)
        }
        let values = results.values
        return ScanOutcome(inputs: values.map(\.summary), problems: values.flatMap(\.problems))
    }

    /// The whole report at once, for callers that want every finding in memory (tests, `recommend`).
    public func analyze(_ sources: [InputSource], parallel: Bool = true) -> AnalysisReport {
        let assembler = ReportAssembler(catalog: catalog)
        var findings: [Finding] = []
        let outcome = stream(sources, parallel: parallel) { closed in
            assembler.add(closed)
            findings += closed.findings
        }
        return AnalysisReport(assembler.finish(outcome), findings: findings)
    }

    /// Text analysis for rule examples and tests: the same pipeline over an in-memory log.
    public func analyze(text: String, name: String = "<example>") -> AnalysisReport {
        analyze(text: text, name: name, lazyMatching: true)
    }

    /// `lazyMatching: false` matches every pattern as the classifier meets its message, none later
    /// (`DeferredPatterns`): the reports must be the same, and tests compare them.
    package func analyze(text: String, name: String = "<example>", lazyMatching: Bool) -> AnalysisReport {
        let assembler = ReportAssembler(catalog: catalog)
        var findings: [Finding] = []
        let bytes = Array(text.utf8)
        let result = bytes.withUnsafeBufferPointer { buffer in
            InputScanner.scanMemory(buffer, name: name, catalog: catalog, prefilter: prefilter, flagVersion: flagVersion,
                                    lazyMatching: lazyMatching) { closed in
                assembler.add(closed)
                findings += closed.findings
            }
        }
        return AnalysisReport(assembler.finish(ScanOutcome(inputs: [result.summary], problems: result.problems)), findings: findings)
    }
}

/// How inputs that stay open are read.
public struct StreamOptions: Sendable {
    /// Close the open runs of a pipe or followed file after this many seconds without input, so their
    /// findings come out while the pipe stays open; nil never closes on silence.
    public var idleClose: Double?
    /// Called now and then while an input is read (after each block), on the scanning thread.
    public var progress: (@Sendable (InputProgress) -> Void)?
    /// Whether each run with findings keeps the lock timeline its log shows (`RunSummary.lockTimeline`);
    /// a caller whose reports draw none saves building them.
    public var lockTimelines: Bool

    public init(idleClose: Double? = nil, progress: (@Sendable (InputProgress) -> Void)? = nil, lockTimelines: Bool = true) {
        self.idleClose = idleClose
        self.progress = progress
        self.lockTimelines = lockTimelines
    }
}

/// How far the scan of one input has come.
public struct InputProgress: Sendable {
    public var input: String
    public var bytes: Int
    public var runs: Int
    public var findings: Int
}

/// Hands closed runs on in input order: the first unfinished input's runs go out at once, later
/// inputs' runs wait for it. Runs are renumbered after the runs of the inputs before them.
/// Sendable because every method body runs under `lock`, `deliver` included: the mutable state and the
/// caller's closure are only touched by one thread at a time.
final class OrderedDelivery: @unchecked Sendable {
    private let lock = NSLock()
    private let deliver: (ClosedRun) -> Void
    private var current = 0
    private var runOffset = 0
    private var waiting: [Int: [ClosedRun]] = [:]
    private var finishedRuns: [Int: Int] = [:]

    init(_ deliver: @escaping (ClosedRun) -> Void) { self.deliver = deliver }

    func add(_ closed: ClosedRun, input: Int) {
        lock.withLock {
            if input == current { emit(closed) } else { waiting[input, default: []].append(closed) }
        }
    }

    func finish(input: Int, runs: Int) {
        lock.withLock {
            finishedRuns[input] = runs
            while let runs = finishedRuns[current] {
                runOffset += runs
                current += 1
                for closed in waiting.removeValue(forKey: current) ?? [] { emit(closed) }
            }
        }
    }

    private func emit(_ closed: ClosedRun) {
        var closed = closed
        closed.run.id += runOffset
        for i in closed.findings.indices { closed.findings[i].run += runOffset }
        deliver(closed)
    }
}

/// Write-once slots filled from concurrent workers, each worker writing only its own index.
/// Sendable because `slots` is only accessed under `lock`, and the values crossing threads are Sendable.
final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    subscript(index: Int) -> Value? {
        get { lock.withLock { slots[index] } }
        set { lock.withLock { slots[index] = newValue } }
    }

    var values: [Value] { lock.withLock { slots.compactMap { $0 } } }
}
