import ResticLintModel
import ResticLintRules

/// The human report: a table of what was found per input and rule, then errors and warnings in full
/// (evidence, diagnosis, what to do) and infos on one line each (in full with `--verbose`). On a live
/// input each run's findings are printed when the run closes, and the table comes at the end.
public final class TextReporter: ReportSink {
    public static let identifier = "text"
    private var context = ReportContext(catalog: RuleCatalog(rules: []))
    private var paint = Paint(enabled: false)
    /// The finding blocks waiting for the leading table (not live).
    private var held = ""

    public init() {}

    public func begin(_ context: ReportContext) -> String {
        self.context = context
        paint = Paint(enabled: context.useColor)
        held = ""
        return ""
    }

    public func closed(_ run: ClosedRun) -> String {
        let text = run.findings.map { finding in
            finding.severity >= .warning || context.verbose ? block(finding, run: run.run) : condensed(finding)
        }.joined()
        if context.live { return text }
        held += text
        return ""
    }

    public func end(_ summary: AnalysisSummary) -> String {
        var out = ""
        let table = TextReporter.table(summary.tally, paint: paint)
        if context.live {
            out += table.isEmpty ? "" : "\n" + table
        } else {
            out += table.isEmpty ? "" : table + "\n"
            out += held
        }
        held = ""
        for input in summary.failedInputs { out += "\(paint.severity(.error)): cannot read \(input.error ?? input.name)\n" }
        for problem in summary.problems.prefix(20) {
            out += "\(paint.severity(.warning)): rule \(problem.rule) pattern \(problem.pattern) skipped line \(problem.line): \(problem.message)\n"
        }
        return out + TextReporter.summaryLine(summary) + "\n"
    }

