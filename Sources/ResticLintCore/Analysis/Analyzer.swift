import Dispatch
import Foundation
import ResticFormats

/// The library's entry point: analyse inputs against a rule catalogue.
public struct Analyzer: Sendable {
    public static let toolVersion = "0.1.0"

    public let catalog: RuleCatalog
    /// `--restic-version`: used for runs whose log shows no banner or versioned binary path.
    public let flagVersion: ResticVersion?
    private let prefilter: Prefilter

    public init(catalog: RuleCatalog, flagVersion: ResticVersion? = nil) {
        self.catalog = catalog
        self.flagVersion = flagVersion
        prefilter = Prefilter(catalog: catalog)
    }

    /// Inputs are scanned in parallel, one per core; the merge puts them back in argument order, so
    /// the report is the same whatever the parallelism.
    public func analyze(_ sources: [InputSource], parallel: Bool = true) -> AnalysisReport {
        let results = ResultSlots<InputScanner.Result>(count: sources.count)
        let catalog = catalog, prefilter = prefilter, flagVersion = flagVersion
        let scan: @Sendable (Int) -> Void = { index in
            results[index] = InputScanner.scan(sources[index], index: index, catalog: catalog, prefilter: prefilter,
                                               flagVersion: flagVersion)
        }
        if parallel && sources.count > 1 {
            DispatchQueue.concurrentPerform(iterations: sources.count, execute: scan)
        } else {
            (0..<sources.count).forEach(scan)
        }
        return merge(results.values, sources: sources)
    }

    /// Text analysis for rule examples and tests: the same pipeline over an in-memory log.
    public func analyze(text: String, name: String = "<example>") -> AnalysisReport {
        let bytes = Array(text.utf8)
        let result = bytes.withUnsafeBufferPointer { buffer in
            InputScanner.scanMemory(buffer, name: name, catalog: catalog, prefilter: prefilter, flagVersion: flagVersion)
        }
        return merge([result], sources: [InputSource(name: name, origin: .standardInput)])
    }

    /// Numbers runs globally in input order, so the report does not depend on scan order.
    private func merge(_ results: [InputScanner.Result], sources: [InputSource]) -> AnalysisReport {
        var runs: [RunSummary] = []
        var findings: [Finding] = []
        var offset = 0
        for result in results {
            runs += result.runs.map { run in
                var run = run
                run.id += offset
                return run
            }
            findings += result.findings.map { finding in
                var finding = finding
                finding.run += offset
                return finding
            }
            offset += result.runs.count
        }
        findings.sort { ($0.inputIndex, $0.line, $0.rule) < ($1.inputIndex, $1.line, $1.rule) }
        return AnalysisReport(toolVersion: Analyzer.toolVersion, inputs: results.map(\.summary), runs: runs,
                              findings: findings, problems: results.flatMap(\.problems))
    }
}

/// Write-once slots filled from concurrent workers, each worker writing only its own index.
final class ResultSlots<Value>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    subscript(index: Int) -> Value? {
        get { lock.withLock { slots[index] } }
        set { lock.withLock { slots[index] = newValue } }
    }

    var values: [Value] { lock.withLock { slots.compactMap { $0 } } }
}
