import ResticFormats
import ResticLintModel
import ResticLintRules

/// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one run, every rule of the catalogue
/// as a reporting descriptor, one result per finding anchored at its trigger line. Results are written
/// as their runs close; the tool and its rules, and the invocation (unreadable inputs, rule problems)
/// follow at the end (SARIF's members have no order).
public final class SARIFReporter: ReportSink {
    public static let identifier = "sarif"
    public static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
    /// `runAutomationDetails.id`: the category that keeps log findings apart from code findings.
    public static let automationID = "restic-logs/"
    /// The `uriBaseId` relative artifact locations are resolved against.
    static let baseID = "SRCROOT"
    /// GitHub truncates descriptions longer than this.
    static let descriptionLimit = 1024

    private var context = ReportContext(catalog: RuleCatalog(rules: []))
    private var ruleIndex: [String: Int] = [:]
    /// Descriptors for rules the catalogue lacks (a report assembled by hand), after the catalogue's.
    private var extraRules: [JSONValue] = []
    private var hashes = Fingerprints.LineHashes()
    private var written = 0
    /// Per input: every result names its input once per evidence line, and encoding the path as a
    /// URI each time cost more than the rest of the location.
    private var artifacts: [String: JSONValue] = [:]

    public init() {}

    public func begin(_ context: ReportContext) -> String {
        self.context = context
        hashes = Fingerprints.LineHashes()
        written = 0
        extraRules = []
        artifacts = [:]
        ruleIndex = Dictionary(context.catalog.rules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let workingDirectory = ReportPaths.directoryURI(context.currentDirectory)
        let head: [(String, JSONValue)] = [
            ("automationDetails", .object([("id", .string(SARIFReporter.automationID))])),
            ("originalUriBaseIds", .object([(SARIFReporter.baseID, .object([("uri", .string(workingDirectory))]))])),
            ("columnKind", .string("utf16CodeUnits")),
        ]
        return "{\n  \"$schema\": \(JSONValue.string(SARIFReporter.schemaURI).serialized()),\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {"
            + head.map { "\n      \(JSONValue.string($0.0).serialized()): \($0.1.serialized(level: 3))," }.joined()
            + "\n      \"results\": ["
    }

    public func closed(_ run: ClosedRun) -> String {
        run.findings.map { finding in
            written += 1
            if ruleIndex[finding.rule] == nil {
                ruleIndex[finding.rule] = context.catalog.rules.count + extraRules.count
                extraRules.append(.object([
                    ("id", .string(finding.rule)),
                    ("shortDescription", .object([("text", .string(ReportText.truncated(finding.title, to: SARIFReporter.descriptionLimit)))])),
                    ("defaultConfiguration", .object([("level", .string(SARIFReporter.level(finding.severity)))])),
                ]))
            }
            let artifact = artifacts[finding.input] ?? SARIFReporter.artifactLocation(finding.input, context: context)
            artifacts[finding.input] = artifact
            let result = SARIFReporter.result(finding, ruleIndex: ruleIndex[finding.rule], hash: hashes.next(finding),
                                              run: run.run, artifact: artifact)
            return (written > 1 ? "," : "") + "\n        " + result.serialized(level: 4)
        }.joined()
    }

    public func end(_ summary: AnalysisSummary) -> String {
        var notifications: [JSONValue] = summary.failedInputs.map { input in
            .object([
                ("level", .string("error")),
                ("message", .object([("text", .string("cannot read \(input.error ?? input.name)"))])),
                ("locations", .array([.object([("physicalLocation", .object([("artifactLocation", SARIFReporter.artifactLocation(input.name, context: context))]))])])),
            ])
        }
        notifications += summary.problems.map { problem in
            var pairs: [(String, JSONValue)] = [
                ("level", .string("warning")),
                ("message", .object([("text", .string("pattern \(problem.pattern) skipped line \(problem.line): \(problem.message)"))])),
            ]
            var rule: [(String, JSONValue)] = [("id", .string(problem.rule))]
            if let i = ruleIndex[problem.rule] { rule.append(("index", .int(i))) }
            pairs.append(("associatedRule", .object(rule)))
            return .object(pairs)
        }
        var invocation: [(String, JSONValue)] = [
            ("executionSuccessful", .bool(summary.failedInputs.isEmpty)),
            ("workingDirectory", .object([("uri", .string(ReportPaths.directoryURI(context.currentDirectory)))])),
        ]
        if !notifications.isEmpty { invocation.append(("toolExecutionNotifications", .array(notifications))) }
        let driver: JSONValue = .object([
            ("name", .string("resticlint")),
            ("version", .string("\(summary.toolVersion)+rules.\(context.catalog.version)")),
            ("semanticVersion", .string(summary.toolVersion)),
            ("rules", .array(context.catalog.rules.map { SARIFReporter.descriptor($0.definition) } + extraRules)),
        ])
        return (written > 0 ? "\n      ]" : "]") + ",\n      \"tool\": " + JSONValue.object([("driver", driver)]).serialized(level: 3)
            + ",\n      \"invocations\": "
            + JSONValue.array([.object(invocation)]).serialized(level: 3) + "\n    }\n  ]\n}\n"
    }

    // MARK: rules

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
            .map { ReportTrim.trimmed($0, .whitespaces) }.joined(separator: " ")
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "note"
        }
    }

    // MARK: results

    /// `artifact`: the finding's input (`artifactLocation`).
    static func result(_ finding: Finding, ruleIndex: Int?, hash: String, run: RunSummary?, artifact: JSONValue) -> JSONValue {
        let primary = Fingerprints.primaryEvidence(finding)
        var pairs: [(String, JSONValue)] = [("ruleId", .string(finding.rule))]
        if let ruleIndex { pairs.append(("ruleIndex", .int(ruleIndex))) }
        pairs.append(("level", .string(level(finding.severity))))
        // With a baseline, code scanning can tell new findings from known ones.
        if let isNew = finding.isNew { pairs.append(("baselineState", .string(isNew ? "new" : "unchanged"))) }
        pairs += [
            ("message", .object([("text", .string(ReportText.titled(finding)))])),
            ("locations", .array([location(finding, line: finding.line, evidence: primary, artifact: artifact)])),
        ]
        let related = finding.evidence.filter { $0.line != primary?.line }
        if !related.isEmpty {
            pairs.append(("relatedLocations", .array(related.enumerated().map { i, evidence in
                location(finding, line: evidence.line, evidence: evidence, artifact: artifact, id: i + 1)
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
            ("occurrences", .int(finding.occurrences)),
            ("lastLine", .int(finding.lastLine)),
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

    static func location(_ finding: Finding, line: Int, evidence: EvidenceLine?, artifact: JSONValue, id: Int? = nil) -> JSONValue {
        var physical: [(String, JSONValue)] = [("artifactLocation", artifact)]
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
        var endLine = line
        var lastPartLength = evidence.text.utf16.count
        // Split on Characters (a walk over grapheme breaks) only when there is a line break: nearly
        // every evidence line is one line.
        if evidence.text.utf8.contains(0x0A) {
            let parts = evidence.text.split(separator: "\n", omittingEmptySubsequences: false)
            lastPartLength = parts.last.map { $0.utf16.count } ?? 0
            if parts.count > 1 {
                // A multi-line message (the already-locked block) covers the consecutive lines in `lines`.
                let next = finding.evidence.map(\.line).filter { $0 > line }.min() ?? Int.max
                let covered = Set(finding.lines)
                while covered.contains(endLine + 1), endLine + 1 < next { endLine += 1 }
                endLine = max(endLine, line)
            }
        }
        return .object([
            ("startLine", .int(line)), ("startColumn", .int(1)),
            ("endLine", .int(endLine)), ("endColumn", .int(lastPartLength + 1)),
        ])
    }
}