    private func block(_ finding: Finding, run: RunSummary) -> String {
        var out = "\(paint.severity(finding.severity))[\(finding.rule)] \(paint.bold("\(finding.input):\(finding.line)"))"
        out += " (run \(finding.run), \(describe(run.version)), \(finding.confidence.rawValue))\n"
        out += "  \(paint.bold(finding.title))\n"
        if finding.occurrences > 1 {
            out += "  occurrences: \(finding.occurrences), lines \(finding.line)–\(finding.lastLine) (the first shown)\n"
        }
        if let lock = finding.lock {
            out += "  lock: \(lock)" + (finding.relatedLocks.isEmpty ? "" : "; related: \(finding.relatedLocks.joined(separator: ", "))") + "\n"
        }
        let width = String(finding.evidence.last?.line ?? 0).count
        for line in finding.evidence {
            let number = String(repeating: " ", count: width - String(line.line).count) + String(line.line)
            for (i, part) in line.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                out += "  \(paint.dim(i == 0 ? number : String(repeating: " ", count: width))) | \(part)\n"
            }
        }
        out += "  diagnosis: \(finding.message)\n"
        if let fixed = finding.fixedIn {
            out += "  fixed in: restic \(fixed)" + (finding.affected.map { " (affected \($0))" } ?? "") + "\n"
        }
        if !finding.remediation.isEmpty {
            out += "  what to do:\n" + finding.remediation.map { "    - \($0)\n" }.joined()
        }
        if let replay = finding.reference {
            if replay.observedModel == replay.fixedModel {
                out += "  restic \(replay.fixedModel)+ model (this run's behaviour, with every fix): \(replay.fixedOutcome)\n"
            } else if replay.observedOutcome == replay.fixedOutcome {
                out += "  restic \(replay.observedModel) and \(replay.fixedModel)+ models alike: \(replay.fixedOutcome)\n"
            } else {
                out += "  restic \(replay.observedModel) model: \(replay.observedOutcome)\n"
                out += "  restic \(replay.fixedModel)+ model: \(replay.fixedOutcome)\n"
            }
        }
        if !finding.references.isEmpty { out += "  more info: \(finding.references.joined(separator: " "))\n" }
        return out + "\n"
    }

    /// `info[retry-recovered] log:166 (run 7, 12× to line 880): title; Load data: 503 Service Unavailable`
    private func condensed(_ finding: Finding) -> String {
        let repeats = finding.occurrences > 1 ? ", \(finding.occurrences)× to line \(finding.lastLine)" : ""
        let file = finding.occurrences > 1 ? finding.fields["handle_type"].map { "\($0) files" } : finding.fields["handle"]
        let subject = [finding.lock ?? [finding.fields["op"], file].compactMap { $0 }.joined(separator: " "),
                       finding.error.map { ReportText.truncated($0, to: 100) }].compactMap { $0 }.filter { !$0.isEmpty }
        return "\(paint.severity(finding.severity))[\(finding.rule)] \(finding.input):\(finding.line) (run \(finding.run)\(repeats)): "
            + finding.title + (subject.isEmpty ? "" : "; " + subject.joined(separator: ": ")) + "\n"
    }

    private func describe(_ version: VersionEvidence) -> String {
        switch version {
        case .unknown: return "restic version unknown"
        case .inferred(let range, _): return "restic \(range) inferred"
        default: return "restic \(version.value ?? "?") from \(version.label)"
        }
    }

    /// Per input and rule: severity, findings, occurrences, runs; most severe first within an input.
    static func table(_ tally: FindingTally, paint: Paint) -> String {
        guard !tally.rows.isEmpty else { return "" }
        let inputs = tally.rows.reduce(into: [String]()) { if !$0.contains($1.input) { $0.append($1.input) } }
        let rows = tally.rows.sorted { a, b in
            let (ia, ib) = (inputs.firstIndex(of: a.input)!, inputs.firstIndex(of: b.input)!)
            return (ia, b.severity, a.rule) < (ib, a.severity, b.rule)
        }
        let header = ["input", "rule", "severity", "findings", "occurrences", "runs"]
        let cells = rows.map { [$0.input, $0.rule, $0.severity.rawValue, String($0.findings), String($0.occurrences), String($0.runs)] }
        let widths = header.indices.map { column in ([header] + cells).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return i >= 3 ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingTrailingSpaces() + "\n"
        }
        return paint.bold(String(line(header).dropLast())) + "\n" + cells.map(line).joined()
    }

    /// `2 findings (1 error, 1 info) in 2 runs of 3 inputs; 12 lines, 7 classified`
    static func summaryLine(_ summary: AnalysisSummary) -> String {
        let stats = summary.stats
        let bySeverity = Severity.allCases.reversed().compactMap { severity -> String? in
            let n = summary.tally.count(severity)
            return n > 0 ? "\(n) \(severity.rawValue)" : nil
        }
        let findings = stats.findings == 1 ? "1 finding" : "\(stats.findings) findings"
        let detail = bySeverity.isEmpty ? "" : " (\(bySeverity.joined(separator: ", ")))"
        return "\(findings)\(detail) in \(stats.runs) run\(stats.runs == 1 ? "" : "s") of \(summary.inputs.count) input\(summary.inputs.count == 1 ? "" : "s"); "
            + "\(stats.lines) lines, \(stats.classified) classified"
    }

    /// The same line for a whole report.
    public static func summary(_ report: AnalysisReport) -> String {
        summaryLine(AnalysisSummary(toolVersion: report.toolVersion, inputs: report.inputs, runs: report.runs,
                                    problems: report.problems, suppressed: report.suppressed,
                                    tally: FindingTally(report.findings),
                                    advice: UpgradeAdvisor.Advice(groups: [], operational: [], missingVersionEvidence: nil)))
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var out = self
        while out.last == " " { out.removeLast() }
        return out
    }
}

/// ANSI styling, only when writing to a terminal that wants it.
struct Paint {
    let enabled: Bool
    func wrap(_ text: String, _ code: String) -> String { enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    func bold(_ text: String) -> String { wrap(text, "1") }
    func dim(_ text: String) -> String { wrap(text, "2") }
    func severity(_ severity: Severity) -> String {
        switch severity {
        case .error: return wrap("error", "1;31")
        case .warning: return wrap("warning", "1;33")
        case .info: return wrap("info", "1;36")
        }
    }
}
