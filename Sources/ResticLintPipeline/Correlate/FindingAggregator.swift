import ResticLintModel

/// Folds the repeats of one problem in a run into one finding. A retry storm gives hundreds of
/// `retry-recovered` findings that differ only in the file; a reader, an annotation limit or a ticket
/// needs one finding saying how often, where it started and ended, and a few examples.
package enum FindingAggregator {
    /// Evidence lines a finding keeps: its trigger's and the first others (the first occurrences').
    static let evidenceLimit = 5
    /// Related locks an aggregated finding lists.
    static let relatedLimit = 20

    /// One finding per key, in order of first appearance, then by line; `findings` are one run's.
    package static func aggregate(_ findings: [Finding]) -> [Finding] {
        var merged: [Finding] = []
        var index: [AggregationKey: Int] = [:]
        // A retry storm's findings repeat a few errors: each is classed once.
        var errorClasses: [String: String] = [:]
        for finding in findings {
            let key = AggregationKey(finding, errorClasses: &errorClasses)
            if let i = index[key] {
                merge(finding, into: &merged[i])
            } else {
                index[key] = merged.count
                merged.append(finding)
            }
        }
        return merged.map(capEvidence).sorted { ($0.line, $0.rule) < ($1.line, $1.rule) }
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
            appendEvidence(of: later, to: &target)
            return
        }
        target.lastLine = max(target.lastLine, finding.lastLine)
        appendEvidence(of: finding, to: &target)
    }

    private static func appendEvidence(of finding: Finding, to target: inout Finding) {
        for lock in finding.relatedLocks + [finding.lock].compactMap({ $0 })
        where lock != target.lock && !target.relatedLocks.contains(lock) && target.relatedLocks.count < relatedLimit {
            target.relatedLocks.append(lock)
        }
        if finding.confidence == .confirmed { target.confidence = .confirmed }
        let room = evidenceLimit - target.evidence.count
        guard room > 0 else { return }
        let added = finding.evidence.filter { line in !target.evidence.contains { $0.line == line.line } }.prefix(room)
        guard !added.isEmpty else { return }
        target.evidence = (target.evidence + added).sorted { $0.line < $1.line }
        let addedLines = Set(added.map(\.line))
        let covered = finding.lines.filter { line in addedLines.contains { $0 <= line } }
        target.lines = Array(Set(target.lines + covered)).sorted()
    }
}

/// What makes two findings of a run the same problem: the rule, the lock (or the kind of operation
/// and file), and the error with its volatile parts (paths, IDs, numbers, durations) masked.
struct AggregationKey: Hashable {
    var rule: String
    var subject: String
    var errorClass: String

    /// `errorClasses`: the classes of the errors seen so far, by error.
    init(_ finding: Finding, errorClasses: inout [String: String]) {
        rule = finding.rule
        let fields = finding.fields
        subject = finding.lock ?? [fields["op"], fields["handle_type"] ?? fields["handle"].map { _ in "" }]
            .compactMap { $0 }.joined(separator: " ")
        let error = finding.error ?? fields["line"] ?? fields["what"] ?? fields["reason"] ?? fields["cause"] ?? ""
        if let known = errorClasses[error] {
            errorClass = known
        } else {
            errorClass = AggregationKey.errorClass(error)
            errorClasses[error] = errorClass
        }
    }

    static func errorClass(_ text: String) -> String { ErrorClass.of(text) }
}
