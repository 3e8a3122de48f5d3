/// The human report: one block per finding with its evidence, diagnosis and what to do.
public struct TextReporter: Reporter {
    public static let identifier = "text"
    public init() {}

    public func render(_ report: AnalysisReport, context: ReportContext) -> String {
        let paint = Paint(enabled: context.useColor)
        var out = ""
        let runs = Dictionary(uniqueKeysWithValues: report.runs.map { ($0.id, $0) })
        for finding in report.findings {
            let run = runs[finding.run]
            let version = run.map { describe($0.version) } ?? "restic version unknown"
            out += "\(paint.severity(finding.severity))[\(finding.rule)] \(paint.bold("\(finding.input):\(finding.line)"))"
            out += " (run \(finding.run), \(version), \(finding.confidence.rawValue))\n"
            out += "  \(paint.bold(finding.title))\n"
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
            out += "\n"
        }
        for input in report.failedInputs { out += "\(paint.severity(.error)): cannot read \(input.error ?? input.name)\n" }
        for problem in report.problems.prefix(20) {
            out += "\(paint.severity(.warning)): rule \(problem.rule) pattern \(problem.pattern) skipped line \(problem.line): \(problem.message)\n"
        }
        out += Self.summary(report) + "\n"
        return out
    }

    private func describe(_ version: VersionEvidence) -> String {
        switch version {
        case .unknown: return "restic version unknown"
        case .inferred(let range, _): return "restic \(range) inferred"
        default: return "restic \(version.value ?? "?") from \(version.label)"
        }
    }

    /// `2 findings (1 error, 1 info) in 2 runs of 3 inputs; 12 lines, 7 classified`
    static func summary(_ report: AnalysisReport) -> String {
        let stats = report.stats
        let bySeverity = Severity.allCases.reversed().compactMap { severity -> String? in
            let n = report.findings.filter { $0.severity == severity }.count
            return n > 0 ? "\(n) \(severity.rawValue)" : nil
        }
        let findings = stats.findings == 1 ? "1 finding" : "\(stats.findings) findings"
        let detail = bySeverity.isEmpty ? "" : " (\(bySeverity.joined(separator: ", ")))"
        return "\(findings)\(detail) in \(stats.runs) run\(stats.runs == 1 ? "" : "s") of \(report.inputs.count) input\(report.inputs.count == 1 ? "" : "s"); "
            + "\(stats.lines) lines, \(stats.classified) classified"
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
