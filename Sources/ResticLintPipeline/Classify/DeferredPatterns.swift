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
///
/// A pattern its rule reads only as `related` evidence (`RuleDefinition.relatedOnlyPatterns`) also
/// qualifies, whatever it captures: it is matched on every event of a run where its rule has a
/// trigger hit, and wherever the lock timeline or the replay read it (`DeferredMatcher.resolve(_:for:timeline:)`).
/// On the dense retry storm this is `breaker-open.own_failure`, run on every `Load` retry otherwise.
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
    /// Per rule: the bits of its related-only patterns, and the positions of its triggers.
    let relatedOfRule: [(bits: UInt64, triggers: [Int])]
    /// The bits of the patterns the lock timeline reads (a meaning), and of those the replay reads (a
    /// `handle`, from any rule: `LockFacts`).
    let timelineBits: UInt64, replayBits: UInt64
    /// Per rule: its first pattern's place in catalogue order.
    private let firstOfRule: [Int]

    package init(catalog: RuleCatalog) {
        var bit: [UInt8?] = [], patterns: [(rule: Int, pattern: Int, k: Int)] = []
        var bitsOfRule = [UInt64](repeating: 0, count: catalog.rules.count), firstOfRule: [Int] = []
        var relatedOfRule: [(bits: UInt64, triggers: [Int])] = [], timelineBits: UInt64 = 0, replayBits: UInt64 = 0
        for (r, rule) in catalog.rules.enumerated() {
            firstOfRule.append(bit.count)
            let (triggerOnly, relatedOnly) = (rule.definition.triggerOnlyPatterns, rule.definition.relatedOnlyPatterns)
            let triggers = Set(rule.definition.correlations.flatMap(\.trigger))
            relatedOfRule.append((0, rule.patterns.indices.filter { triggers.contains(rule.patterns[$0].name) }))
            for (p, pattern) in rule.patterns.enumerated() {
                let isRelatedOnly = relatedOnly.contains(pattern.name)
                let qualifies = patterns.count < Self.capacity && (isRelatedOnly || triggerOnly.contains(pattern.name)
                    && LockTimeline.meanings[pattern.name] == nil
                    && Self.fieldsReadAcrossRules.isDisjoint(with: pattern.captureNames))
                guard qualifies else {
                    bit.append(nil)
                    continue
                }
                let mask: UInt64 = 1 << UInt64(patterns.count)
                bit.append(UInt8(patterns.count))
                bitsOfRule[r] |= mask
                if isRelatedOnly { relatedOfRule[r].bits |= mask }
                if LockTimeline.meanings[pattern.name] != nil { timelineBits |= mask }
                if pattern.captureNames.contains("handle") { replayBits |= mask }
                patterns.append((r, p, bit.count - 1))
            }
        }
        self.bit = bit
        self.patterns = patterns
        self.bitsOfRule = bitsOfRule
        self.firstOfRule = firstOfRule
        self.relatedOfRule = relatedOfRule
        self.timelineBits = timelineBits
        self.replayBits = replayBits
    }

    var isEmpty: Bool { patterns.isEmpty }

    /// Whether hits of pattern `p` of rule `r` may be missing from an event until the run closes.
    func contains(rule r: Int, pattern p: Int) -> Bool {
        bitsOfRule[r] != 0 && bit[firstOfRule[r] + p] != nil
    }
}
