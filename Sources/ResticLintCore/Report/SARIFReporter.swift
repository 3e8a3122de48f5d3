/// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one run, every rule of the catalogue
/// as a reporting descriptor, one result per finding anchored at its trigger line.
public struct SARIFReporter: Reporter {
    public static let identifier = "sarif"
    public static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
    /// `runAutomationDetails.id`: the category that keeps log findings apart from code findings.
    public static let automationID = "restic-logs/"
    /// The `uriBaseId` relative artifact locations are resolved against.
    static let baseID = "SRCROOT"
    /// GitHub truncates descriptions longer than this.
    static let descriptionLimit = 1024

    public init() {}

    public func render(_ report: AnalysisReport, context: ReportContext) -> String {
        SARIFReporter.document(report, context: context).serialized() + "\n"
    }

    public static func document(_ report: AnalysisReport, context: ReportContext) -> JSONValue {
        let rules = descriptorRules(report, catalog: context.catalog)
        let index = Dictionary(rules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let runs = Dictionary(report.runs.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let hashes = Fingerprints.primaryLocationLineHashes(report.findings)
        let results = report.findings.enumerated().map { i, finding in
            result(finding, ruleIndex: index[finding.rule] ?? 0, hash: hashes[i], run: runs[finding.run], context: context)
        }
        let workingDirectory = ReportPaths.directoryURI(context.currentDirectory)
        var notifications: [JSONValue] = report.failedInputs.map { input in
            .object([
                ("level", .string("error")),
                ("message", .object([("text", .string("cannot read \(input.error ?? input.name)"))])),
                ("locations", .array([.object([("physicalLocation", .object([("artifactLocation", artifactLocation(input.name, context: context))]))])])),
            ])
        }
        notifications += report.problems.map { problem in
            var pairs: [(String, JSONValue)] = [
                ("level", .string("warning")),
                ("message", .object([("text", .string("pattern \(problem.pattern) skipped line \(problem.line): \(problem.message)"))])),
            ]
            var rule: [(String, JSONValue)] = [("id", .string(problem.rule))]
            if let i = index[problem.rule] { rule.append(("index", .int(i))) }
            pairs.append(("associatedRule", .object(rule)))
            return .object(pairs)
        }
        var invocation: [(String, JSONValue)] = [
            ("executionSuccessful", .bool(report.failedInputs.isEmpty)),
            ("workingDirectory", .object([("uri", .string(workingDirectory))])),
        ]
        if !notifications.isEmpty { invocation.append(("toolExecutionNotifications", .array(notifications))) }

        let driver: JSONValue = .object([
            ("name", .string("resticlint")),
            ("version", .string("\(report.toolVersion)+rules.\(context.catalog.version)")),
            ("semanticVersion", .string(report.toolVersion)),
            ("rules", .array(rules.map(\.json))),
        ])
        let run: JSONValue = .object([
            ("tool", .object([("driver", driver)])),
            ("automationDetails", .object([("id", .string(automationID))])),
            ("originalUriBaseIds", .object([(baseID, .object([("uri", .string(workingDirectory))]))])),
            ("invocations", .array([.object(invocation)])),
            ("columnKind", .string("utf16CodeUnits")),
            ("results", .array(results)),
        ])
        return .object([("$schema", .string(schemaURI)), ("version", .string("2.1.0")), ("runs", .array([run]))])
    }

    // MARK: rules

    struct Descriptor {
        var id: String
        var json: JSONValue
    }

    /// Every catalogue rule in catalogue order, then any rule a finding names that the catalogue lacks.
    static func descriptorRules(_ report: AnalysisReport, catalog: RuleCatalog) -> [Descriptor] {
        var descriptors = catalog.rules.map { Descriptor(id: $0.id, json: descriptor($0.definition)) }
        var known = Set(descriptors.map(\.id))
        for finding in report.findings where known.insert(finding.rule).inserted {
            descriptors.append(Descriptor(id: finding.rule, json: .object([
                ("id", .string(finding.rule)),
                ("shortDescription", .object([("text", .string(ReportText.truncated(finding.title, to: descriptionLimit)))])),
                ("defaultConfiguration", .object([("level", .string(level(finding.severity)))])),
            ])))
        }
        return descriptors
    }

    static func descriptor(_ rule: RuleDefinition) -> JSONValue {
        let steps = ReportText.ruleRemediation(rule)
        var text = ReportText.sentence(rule.title)
        if !steps.isEmpty { text += "\n\nWhat to do:\n" + steps.map { "- \($0)" }.joined(separator: "\n") }
        if !rule.references.isEmpty { text += "\n\nReferences:\n" + rule.references.map { "- \($0)" }.joined(separator: "\n") }
        var markdown = "**\(Markdown.text(rule.title))**\n\n\(Markdown.text(oneParagraph(rule.summary)))"
        if !steps.isEmpty { markdown += "\n\n**What to do**\n\n" + steps.map { "- \(Markdown.text($0))" }.joined(separator: "\n") }
        if !rule.references.isEmpty { markdown += "\n\n**References**\n\n" + rule.references.map { "- <\($0)>" }.joined(separator: "\n") }

        var tags: [String] = []
        for tag in rule.tags + ["restic"] where !tags.contains(tag) { tags.append(tag) }
        var pairs: [(String, JSONValue)] = [
            ("id", .string(rule.id)),
            ("name", .string(pascalCase(rule.id))),
            ("shortDescription", .object([("text", .string(ReportText.truncated(oneParagraph(rule.summary), to: descriptionLimit)))])),
            ("fullDescription", .object([("text", .string(ReportText.truncated(oneParagraph(rule.rationale), to: descriptionLimit)))])),
        ]
        if let first = rule.references.first { pairs.append(("helpUri", .string(first))) }
        pairs += [
            ("help", .object([("text", .string(text)), ("markdown", .string(markdown))])),
            ("defaultConfiguration", .object([("level", .string(level(rule.severity)))])),
            ("properties", .object([("tags", .strings(Array(tags.prefix(20))))])),
        ]
        return .object(pairs)
    }

    /// `breaker-misfire` → `BreakerMisfire`: SARIF wants an identifier-like rule name.
    static func pascalCase(_ id: String) -> String {
        id.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// Folded YAML paragraphs keep their line breaks; descriptions read better as running text.
    static func oneParagraph(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: true)
            .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "note"
        }
    }

    // MARK: results

    static func result(_ finding: Finding, ruleIndex: Int, hash: String, run: RunSummary?, context: ReportContext) -> JSONValue {
        let primary = Fingerprints.primaryEvidence(finding)
        var pairs: [(String, JSONValue)] = [
            ("ruleId", .string(finding.rule)),
            ("ruleIndex", .int(ruleIndex)),
            ("level", .string(level(finding.severity))),
        ]
        // With a baseline, code scanning can tell new findings from known ones.
        if let isNew = finding.isNew { pairs.append(("baselineState", .string(isNew ? "new" : "unchanged"))) }
        pairs += [
            ("message", .object([("text", .string(ReportText.titled(finding)))])),
            ("locations", .array([location(finding, line: finding.line, evidence: primary, context: context)])),
        ]
        let related = finding.evidence.filter { $0.line != primary?.line }
        if !related.isEmpty {
            pairs.append(("relatedLocations", .array(related.enumerated().map { i, evidence in
                location(finding, line: evidence.line, evidence: evidence, context: context, id: i + 1)
            })))
        }
        pairs.append(("partialFingerprints", .object([("primaryLocationLineHash", .string(hash))])))
        pairs.append(("properties", .object([
            ("lock", .optional(finding.lock)),
            ("relatedLocks", .strings(finding.relatedLocks)),
            ("confidence", .string(finding.confidence.rawValue)),
            ("fixedIn", .optional(finding.fixedIn)),
            ("affected", .optional(finding.affected)),
            ("run", .int(finding.run)),
            ("resticVersion", .optional(run?.version.value)),
        ])))
        return .object(pairs)
    }

    static func artifactLocation(_ input: String, context: ReportContext) -> JSONValue {
        let path = context.path(of: input)
        var pairs: [(String, JSONValue)] = [("uri", .string(ReportPaths.uri(path)))]
        if !path.hasPrefix("/") { pairs.append(("uriBaseId", .string(baseID))) }
        return .object(pairs)
    }

    static func location(_ finding: Finding, line: Int, evidence: EvidenceLine?, context: ReportContext, id: Int? = nil) -> JSONValue {
        var physical: [(String, JSONValue)] = [("artifactLocation", artifactLocation(finding.input, context: context))]
        if let region = region(finding, line: line, evidence: evidence) { physical.append(("region", region)) }
        var pairs: [(String, JSONValue)] = []
        if let id { pairs.append(("id", .int(id))) }
        pairs.append(("physicalLocation", .object(physical)))
        if id != nil, let evidence { pairs.append(("message", .object([("text", .string(evidence.text))]))) }
        return .object(pairs)
    }

    /// The whole evidence line (or block); nil for a line < 1, which SARIF forbids (JSON1008).
    static func region(_ finding: Finding, line: Int, evidence: EvidenceLine?) -> JSONValue? {
        guard line >= 1 else { return nil }
        guard let evidence else { return .object([("startLine", .int(line))]) }
        let parts = evidence.text.split(separator: "\n", omittingEmptySubsequences: false)
        var endLine = line
        if parts.count > 1 {
            // A multi-line message (the already-locked block) covers the consecutive lines in `lines`.
            let next = finding.evidence.map(\.line).filter { $0 > line }.min() ?? Int.max
            let covered = Set(finding.lines)
            while covered.contains(endLine + 1), endLine + 1 < next { endLine += 1 }
            endLine = max(endLine, line)
        }
        return .object([
            ("startLine", .int(line)), ("startColumn", .int(1)),
            ("endLine", .int(endLine)), ("endColumn", .int((parts.last.map { $0.utf16.count } ?? 0) + 1)),
        ])
    }
}
