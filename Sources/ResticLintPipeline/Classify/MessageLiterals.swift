import ResticLintMatching
import ResticLintRules

/// Which patterns may match a message: one automaton pass finds every literal that occurs, and a
/// pattern runs only when one of its literals does, and one of each of its further clauses
/// (`CompiledPattern.alsoRequired`). Most candidate lines reach one or two regexes.
/// Holds its scratch space, so selecting allocates nothing.
final class MessageLiterals {
    /// What one pass found besides the pattern candidates.
    struct Found {
        /// A literal of a run marker occurs: the marker alternation may match.
        var markerLiteral: Bool
        /// A literal of the multi-line blocks occurs: the block joiner must see the message.
        var blockLiteral: Bool
    }

    private let automaton: LiteralAutomaton
    /// Per literal, the patterns that need it, as bit words: `wanting[literal * patternWords + w]`.
    private let wanting: [UInt64]
    /// Patterns without literals, which run on every message.
    private let unconditional: [UInt64]
    private let patternWords: Int
    /// Per pattern, its further clauses as literal sets: each must meet `present`.
    private let clauses: [[LiteralBits]]
    /// Per pattern, whether it is caseless: PCRE2's Unicode case folding matches `k` and `s` with
    /// non-ASCII letters the automaton does not fold, so its clauses hold on ASCII text only.
    private let caseless: [Bool]
    private let markerLiterals: LiteralBits
    private let blockLiterals: LiteralBits
    private var present: LiteralBits
    private var wanted: [UInt64]
    /// The patterns worth running on the last message selected, in pattern order.
    private(set) var candidates: [Int] = []

    init(_ patterns: [CompiledPattern], markerLiterals: [String], blockLiterals: [String]) {
        var index: [LiteralAutomaton.Literal: Int] = [:]
        var literals: [LiteralAutomaton.Literal] = []
        func indexOf(_ literal: LiteralAutomaton.Literal) -> Int {
            if let known = index[literal] { return known }
            index[literal] = literals.count
            literals.append(literal)
            return literals.count - 1
        }
        let needs: [[Int]?] = patterns.map { pattern in
            pattern.literals.map { texts in
                texts.map { indexOf(.init(bytes: Array($0.utf8), caseless: pattern.caseInsensitive)) }
            }
        }
        let clauseMembers: [[[Int]]] = patterns.map { pattern in
            pattern.alsoRequired.map { clause in
                clause.map { indexOf(.init(bytes: Array($0.utf8), caseless: pattern.caseInsensitive)) }
            }
        }
        // Marker and block literals are searched caselessly, as the buffer prefilter does: a superset.
        let markerStart = literals.count
        for text in markerLiterals { literals.append(.init(bytes: Array(text.utf8), caseless: true)) }
        let blockStart = literals.count
        for text in blockLiterals { literals.append(.init(bytes: Array(text.utf8), caseless: true)) }
        self.markerLiterals = LiteralBits(capacity: literals.count, members: markerStart..<blockStart)
        self.blockLiterals = LiteralBits(capacity: literals.count, members: blockStart..<literals.count)

        let words = (patterns.count + 63) / 64
        var wanting = [UInt64](repeating: 0, count: literals.count * words)
        var unconditional = [UInt64](repeating: 0, count: words)
        for (k, need) in needs.enumerated() {
            let bit: UInt64 = 1 << UInt64(k & 63)
            if let need {
                for literal in need { wanting[literal * words + (k >> 6)] |= bit }
            } else {
                unconditional[k >> 6] |= bit
            }
        }
        self.wanting = wanting
        clauses = clauseMembers.map { pattern in
            pattern.map { members in
                var bits = LiteralBits(capacity: literals.count)
                for literal in members { bits.insert(literal) }
                return bits
            }
        }
        caseless = patterns.map(\.caseInsensitive)
        self.unconditional = unconditional
        patternWords = words
        wanted = unconditional
        automaton = LiteralAutomaton(literals)
        present = LiteralBits(capacity: literals.count)
        candidates.reserveCapacity(patterns.count)
    }

    /// Scans `text` once; afterwards `candidates` holds the patterns worth running on it.
    @discardableResult
    func select(_ text: UnsafeBufferPointer<UInt8>) -> Found {
        // The scratch space is moved into locals for the pass and back afterwards: each access to a
        // class's stored array is an exclusivity check at run time, and a line made dozens of them.
        var present = LiteralBits(capacity: 0), wanted: [UInt64] = [], candidates: [Int] = []
        swap(&present, &self.present)
        swap(&wanted, &self.wanted)
        swap(&candidates, &self.candidates)
        defer {
            swap(&present, &self.present)
            swap(&wanted, &self.wanted)
            swap(&candidates, &self.candidates)
        }
        present.removeAll()
        automaton.scan(text, into: &present)
        let words = patternWords
        for w in 0..<words { wanted[w] = unconditional[w] }
        wanting.withUnsafeBufferPointer { wanting in
            present.forEach { literal in
                for w in 0..<words { wanted[w] |= wanting[literal * words + w] }
            }
        }
        candidates.removeAll(keepingCapacity: true)
        var ascii: Bool?
        for w in 0..<words {
            var bits = wanted[w]
            while bits != 0 {
                let k = w << 6 | bits.trailingZeroBitCount
                bits &= bits - 1
                if !clauses[k].allSatisfy(present.intersects) {
                    if ascii == nil { ascii = !text.contains { $0 >= 0x80 } }
                    if ascii == true || !caseless[k] { continue }
                }
                candidates.append(k)
            }
        }
        return Found(markerLiteral: present.intersects(markerLiterals), blockLiteral: present.intersects(blockLiterals))
    }

    func select(_ text: String) {
        var text = text
        _ = text.withUTF8 { select($0) }
    }
}
