import ResticLintMatching
import ResticLintRules

/// What a line of restic's `--verbose` listing (`ListingHead`) can still make an event through. The
/// listed paths hold the literals of the catch-all patterns (`error`, `failed`), so such lines
/// reached the selection and PCRE2; those patterns are proved never to match a listing line. Every
/// other pattern, the run markers and the blocks need one of a short list of literals, long and rare
/// in paths: a line holding none of them is rejected on one automaton pass, without the selection's
/// bookkeeping.
final class ListingFilter {
    /// The patterns proved never to match a listing line, as bit words.
    let excluded: [UInt64]
    /// Per pattern not excluded, the literals of one of its clauses (read for a listing line) that
    /// rules out the most, and every marker and block literal; nil when a pattern has no clause, so
    /// nothing is rejected.
    private let needed: LiteralAutomaton?
    /// Whether no needed literal can start within a listing word or its spaces, so the search may
    /// start at the path.
    private let skipsHead: Bool

    init(_ patterns: [CompiledPattern], patternWords: Int, markerLiterals: [String], blockLiterals: [String]) {
        var excluded = [UInt64](repeating: 0, count: patternWords)
        var needed: [LiteralAutomaton.Literal]? = (markerLiterals + blockLiterals).map { .init(bytes: Array($0.utf8), caseless: true) }
        for (k, pattern) in patterns.enumerated() {
            // Only a pattern with a `^` reads differently for a listing line; the others' clauses are known.
            let anchored = ListingHead.isAnchored(pattern.matcher.regex)
            let read = anchored ? ListingHead.clauses(of: pattern.matcher.regex) ?? [] : pattern.alsoRequired
            let clauses = read + (pattern.literals.map { [$0] } ?? [])
            if clauses.contains([]) || anchored && ListingHead.excludes(pattern.matcher.regex) {
                excluded[k >> 6] |= 1 << UInt64(k & 63)
            } else if let chosen = LiteralClauses.mostSelective(clauses), !chosen.contains("") {
                needed? += chosen.map { .init(bytes: Array($0.utf8), caseless: pattern.caseInsensitive) }
            } else {
                needed = nil
            }
        }
        self.excluded = excluded
        // Many patterns share a literal (`Save(<lock/`), and a literal that holds another
        // (`unable to create lock` holds `unable to `) adds nothing to whether any occurs: left out, the
        // table (it was 850 states, 143 KB) is smaller and stays in cache better.
        self.needed = needed.map { LiteralAutomaton(LiteralAutomaton.withoutImplied($0)) }
        skipsHead = !(needed ?? []).contains { ListingHead.mayStartInHead($0.text) }
    }

    /// Whether no pattern, marker or block can match `text`, a message `ListingHead` accepts. `text`
    /// must be ASCII: a caseless pattern's clauses hold on ASCII text only.
    /// `path` is where the path starts in `text` (`ListingHead.head`).
    func rejects(_ text: UnsafeBufferPointer<UInt8>, path: Int) -> Bool {
        guard let needed else { return false }
        return !needed.containsAny(skipsHead ? UnsafeBufferPointer(rebasing: text[path...]) : text)
    }
}
