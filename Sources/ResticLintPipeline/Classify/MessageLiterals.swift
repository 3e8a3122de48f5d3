import ResticFormats
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
        /// `restic` occurs (case-sensitive): a versioned binary's command line (`restic-2.0.0 backup`)
        /// may be a run marker without a marker literal. Read from the same pass: a substring search
        /// for it stopped at every `r` of an error message (~550 instructions an event).
        var restic = false
    }

    static let restic = "restic"

    private let automaton: LiteralAutomaton
    /// Words of a literal bit set, and of a pattern bit set.
    private let literalWords: Int
    private let patternWords: Int
    /// Per literal, the patterns that need it, as bit words: `wanting[literal * patternWords + w]`.
    private let wanting: [UInt64]
    /// Patterns without literals, which run on every message.
    private let unconditional: [UInt64]
    /// Per pattern, its further clauses as literal bit sets, each must meet `present`: pattern k's
    /// clauses are `clauseBits[clauseStart[k] * literalWords ..< clauseStart[k + 1] * literalWords]`.
    private let clauseStart: [Int]
    private let clauseBits: [UInt64]
    /// Per pattern, whether it is caseless: PCRE2's Unicode case folding matches `k` and `s` with
    /// non-ASCII letters the automaton does not fold, so its clauses hold on ASCII text only.
    private let caseless: [Bool]
    /// What a listing line (`ListingHead`) can still match.
    private let listing: ListingFilter
    private let markerLiterals: [UInt64]
    private let blockLiterals: [UInt64]
    private let resticLiteral: [UInt64]
    /// Scratch for one pass, allocated once: stored arrays of a class cost an exclusivity check per
    /// access, and a candidate line made dozens of them.
    private let present: UnsafeMutablePointer<UInt64>
    private let wanted: UnsafeMutablePointer<UInt64>
    private let chosen: UnsafeMutablePointer<Int>
    private var chosenCount = 0
    /// Selections already made, by the literals present, used when `remembering`.
    private let memo: SelectionMemo
    private let remembering: Bool

    /// The patterns worth running on the last message selected, in pattern order; valid until the
    /// next `select`.
    var candidates: UnsafeBufferPointer<Int> { UnsafeBufferPointer(start: chosen, count: chosenCount) }

    init(_ patterns: [CompiledPattern], markerLiterals: [String], blockLiterals: [String], remembering: Bool = true) {
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
        let restic = indexOf(.init(bytes: Array(MessageLiterals.restic.utf8), caseless: false))
        // Marker and block literals are searched caselessly, as the buffer prefilter does: a superset.
        let markerStart = literals.count
        for text in markerLiterals { literals.append(.init(bytes: Array(text.utf8), caseless: true)) }
        let blockStart = literals.count
        for text in blockLiterals { literals.append(.init(bytes: Array(text.utf8), caseless: true)) }
        let literalWords = max(1, (literals.count + 63) / 64)
        func bits(_ members: some Sequence<Int>) -> [UInt64] {
            var words = [UInt64](repeating: 0, count: literalWords)
            for i in members { words[i >> 6] |= 1 << UInt64(i & 63) }
            return words
        }
        self.markerLiterals = bits(markerStart..<blockStart)
        self.blockLiterals = bits(blockStart..<literals.count)
        resticLiteral = bits([restic])

        let words = max(1, (patterns.count + 63) / 64)
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
        listing = ListingFilter(patterns, patternWords: words, markerLiterals: markerLiterals, blockLiterals: blockLiterals)
        var clauseStart = [0]
        for pattern in clauseMembers { clauseStart.append(clauseStart.last! + pattern.count) }
        self.clauseStart = clauseStart
        clauseBits = clauseMembers.flatMap { $0.flatMap(bits) }
        caseless = patterns.map(\.caseInsensitive)
        self.unconditional = unconditional
        self.literalWords = literalWords
        patternWords = words
        automaton = LiteralAutomaton(literals)
        present = .allocate(capacity: literalWords)
        wanted = .allocate(capacity: words)
        chosen = .allocate(capacity: max(1, patterns.count))
        memo = SelectionMemo(literalWords: literalWords, patternCount: patterns.count)
        self.remembering = remembering
    }

    deinit {
        present.deallocate()
        wanted.deallocate()
        chosen.deallocate()
    }

    /// Scans `text` once; afterwards `candidates` holds the patterns worth running on it. A caller
    /// that has already seen every byte of `text` (`LineNormalizer.plainMessage`) says it is ASCII.
    /// `skippingListings` also leaves out the patterns proved never to match a listing line
    /// (`ListingFilter`) when `text` is one, and on ASCII offers nothing at all when it holds none of
    /// the literals the others need: for a caller that only asks whether any pattern may match, not
    /// one that explains why each did not.
    @discardableResult
    func select(_ text: UnsafeBufferPointer<UInt8>, knownASCII: Bool = false, skippingListings: Bool = false) -> Found {
        let head = skippingListings ? ListingHead.head(of: text) : nil
        if let head, knownASCII, listing.rejects(text, path: head.path) {
            chosenCount = 0
            return Found(markerLiteral: false, blockLiteral: false, restic: false)
        }
        let literalWords = literalWords, patternWords = patternWords
        present.update(repeating: 0, count: literalWords)
        automaton.scan(text, into: present)
        // Listing lines' literal sets vary with their paths: looking them up only cost.
        let remembers = remembering && head == nil
        if remembers, let kept = memo.recall(present, knownASCII: knownASCII, into: chosen) {
            chosenCount = kept.count
            return kept.found
        }
        var count = 0
        var ascii: Bool? = knownASCII ? true : nil
        wanting.withUnsafeBufferPointer { wanting in
            unconditional.withUnsafeBufferPointer { wanted.update(from: $0.baseAddress!, count: patternWords) }
            for lw in 0..<literalWords {
                var bits = present[lw]
                while bits != 0 {
                    let row = (lw << 6 | bits.trailingZeroBitCount) * patternWords
                    bits &= bits - 1
                    for w in 0..<patternWords { wanted[w] |= wanting[row + w] }
                }
            }
        }
        if head != nil {
            listing.excluded.withUnsafeBufferPointer { excluded in
                for w in 0..<patternWords { wanted[w] &= ~excluded[w] }
            }
        }
        clauseStart.withUnsafeBufferPointer { clauseStart in
            clauseBits.withUnsafeBufferPointer { clauseBits in
                for w in 0..<patternWords {
                    var bits = wanted[w]
                    while bits != 0 {
                        let k = w << 6 | bits.trailingZeroBitCount
                        bits &= bits - 1
                        var met = true
                        for c in clauseStart[k]..<clauseStart[k + 1] where !meets(clauseBits.baseAddress! + c * literalWords) {
                            met = false
                            break
                        }
                        if !met {
                            if ascii == nil { ascii = isASCII(text) }
                            if ascii == true || !caseless[k] { continue }
                        }
                        chosen[count] = k
                        count += 1
                    }
                }
            }
        }
        chosenCount = count
        let found = Found(markerLiteral: markerLiterals.withUnsafeBufferPointer { meets($0.baseAddress!) },
                          blockLiteral: blockLiterals.withUnsafeBufferPointer { meets($0.baseAddress!) },
                          restic: resticLiteral.withUnsafeBufferPointer { meets($0.baseAddress!) })
        // A selection that read the text's bytes for ASCII depends on more than the key.
        if remembers, knownASCII || ascii == nil {
            memo.keep(present, knownASCII: knownASCII, candidates: chosen, count: count, found: found)
        }
        return found
    }

    /// Whether a literal of the bit set `literals` is present.
    @inline(__always)
    private func meets(_ literals: UnsafePointer<UInt64>) -> Bool {
        for w in 0..<literalWords where present[w] & literals[w] != 0 { return true }
        return false
    }


    func select(_ text: String) {
        var text = text
        _ = text.withUTF8 { select($0) }
    }
}
