import ResticLintModel
import ResticLintRules

/// The rule patterns the classifier may leave unmatched on an event that something else already
/// recognised (another rule's hit, a run marker), to be matched when the run closes only on the
/// events where a hit can still matter (`DeferredMatcher`). A pattern qualifies when its own rule
/// reads its hits only as triggers (`RuleDefinition.triggerOnlyPatterns`: a trigger counts only on
/// an event no earlier finding explains) and no other stage reads them: the lock timeline draws
/// patterns by name, and the replay, a finding's related locks and its error read `handle`,
/// `storage_id` and `error` of any hit. The run tracker's version narrowing (`implies:`) is excluded
/// by `triggerOnlyPatterns`; its memory budget counts none of these hits (`RetentionBudget.size`) and
/// matches them before it cuts an event or counts its kinds. On the dense retry storm this is the
/// catch-all `unclassified-error.error_word`, run on nearly every retry line otherwise.
package final class DeferredPatterns: Sendable {
    /// Captures that stages other than the pattern's own rule read from any hit.
    static let fieldsReadAcrossRules: Set<String> = ["handle", "storage_id", "error"]
    /// At most one bit per pattern in `LogEvent.deferred`.
    static let capacity = 64

    /// Per pattern in catalogue order (rule by rule, the classifier's `k`): its bit, or nil.
    let bit: [UInt8?]
    /// Per bit: the pattern's rule and position in it, and its place in catalogue order.
    let patterns: [(rule: Int, pattern: Int, k: Int)]
    /// Per rule: the bits of its patterns.
    let bitsOfRule: [UInt64]
    /// Per rule: its first pattern's place in catalogue order.
    private let firstOfRule: [Int]

    package init(catalog: RuleCatalog) {
        var bit: [UInt8?] = [], patterns: [(rule: Int, pattern: Int, k: Int)] = []
        var bitsOfRule = [UInt64](repeating: 0, count: catalog.rules.count), firstOfRule: [Int] = []
        for (r, rule) in catalog.rules.enumerated() {
            firstOfRule.append(bit.count)
            let triggerOnly = rule.definition.triggerOnlyPatterns
            for (p, pattern) in rule.patterns.enumerated() {
                let qualifies = patterns.count < Self.capacity && triggerOnly.contains(pattern.name)
                    && LockTimeline.meanings[pattern.name] == nil
                    && Self.fieldsReadAcrossRules.isDisjoint(with: pattern.captureNames)
                guard qualifies else {
                    bit.append(nil)
                    continue
                }
                bit.append(UInt8(patterns.count))
                bitsOfRule[r] |= 1 << UInt64(patterns.count)
                patterns.append((r, p, bit.count - 1))
            }
        }
        self.bit = bit
        self.patterns = patterns
        self.bitsOfRule = bitsOfRule
        self.firstOfRule = firstOfRule
    }

    var isEmpty: Bool { patterns.isEmpty }

    /// Whether hits of pattern `p` of rule `r` may be missing from an event until the run closes.
    func contains(rule r: Int, pattern p: Int) -> Bool {
        bitsOfRule[r] != 0 && bit[firstOfRule[r] + p] != nil
    }
}
