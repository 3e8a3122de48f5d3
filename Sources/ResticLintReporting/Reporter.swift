import Foundation
import ResticLintModel
import ResticLintRules

/// What every report format receives besides the findings.
public struct ReportContext: Sendable {
    public var catalog: RuleCatalog
    public var useColor: Bool
    /// The process environment; the `github` format words its closing notice after `$GITHUB_STEP_SUMMARY`.
    public var environment: [String: String]
    /// Paths under this directory are reported relative to it (CI formats), and SARIF records it as the
    /// working directory.
    public var currentDirectory: String
    /// `--verbose`: the text report shows infos in full.
    public var verbose: Bool
    /// Findings are shown as their runs close (a live input) rather than after a leading summary.
    public var live: Bool
    /// The machine resticlint runs on, for records shipped elsewhere (`jsonl`).
    public var hostName: String?

    public init(catalog: RuleCatalog, useColor: Bool = false, environment: [String: String] = [:],
                currentDirectory: String? = nil, verbose: Bool = false, live: Bool = false, hostName: String? = nil) {
        self.catalog = catalog
        self.useColor = useColor
        self.environment = environment
        self.currentDirectory = currentDirectory ?? FileManager.default.currentDirectoryPath
        self.verbose = verbose
        self.live = live
        self.hostName = hostName
    }

    /// Shared by the context's copies: a format asks for the same few inputs' paths again and again.
    private let paths = ReportPathMemo()

    /// An input's name as CI formats show it: relative to `currentDirectory` when under it, else as given.
    public func path(of input: String) -> String { paths.path(of: input, in: currentDirectory) }
}

/// A report format that writes while the analysis runs: `begin` first, `closed` for every run as it
/// closes (with its findings), `end` with the totals. Each returns the text to append to the output:
/// rendering is pure, the caller writes. `begin` starts a new report, so one sink can render several.
public protocol ReportSink: AnyObject {
    func begin(_ context: ReportContext) -> String
    func closed(_ run: ClosedRun) -> String
    func end(_ summary: AnalysisSummary) -> String
}

/// A format that needs the whole report at once (`render`). It takes part in a streamed analysis
/// through `WholeReportSink`, which keeps the findings and renders at the end.
public protocol Reporter: Sendable {
    static var identifier: String { get }
    /// Whether the report draws runs' lock timelines (`RunSummary.lockTimeline`): when no report
    /// does, the analysis need not build them.
    static var drawsLockTimelines: Bool { get }
    func render(_ report: AnalysisReport, context: ReportContext) -> String
}

extension Reporter {
    public static var drawsLockTimelines: Bool { false }
}

/// Adapts a whole-report renderer to the streaming protocol.
public final class WholeReportSink: ReportSink {
    private let reporter: any Reporter
    private var context: ReportContext?
    private var findings: [Finding] = []

    public init(_ reporter: any Reporter) { self.reporter = reporter }

    public func begin(_ context: ReportContext) -> String {
        self.context = context
        findings = []
        return ""
    }

    public func closed(_ run: ClosedRun) -> String {
        findings += run.findings
        return ""
    }

    public func end(_ summary: AnalysisSummary) -> String {
        guard let context else { return "" }
        return reporter.render(AnalysisReport(summary, findings: findings), context: context)
    }
}

extension ReportSink {
    /// Renders a whole report through the streaming steps: runs in the order of their findings.
    public func render(_ report: AnalysisReport, context: ReportContext) -> String {
        var out = begin(context)
        let runs = Dictionary(report.runs.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var batch: [Finding] = []
        func flush() {
            guard let first = batch.first else { return }
            let run = runs[first.run] ?? RunSummary(id: first.run, input: first.input, startLine: first.line, endLine: first.lastLine)
            out += closed(ClosedRun(run: run, findings: batch))
            batch = []
        }
        for finding in report.findings {
            if let last = batch.last, last.run != finding.run || last.input != finding.input { flush() }
            batch.append(finding)
        }
        flush()
        return out + end(AnalysisSummary(report, catalog: context.catalog))
    }
}

extension AnalysisSummary {
    /// The summary of a report assembled as a whole.
    public init(_ report: AnalysisReport, catalog: RuleCatalog) {
        self.init(toolVersion: report.toolVersion, inputs: report.inputs, runs: report.runs, problems: report.problems,
                  suppressed: report.suppressed, tally: FindingTally(report.findings),
                  advice: report.upgradeAdvice(catalog: catalog))
    }
}

/// One output format, by the name `--format NAME[:PATH]` uses.
public struct ReportFormat: Sendable {
    public let identifier: String
    /// `Reporter.drawsLockTimelines`; no streaming format draws them.
    public let drawsLockTimelines: Bool
    private let make: @Sendable () -> any ReportSink

    public init(_ identifier: String, sink: @escaping @Sendable () -> any ReportSink) {
        self.identifier = identifier
        drawsLockTimelines = false
        make = sink
    }

    /// A whole-report renderer, fed through `WholeReportSink`.
    public init(whole reporter: some Reporter) {
        identifier = type(of: reporter).identifier
        drawsLockTimelines = type(of: reporter).drawsLockTimelines
        make = { WholeReportSink(reporter) }
    }

    public func sink() -> any ReportSink { make() }
}

public enum Reporters {
    /// Every format, in the order `--help` lists them.
    public static let formats: [ReportFormat] = [
        ReportFormat(TextReporter.identifier) { TextReporter() },
        ReportFormat(JSONReporter.identifier) { JSONReporter() },
        ReportFormat(JSONLinesReporter.identifier) { JSONLinesReporter() },
        ReportFormat(whole: MarkdownReporter()),
        ReportFormat(SARIFReporter.identifier) { SARIFReporter() },
        ReportFormat(GitHubReporter.identifier) { GitHubReporter() },
        ReportFormat(GitLabReporter.identifier) { GitLabReporter() },
        ReportFormat(whole: JUnitReporter()),
        ReportFormat(whole: HTMLReporter()),
        ReportFormat(whole: PrometheusReporter()),
    ]

    public static func named(_ identifier: String) -> (any ReportSink)? {
        formats.first { $0.identifier == identifier }?.sink()
    }

    public static var identifiers: [String] { formats.map(\.identifier) }
}
