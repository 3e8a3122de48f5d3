import ResticFormats
import ResticLintRules
import ResticLintModel

/// What the findings of one rule in one run are built from. Made once per rule and run and shared
/// by its groups' builders: a builder that held the rule and the run by value retained and released
/// each of their many fields for every group (a retry storm has thousands).
final class RuleInRun {
    let rule: Rule
    let ruleIndex: Int
    let templates: RuleTemplates
    let run: Run
    let inputName: String
    let versions: RunVersionFacts
    /// A finding's confidence (`FindingBuilder.confidence`) without supporting events, and with them.
    let confidence: (alone: Confidence, supported: Confidence)

    init(rule: Rule, ruleIndex: Int, templates: RuleTemplates, run: Run, inputName: String) {
        self.rule = rule
        self.ruleIndex = ruleIndex
        self.templates = templates
        self.run = run
        self.inputName = inputName
        versions = RunVersionFacts(rule: rule, run: run)
        // Confirmed when other events back the trigger, unless the rule says otherwise or the run's
        // version is in doubt.
        if versions.conflict != nil {
            confidence = (.likely, .likely)
        } else if let stated = rule.definition.confidence {
            confidence = (stated, stated)
        } else {
            confidence = (.likely, .confirmed)
        }
    }
}

/// Renders a correlated group of events into a finding: evidence, version-aware advice, message.
struct FindingBuilder {
    let shared: RuleInRun
    let group: Correlator.Group

    /// The supporting events in event order (`Group.supporting`): `error` and `relatedLocks` walk them.
    private var supporting: ArraySlice<Int> { group.supporting }

    /// `lock` and `error`: the builder's, which the caller has already worked out.
    func build(lock: String?, error: String?) -> Finding {
        let definition = shared.rule.definition
        let span = lineSpan
        let (evidence, lines) = evidenceLines
        let relatedLocks = self.relatedLocks(besides: lock)
        let fixedIn = shared.versions.fixedIn
        let conflict = shared.versions.conflict
        var finding = Finding(
            rule: definition.id,
            severity: definition.severity,
            title: definition.title,
            message: "",
            input: shared.inputName,
            inputIndex: shared.run.input,
            line: span.first,
            lastLine: span.last,
            lines: lines,
            run: shared.run.id,
            lock: lock,
            relatedLocks: relatedLocks,
            affected: definition.affected?.description,
            fixedIn: fixedIn?.description,
            remediation: [],
            references: definition.references,
            confidence: confidence,
            evidence: evidence,
            fields: group.fields.dictionary,
            reference: nil)
        finding.error = error
        finding.wording = FindingWording(rule: shared.ruleIndex, count: group.triggers.count, relatedLocks: relatedLocks,
                                         version: shared.versions.version, possible: shared.versions.possible,
                                         conflict: conflict?.sentence)
        return finding
    }

    /// The evidence lines, supporting events and triggers in event order, and every line they cover.
    private var evidenceLines: (evidence: [EvidenceLine], lines: [Int]) {
        let evidenceIndices = Self.merged(group.supporting, group.triggers)
        let events = shared.run.events
        let evidence = evidenceIndices.map { EvidenceLine(line: events[$0].line, text: events[$0].evidenceText) }
        // Events nearly always follow one another on separate lines: then their lines, appended in
        // event order, are already sorted without repeats, and no Set is needed.
        var lines: [Int] = []
        lines.reserveCapacity(evidenceIndices.count)
        for i in evidenceIndices {
            guard lines.last.map({ $0 < events[i].line }) ?? true else {
                return (evidence, Set(evidenceIndices.flatMap { Array(events[$0].line...events[$0].endLine) }).sorted())
            }
            lines.append(contentsOf: events[i].line...events[i].endLine)
        }
        return (evidence, lines)
    }

    /// What the group adds to an earlier finding it repeats (`FindingAggregator`): `build` less the
    /// fields, the wording and the rest that folding drops.
    func repeatEvidence(lock: String?) -> RepeatEvidence {
        let (evidence, lines) = evidenceLines
        return RepeatEvidence(lock: lock, relatedLocks: relatedLocks(besides: lock), confidence: confidence,
                              evidence: evidence, lines: lines)
    }

    /// Renders the finding's message and remediation from its rule's templates, in place: a finding
    /// holds some twenty references, and each copy of it retained and released every one.
    static func word(_ finding: inout Finding, rule: Rule, templates: RuleTemplates) {
        guard let wording = finding.wording else { return }
        // The built-in fields, else the captured ones, looked up as the templates ask: a copy of the
        // captured fields with the built-in ones added cost more than all the lookups.
        let fixedIn = finding.fixedIn, input = finding.input, run = finding.run, lock = finding.lock
        let line = finding.line, fields = finding.fields
        let value = { (name: String) -> String? in
            switch name {
            case "version": return wording.version
            case "count": return String(wording.count)
            case "related_locks": return wording.relatedLocks.isEmpty ? "none" : wording.relatedLocks.joined(separator: ", ")
            case "fixed": return fixedIn
            case "input": return input
            case "run": return String(run)
            case "lock": return lock
            case "first_line": return String(line)
            default: return fields[name]
            }
        }
        // A step whose placeholders have no value for this finding does not apply to it.
        finding.remediation = zip(rule.definition.remediation, templates.remediation)
            .filter { step, _ in step.versions.map { $0.overlaps(wording.possible) } ?? true }
            .compactMap { _, template in template.render(value) }
        finding.message = templates.message.render(value) ?? rule.definition.summary
        if let conflict = wording.conflict { finding.message += " " + conflict }
        finding.wording = nil
    }

