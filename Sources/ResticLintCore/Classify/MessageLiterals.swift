/// Which patterns may match a message: one automaton pass finds every literal that occurs, and a
/// pattern runs only when one of its literals does. Most candidate lines reach one or two regexes.
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
    /// Per pattern k, the literals one of which it needs: `needs[needStart[k]..<needStart[k + 1]]`.
    private let needStart: [Int32]
    private let needs: [Int32]
    private let markerLiterals: Range<Int>
    private let blockLiterals: Range<Int>
    private var present: LiteralBits
    /// The patterns worth running on the last message selected, in pattern order.
    private(set) var candidates: [Int] = []

    init(_ patterns: [CompiledPattern], markerLiterals: [String], blockLiterals: [String]) {
        var index: [LiteralAutomaton.Literal: Int] = [:]
        var literals: [LiteralAutomaton.Literal] = []
        func id(_ text: String, caseless: Bool) -> Int {
            let literal = LiteralAutomaton.Literal(bytes: Array(text.utf8), caseless: caseless)
            if let known = index[literal] { return known }
            index[literal] = literals.count
            literals.append(literal)
            return literals.count - 1
        }
        var needStart: [Int32] = [0]
        var needs: [Int32] = []
        for pattern in patterns {
            // A pattern without literals (-1) runs on every message.
            needs += pattern.literals.map { $0.map { Int32(id($0, caseless: pattern.caseInsensitive)) } } ?? [-1]
            needStart.append(Int32(needs.count))
        }
        self.needStart = needStart
        self.needs = needs
        // Marker and block literals are searched caselessly, as the buffer prefilter does: a superset.
        let markerStart = literals.count
        for text in markerLiterals { literals.append(.init(bytes: Array(text.utf8), caseless: true)) }
        self.markerLiterals = markerStart..<literals.count
        for text in blockLiterals { literals.append(.init(bytes: Array(text.utf8), caseless: true)) }
        self.blockLiterals = self.markerLiterals.upperBound..<literals.count
        automaton = LiteralAutomaton(literals)
        present = LiteralBits(capacity: literals.count)
        candidates.reserveCapacity(patterns.count)
    }

    /// Scans `text` once; afterwards `candidates` holds the patterns worth running on it.
    @discardableResult
    func select(_ text: UnsafeBufferPointer<UInt8>) -> Found {
        present.removeAll()
        automaton.scan(text, into: &present)
        candidates.removeAll(keepingCapacity: true)
        needStart.withUnsafeBufferPointer { start in
            needs.withUnsafeBufferPointer { needs in
                for k in 0..<(start.count - 1) {
                    for i in Int(start[k])..<Int(start[k + 1]) where needs[i] < 0 || present.contains(Int(needs[i])) {
                        candidates.append(k)
                        break
                    }
                }
            }
        }
        return Found(markerLiteral: present.containsAny(markerLiterals), blockLiteral: present.containsAny(blockLiterals))
    }

    func select(_ text: String) {
        var text = text
        text.withUTF8 { select($0) }
    }
}
