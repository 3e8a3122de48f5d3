#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Aho-Corasick over bytes: one pass over a message tells which of many literals occur in it, at a
/// table lookup per byte whatever the number of literals (one memchr+memcmp per literal cost a pass
/// per literal). Transitions run on ASCII-folded bytes; a case-sensitive literal is confirmed with
/// one comparison where it ends, which only the rare folded hits pay.
package struct LiteralAutomaton: Sendable {
    let literals: [Literal]
    /// Input byte to column: the distinct folded bytes of the literals get one column each, every
    /// other byte shares column 0, which keeps the table small enough to stay in cache.
    private let column: [UInt8]
    private let columns: Int
    /// `next[state * columns + column]`: the goto function with failure links already followed. Holds
    /// the next state's row start (`state * columns`), complemented when literals end in that state,
    /// so a byte costs two loads and a sign test.
    private let next: [Int32]
    /// Literals ending in a state (its own and those of its failure chain), flattened:
    /// `outputs[outputStart[s]..<outputStart[s + 1]]`.
    private let outputStart: [Int32]
    private let outputs: [Int32]
    /// Per literal, the bytes a case-sensitive hit must equal where it ends,
    /// `exactBytes[exactStart[id]..<exactStart[id + 1]]`, none for a caseless one: flat, so recording
    /// a hit copies (retains and releases) no literal.
    private let exactStart: [Int32]
    private let exactBytes: [UInt8]
    /// Per state, the length of the literal prefix it stands for (the root's is 0).
    private let depth: [Int32]
    /// Texts at least this long are walked as two halves in step (`walk`).
    static let splitLength = 32

    package init(_ literals: [Literal]) {
        self.literals = literals
        let folded = literals.map { $0.bytes.map(LiteralAutomaton.fold) }
        var column = [UInt8](repeating: 0, count: 256)
        var columns = 1
        var used = [Bool](repeating: false, count: 256)
        for bytes in folded { for byte in bytes { used[Int(byte)] = true } }
        for byte in 0..<256 where used[byte] {
            column[byte] = UInt8(columns)
            columns += 1
        }
        // Both cases of a letter share the folded letter's column.
        for byte in 65...90 { column[byte] = column[byte + 32] }
        // Trie, flat: `goto[state * columns + column]`, -1 where there is no child. Flat arrays and
        // buffer pointers: built at every start, with arrays of arrays it cost millions of instructions.
        // At most one state per literal byte, and the root.
        var goto = [Int32](repeating: -1, count: (folded.reduce(0) { $0 + $1.count } + 1) * columns)
        var own: [[Int32]] = [[]]
        var depth: [Int32] = [0]
        for (id, bytes) in folded.enumerated() where !bytes.isEmpty {
            var state = 0
            for byte in bytes {
                let slot = state * columns + Int(column[Int(byte)])
                if goto[slot] < 0 {
                    goto[slot] = Int32(own.count)
                    own.append([])
                    depth.append(depth[state] + 1)
                }
                state = Int(goto[slot])
            }
            own[state].append(Int32(id))
        }
        // Breadth-first: failure links and complete transitions; then inherited outputs, in the same
        // order, so a failure state (shallower) has its own complete when a state takes them.
        let states = own.count
        var failure = [Int](repeating: 0, count: states)
        var next = [Int32](repeating: 0, count: states * columns)
        var queue: [Int] = []
        queue.reserveCapacity(states)
        goto.withUnsafeBufferPointer { goto in
            next.withUnsafeMutableBufferPointer { next in
                failure.withUnsafeMutableBufferPointer { failure in
                    for c in 0..<columns where goto[c] >= 0 {
                        next[c] = goto[c]
                        queue.append(Int(goto[c]))
                    }
                    var head = 0
                    while head < queue.count {
                        let state = queue[head]
                        head += 1
                        let row = state * columns, fallback = failure[state] * columns
                        for c in 0..<columns {
                            let child = goto[row + c]
                            if child >= 0 {
                                failure[Int(child)] = Int(next[fallback + c])
                                next[row + c] = child
                                queue.append(Int(child))
                            } else {
                                next[row + c] = next[fallback + c]
                            }
                        }
                    }
                }
            }
        }
        for state in queue where !own[failure[state]].isEmpty { own[state] += own[failure[state]] }
        var outputStart: [Int32] = [0]
        var outputs: [Int32] = []
        for list in own {
            outputs += list
            outputStart.append(Int32(outputs.count))
        }
        let ends = own.map { !$0.isEmpty }
        next.withUnsafeMutableBufferPointer { next in
            for k in next.indices {
                let state = Int(next[k])
                next[k] = ends[state] ? ~Int32(state * columns) : Int32(state * columns)
            }
        }
        self.column = column
        self.columns = columns
        self.next = next
        self.outputStart = outputStart
        self.outputs = outputs
        var exactStart: [Int32] = [0]
        var exactBytes: [UInt8] = []
        for literal in literals {
            if !literal.caseless { exactBytes += literal.bytes }
            exactStart.append(Int32(exactBytes.count))
        }
        self.exactStart = exactStart
        self.exactBytes = exactBytes
        self.depth = depth
    }

    @inline(__always)
    static func fold(_ byte: UInt8) -> UInt8 { byte &- 65 < 26 ? byte | 0x20 : byte }

    /// Sets the bit of every literal that occurs in `text` (bits already set stay set).
    package func scan(_ text: UnsafeBufferPointer<UInt8>, into present: inout LiteralBits) {
        present.withWords { scan(text, into: $0) }
    }

    /// The same into caller-owned words (`(literals.count + 63) / 64` of them), for a caller that
    /// keeps its scratch outside Swift arrays.
    package func scan(_ text: UnsafeBufferPointer<UInt8>, into present: UnsafeMutablePointer<UInt64>) {
        walk(text) { state, end, base in
            record(endingIn: state, at: end, in: base, into: present)
            return false
        }
    }

    /// Whether any literal occurs in `text`; stops at the first.
    package func containsAny(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var found = false
        walk(text) { state, end, base in
            found = confirms(endingIn: state, at: end, in: base)
            return found
        }
        return found
    }

    /// Runs the automaton over `text`, telling `hit` each state where literals end (and where), until
    /// it returns true. Inlined into each caller, so a `hit` that never stops costs no test.
    /// A text of `splitLength` bytes or more is walked as two halves in step: a byte's transition
    /// waits for the one before (a load that depends on a load), so one walk ran at the latency of
    /// that chain, and two independent chains take about the time of one. The second half starts
    /// at the root and finds every occurrence inside it; the first walk goes on past the middle only
    /// while a literal it began before the middle may still end (its state is deeper than the bytes
    /// it has read past the middle), so it finds every occurrence that starts before the middle.
    @inline(__always)
    private func walk(_ text: UnsafeBufferPointer<UInt8>, _ hit: (_ state: Int, _ end: Int, _ base: UnsafePointer<UInt8>) -> Bool) {
        guard let base = text.baseAddress else { return }
        column.withUnsafeBufferPointer { column in
            next.withUnsafeBufferPointer { next in
                let table = next.baseAddress!
                @inline(__always) func step(_ row: inout Int, _ byte: UnsafePointer<UInt8>) -> Bool {
                    // The byte's column first, then the row: the walk's chain of dependent loads
                    // holds no addition.
                    row = Int((table + Int(column[Int(byte.pointee)]))[row])
                    guard row < 0 else { return false }
                    row = ~row
                    return hit(row / columns, byte - base, base)
                }
                var row = 0
                var byte = base
                let end = base + text.count
                if text.count >= LiteralAutomaton.splitLength {
                    // The first half's length a multiple of four; the second is up to seven bytes longer.
                    let middle = base + ((text.count / 2) & ~3)
                    var second = middle, secondRow = 0
                    while byte < middle {
                        if step(&row, byte) || step(&secondRow, second) || step(&row, byte + 1) || step(&secondRow, second + 1)
                            || step(&row, byte + 2) || step(&secondRow, second + 2) || step(&row, byte + 3)
                            || step(&secondRow, second + 3) { return }
                        byte += 4
                        second += 4
                    }
                    let stopped = depth.withUnsafeBufferPointer { depth in
                        while row != 0, byte < end, Int(depth[Int(UInt32(row) / UInt32(columns))]) > byte - middle {
                            if step(&row, byte) { return true }
                            byte += 1
                        }
                        return false
                    }
                    if stopped { return }
                    // The second half's walk goes on to the end.
                    byte = second
                    row = secondRow
                }
                // Eight bytes a round, then four: the loop's own test and increment were a quarter
                // of the work at one byte a round, still a sixth at four.
                while end - byte >= 8 {
                    if step(&row, byte) || step(&row, byte + 1) || step(&row, byte + 2) || step(&row, byte + 3) || step(&row, byte + 4)
                        || step(&row, byte + 5) || step(&row, byte + 6) || step(&row, byte + 7) { return }
                    byte += 8
                }
                if end - byte >= 4 {
                    if step(&row, byte) || step(&row, byte + 1) || step(&row, byte + 2) || step(&row, byte + 3) { return }
                    byte += 4
                }
                while byte < end {
                    if step(&row, byte) { return }
                    byte += 1
                }
            }
        }
    }

    private func record(endingIn state: Int, at end: Int, in base: UnsafePointer<UInt8>, into present: UnsafeMutablePointer<UInt64>) {
        _ = occurring(endingIn: state, at: end, in: base) { id in
            present[id >> 6] |= 1 << UInt64(id & 63)
            return false
        }
    }

    private func confirms(endingIn state: Int, at end: Int, in base: UnsafePointer<UInt8>) -> Bool {
        occurring(endingIn: state, at: end, in: base) { _ in true }
    }

    /// Tells `body` each literal ending in `state` at `end` that occurs (a caseless one does, a
    /// case-sensitive one if its bytes are there unfolded) until it returns true; whether one did.
    @inline(__always)
    private func occurring(endingIn state: Int, at end: Int, in base: UnsafePointer<UInt8>, _ body: (Int) -> Bool) -> Bool {
        outputs.withUnsafeBufferPointer { outputs in
            exactStart.withUnsafeBufferPointer { exactStart in
                exactBytes.withUnsafeBufferPointer { exactBytes in
                    for k in Int(outputStart[state])..<Int(outputStart[state + 1]) {
                        let id = Int(outputs[k])
                        let from = Int(exactStart[id]), count = Int(exactStart[id + 1]) - from
                        if count > 0, memcmp(base + end + 1 - count, exactBytes.baseAddress! + from, count) != 0 { continue }
                        if body(id) { return true }
                    }
                    return false
                }
            }
        }
    }
}

/// A small bit set of literal ids, for callers that scan now and then (tests); the per-line caller
/// keeps its own words.
package struct LiteralBits: Sendable {
    package private(set) var words: [UInt64]

    package init(capacity: Int, members: Range<Int> = 0..<0) {
        words = [UInt64](repeating: 0, count: (capacity + 63) / 64)
        for i in members { insert(i) }
    }

    package mutating func insert(_ i: Int) { words[i >> 6] |= 1 << UInt64(i & 63) }
    package func contains(_ i: Int) -> Bool { words[i >> 6] & (1 << UInt64(i & 63)) != 0 }
    mutating func withWords(_ body: (UnsafeMutablePointer<UInt64>) -> Void) {
        guard !words.isEmpty else { return }
        words.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
    }
}
