import ResticLintModel
import ResticLintRules

/// Folds the repeats of one problem in a run into one finding. A retry storm gives hundreds of
/// `retry-recovered` findings that differ only in the file; a reader, an annotation limit or a ticket
/// needs one finding saying how often, where it started and ended, and a few examples.
///
/// It takes the correlated groups before they are findings: a repeat whose evidence would not be kept
/// is folded in from its group alone, so only a key's first few groups are built in full.
struct FindingAggregator {
    /// Evidence lines a finding keeps: its trigger's and the first others (the first occurrences').
    static let evidenceLimit = 5
    /// Related locks an aggregated finding lists.
    static let relatedLimit = 20

    private var merged: [Finding] = []
    private var index: [AggregationKey: Int] = [:]
    /// A retry storm's findings repeat a few subjects and errors: each is numbered once.
    private var subjects = AggregationSubjects()
    private var errorClasses = ErrorClasses()

    var isEmpty: Bool { merged.isEmpty }

    /// One finding per key, in order of first appearance, then by line. Taken, leaving the aggregator
    /// empty, so they are capped and sorted in place: copies retained and released every finding's fields.
    mutating func takeFindings() -> [Finding] {
        var findings = merged
        self = FindingAggregator()
        for i in findings.indices where findings[i].evidence.count > Self.evidenceLimit {
            findings[i] = Self.capEvidence(findings[i])
        }
        findings.sort { ($0.line, $0.rule) < ($1.line, $1.rule) }
        return findings
    }

    /// Adds one group's finding, the groups coming in the order the correlator makes them.
    mutating func add(_ group: FindingBuilder) {
        let lock = group.lock, errorField = group.error
        let key = AggregationKey(rule: group.shared.ruleIndex, lock: lock, error: errorField, fields: group.group.fields,
                                 subjects: &subjects, errorClasses: &errorClasses)
        let error = { errorField.map { $0.fields.storage.value($0.span) } }
        guard let i = index[key] else {
            index[key] = merged.count
            merged.append(group.build(lock: lock, error: error()))
            return
        }
        let span = group.lineSpan
        // An earlier anchor takes the whole finding; room for its evidence, the evidence.
        guard span.first >= merged[i].line else {
            Self.merge(group.build(lock: lock, error: error()), into: &merged[i])
            return
        }
        merged[i].occurrences += 1
        merged[i].lastLine = max(merged[i].lastLine, span.last)
        guard merged[i].evidence.count >= Self.evidenceLimit else {
            Self.appendEvidence(of: group.repeatEvidence(lock: lock), to: &merged[i])
            return
        }
        if merged[i].relatedLocks.count < Self.relatedLimit {
            Self.appendLocks(group.relatedLocks(besides: lock), lock, to: &merged[i])
        }
        if group.confidence == .confirmed { merged[i].confidence = .confirmed }
    }

    /// A finding with many triggers (a whole run's throttling) shows its trigger line and the first
    /// others: `evidenceLimit` lines in all, and the `lines` they cover.
    static func capEvidence(_ finding: Finding) -> Finding {
        guard finding.evidence.count > evidenceLimit else { return finding }
        var finding = finding
        let all = finding.evidence.map(\.line).sorted()
        let trigger = finding.evidence.first { $0.line == finding.line }
        let others = finding.evidence.filter { $0.line != trigger?.line }.prefix(evidenceLimit - (trigger == nil ? 0 : 1))
        finding.evidence = (others + [trigger].compactMap { $0 }).sorted { $0.line < $1.line }
        // A line of a multi-line message belongs to the evidence line at or before it.
        let kept = Set(finding.evidence.map(\.line))
        finding.lines = finding.lines.filter { line in all.last { $0 <= line }.map(kept.contains) ?? false }
        return finding
    }

    private static func merge(_ finding: Finding, into target: inout Finding) {
        target.occurrences += finding.occurrences
        if finding.line < target.line {
            // Keep the earliest trigger as the anchor (fingerprints and locations use it).
            let later = target
            target = finding
            target.occurrences = later.occurrences + finding.occurrences
            target.lastLine = max(later.lastLine, finding.lastLine)
            appendEvidence(of: RepeatEvidence(later), to: &target)
            return
        }
        target.lastLine = max(target.lastLine, finding.lastLine)
        appendEvidence(of: RepeatEvidence(finding), to: &target)
    }

    /// A repeat's locks, its related ones then its own, become the target's related locks.
    private static func appendLocks(_ related: [String], _ lock: String?, to target: inout Finding) {
        for related in related { appendLock(related, to: &target) }
        if let lock { appendLock(lock, to: &target) }
    }

    private static func appendLock(_ lock: String, to target: inout Finding) {
        guard target.relatedLocks.count < relatedLimit, lock != target.lock, !target.relatedLocks.contains(lock) else { return }
        target.relatedLocks.append(lock)
    }

    private static func appendEvidence(of finding: RepeatEvidence, to target: inout Finding) {
        appendLocks(finding.relatedLocks, finding.lock, to: &target)
        if finding.confidence == .confirmed { target.confidence = .confirmed }
        let room = evidenceLimit - target.evidence.count
        guard room > 0 else { return }
        let added = finding.evidence.filter { line in !target.evidence.contains { $0.line == line.line } }.prefix(room)
        guard !added.isEmpty else { return }
        target.evidence = (target.evidence + added).sorted { $0.line < $1.line }
        // A line of a multi-line message follows its evidence line: the lines from the first added one
        // on. Both lists are sorted without repeats, so they merge without a Set.
        let firstAdded = added.map(\.line).min() ?? 0
        target.lines = FindingBuilder.merged(target.lines, finding.lines.filter { $0 >= firstAdded })
    }
}

/// What folding a repeat into a finding takes from it: from a finding, or from a group not built
/// into one (`FindingBuilder.repeatEvidence`).
struct RepeatEvidence {
    var lock: String?
    var relatedLocks: [String]
    var confidence: Confidence
    var evidence: [EvidenceLine]
    var lines: [Int]
}

extension RepeatEvidence {
    init(_ finding: Finding) {
        self.init(lock: finding.lock, relatedLocks: finding.relatedLocks, confidence: finding.confidence,
                  evidence: finding.evidence, lines: finding.lines)
    }
}
