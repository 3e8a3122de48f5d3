import ResticLintModel

/// JUnit XML for CI test views (GitLab `artifacts:reports:junit`, Jenkins): one testcase per rule and
/// input, so every check that passed shows green; a failing case holds one `<failure>` listing the
/// rule's findings in that input. An unreadable input is an `<error>` case, and its rule cases are skipped.
public struct JUnitReporter: Reporter {
    public static let identifier = "junit"
    public init() {}

    struct Case {
        var classname: String
        var name: String
        var body: String?  // the child element, nil for a pass
    }

    public func render(_ report: AnalysisReport, context: ReportContext) -> String {
        var ruleOrder = context.catalog.rules.map { ($0.id, $0.definition.severity) }
        for finding in report.findings where !ruleOrder.contains(where: { $0.0 == finding.rule }) {
            ruleOrder.append((finding.rule, finding.severity))
        }
        var byCase: [String: [Finding]] = [:]
        for finding in report.findings {
            let index = JUnitReporter.inputIndex(of: finding, in: report)
            byCase["\(finding.rule)\u{0}\(index)", default: []].append(finding)
        }
        var cases: [Case] = []
        var failures = 0, errors = 0, skipped = 0
        for input in report.failedInputs {
            let message = "cannot read \(input.error ?? input.name)"
            cases.append(Case(classname: "resticlint", name: context.path(of: input.name),
                              body: "<error message=\"\(JUnitReporter.escape(message))\" type=\"unreadable-input\"/>"))
            errors += 1
        }
        for (rule, ruleSeverity) in ruleOrder {
            for (inputIndex, input) in report.inputs.enumerated() {
                let name = context.path(of: input.name)
                if input.error != nil {
                    cases.append(Case(classname: rule, name: name, body: "<skipped message=\"input could not be read\"/>"))
                    skipped += 1
                    continue
                }
                let found = byCase["\(rule)\u{0}\(inputIndex)"] ?? []
                guard let first = found.first else {
                    cases.append(Case(classname: rule, name: name, body: nil))
                    continue
                }
                let severity = found.map(\.severity).max() ?? ruleSeverity
                let message = "\(ReportText.plural(found.count, "finding")): \(first.title)"
                let lines = found.map { finding in
                    var line = "\(name):\(finding.line): \(finding.message)"
                    if let lock = finding.lock { line += " [lock \(lock)]" }
                    if let fixed = finding.fixedIn { line += " Fixed in restic \(fixed)." }
                    return line
                }
                cases.append(Case(classname: rule, name: name, body:
                    "<failure message=\"\(JUnitReporter.escape(message))\" type=\"\(severity.rawValue)\">"
                    + JUnitReporter.escape(lines.joined(separator: "\n"), attribute: false) + "</failure>"))
                failures += 1
            }
        }
        let counts = "tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"\(errors)\""
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"resticlint\" \(counts) time=\"0\">\n"
        out += "  <testsuite name=\"resticlint\" \(counts) skipped=\"\(skipped)\" time=\"0\">\n"
        out += "    <properties>\n"
        out += "      <property name=\"resticlint.version\" value=\"\(JUnitReporter.escape(report.toolVersion))\"/>\n"
        out += "    </properties>\n"
        for c in cases {
            let open = "    <testcase classname=\"\(JUnitReporter.escape(c.classname))\" name=\"\(JUnitReporter.escape(c.name))\" time=\"0\""
            if let body = c.body {
                out += open + ">\n      \(body)\n    </testcase>\n"
            } else {
                out += open + "/>\n"
            }
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    /// Findings carry their input's index; for a report assembled by hand that does not match, the name decides.
    static func inputIndex(of finding: Finding, in report: AnalysisReport) -> Int {
        if report.inputs.indices.contains(finding.inputIndex), report.inputs[finding.inputIndex].name == finding.input {
            return finding.inputIndex
        }
        return report.inputs.firstIndex { $0.name == finding.input } ?? -1
    }

    /// XML 1.0 escaping. Characters XML cannot carry at all (most C0 controls, U+FFFE/U+FFFF) become
    /// U+FFFD; in attributes, line breaks and tabs become character references so they survive
    /// attribute-value normalisation.
    public static func escape(_ s: String, attribute: Bool = true) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += attribute ? "&#10;" : "\n"
            case "\r": out += "&#13;"
            case "\t": out += attribute ? "&#9;" : "\t"
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
                out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