    /// Two lists of events, each in event order and without repeats, as one such list.
    static func merged<Events: RandomAccessCollection<Int>>(_ a: Events, _ b: Events) -> [Int] where Events.Index == Int {
        var merged: [Int] = []
        merged.reserveCapacity(a.count + b.count)
        var i = a.startIndex, j = b.startIndex
        while i < a.endIndex || j < b.endIndex {
            let next = j == b.endIndex || (i < a.endIndex && a[i] <= b[j]) ? a[i] : b[j]
            if i < a.endIndex && a[i] == next { i += 1 }
            if j < b.endIndex && b[j] == next { j += 1 }
            merged.append(next)
        }
        return merged
    }

    /// The lock the finding is about: its trigger's.
    var lock: String? { group.fields.lockFile }

    /// The triggers' first and last lines.
    var lineSpan: (first: Int, last: Int) {
        let first = shared.run.events[group.triggers.first!].line
        var last = first
        for trigger in group.triggers.dropFirst() { last = max(last, shared.run.events[trigger].line) }
        return (first, last)
    }

    /// The other locks the supporting events name, in event order.
    func relatedLocks(besides lock: String?) -> [String] {
        var relatedLocks: [String] = []
        for index in supporting {
            forEachFields(of: index) { fields in
                if let handle = fields.lockFile, handle != lock, !relatedLocks.contains(handle) { relatedLocks.append(handle) }
                return true
            }
        }
        return relatedLocks
    }

    /// Worked out once per rule and run (`RuleInRun.confidence`): reading the rule's definition for
    /// each group copied it.
    var confidence: Confidence {
        group.supporting.isEmpty ? shared.confidence.alone : shared.confidence.supported
    }

    /// The trigger's error, or else the first supporting event's: the hit's fields and where the
    /// value lies in them. Read as bytes: only a finding that is built makes it a String.
    var error: (fields: HitFields, span: FieldSpan)? {
        if let span = group.fields.span("error") { return (group.fields, span) }
        var error: (fields: HitFields, span: FieldSpan)?
        for index in supporting where error == nil {
            forEachFields(of: index) { fields in
                error = fields.span("error").map { (fields, $0) }
                return error == nil
            }
        }
        return error
    }

    /// Calls `body` with the fields of each of the event's hits of this rule, while it returns true.
    /// By position, checking the rule first: a loop over the hits copied every hit of every rule.
    private func forEachFields(of event: Int, _ body: (HitFields) -> Bool) {
        let hits = shared.run.events[event].hits
        for h in hits.indices where hits[h].rule == shared.ruleIndex {
            guard body(hits[h].fields) else { return }
        }
    }
}

/// What the findings of one rule take from their run's version: the same for each of them, so
/// worked out once per rule and run rather than per finding.
struct RunVersionFacts {
    /// The run's version as messages name it.
    let version: String
    let conflict: VersionConflict?
    /// The run's versions; where a message contradicts them, also the versions the diagnosis then
    /// assumes: those that print the message and, when the rule is about some releases, are among them.
    let possible: VersionRange
    /// The lowest release that fixes the problem for this run's version; nil when the run's version
    /// already has the fix (or is not affected), so advice never asks for an upgrade already made.
    let fixedIn: ResticVersion?

    init(rule: Rule, run: Run) {
        version = run.version.value ?? "unknown"
        conflict = run.versionConflict
        let affected = rule.definition.affected
        if let conflict {
            let assumed = affected.map { conflict.messageRange.intersection($0) }
            possible = run.version.range.union(assumed.flatMap { $0.isEmpty ? nil : $0 } ?? conflict.messageRange)
        } else {
            possible = run.version.range
        }
        if let affected, let exact = run.version.exact, conflict == nil {
            fixedIn = affected.contains(exact) ? affected.fix(above: exact) : nil
        } else if let affected {
            fixedIn = affected.intersection(possible).isEmpty ? nil : affected.fix(above: nil)
        } else {
            fixedIn = nil
        }
    }
}

/// A rule's message and remediation steps, parsed once rather than for every finding.
struct RuleTemplates: Sendable {
    let message: MessageTemplate
    let remediation: [MessageTemplate]

    init(_ definition: RuleDefinition) {
        message = MessageTemplate(definition.message)
        remediation = definition.remediation.map { MessageTemplate($0.text) }
    }
}
