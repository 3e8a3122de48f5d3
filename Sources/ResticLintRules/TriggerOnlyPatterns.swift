extension RuleDefinition {
    /// The patterns whose hits this rule's correlations read only as triggers: no `requires`,
    /// `related`, `absent_before` or `absent_after` of any alternative names them, and they imply no
    /// versions. A trigger counts only on an event that no earlier finding explains, and references
    /// resolve by pattern name within their own rule, so whether such a pattern matches an event that
    /// is already explained when this rule runs changes nothing this rule decides. Lazy matching
    /// (`DeferredPatterns`) is built on that; what other stages read of a hit is for it to check.
    package var triggerOnlyPatterns: [String] {
        let referenced = correlations.flatMap { $0.absentBefore + $0.absentAfter + $0.requires + $0.related }.map(\.pattern)
        return patterns.filter { $0.implies == nil && !referenced.contains($0.name) }.map(\.name)
    }

    /// The patterns this rule's correlations read only as `related` evidence: some `related` names
    /// them, no trigger, `requires`, `absent_before` or `absent_after` does, and they imply no
    /// versions. Related evidence is collected only for a trigger, from any event of the run, so such
    /// a pattern's hits change nothing this rule decides in a run where the rule has no trigger hit.
    package var relatedOnlyPatterns: [String] {
        let related = correlations.flatMap(\.related).map(\.pattern)
        let other = correlations.flatMap { $0.trigger + ($0.absentBefore + $0.absentAfter + $0.requires).map(\.pattern) }
        return patterns.filter { $0.implies == nil && related.contains($0.name) && !other.contains($0.name) }.map(\.name)
    }
}
