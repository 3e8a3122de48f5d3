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
    package struct Literal: Sendable, Hashable {
        var bytes: [UInt8]
        var caseless: Bool

        package init(bytes: [UInt8], caseless: Bool) {
            self.bytes = bytes
            self.caseless = caseless
        }
    }

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

    package init(_ literals: [Literal]) {
        self.literals = literals
        let folded = literals.map { $0.bytes.map(LiteralAutomaton.fold) }
        var column = [UInt8](repeating: 0, count: 256)
        var columns = 1
        for byte in Set(folded.joined()).sorted() {
            column[Int(byte)] = UInt8(columns)
            columns += 1
        }
        // Both cases of a letter share the folded letter's column.
        for byte in 65...90 { column[byte] = column[byte + 32] }
        // Trie.
        var children: [[Int32]] = [[Int32](repeating: -1, count: columns)]
        var own: [[Int32]] = [[]]
        for (id, bytes) in folded.enumerated() where !bytes.isEmpty {
            var state = 0
            for byte in bytes {
                let c = Int(column[Int(byte)])
                if children[state][c] < 0 {
                    children[state][c] = Int32(children.count)
                    children.append([Int32](repeating: -1, count: columns))
                    own.append([])
                }
                state = Int(children[state][c])
            }
            own[state].append(Int32(id))
        }
        // Breadth-first: failure links, complete transitions, inherited outputs.
        var failure = [Int](repeating: 0, count: children.count)
        var next = [Int32](repeating: 0, count: children.count * columns)
        var queue: [Int] = []
        for c in 0..<columns where children[0][c] >= 0 {
            next[c] = children[0][c]
            queue.append(Int(children[0][c]))
        }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            own[state] += own[failure[state]]
            for c in 0..<columns {
                let child = children[state][c]
                if child >= 0 {
                    failure[Int(child)] = Int(next[failure[state] * columns + c])
                    next[state * columns + c] = child
                    queue.append(Int(child))
                } else {
                    next[state * columns + c] = next[failure[state] * columns + c]
                }
            }
        }
        var outputStart: [Int32] = [0]
        var outputs: [Int32] = []
        for list in own {
            outputs += list
            outputStart.append(Int32(outputs.count))
        }
        for k in next.indices {
            let state = Int(next[k])
            next[k] = Int32(state * columns)
            if !own[state].isEmpty { next[k] = ~next[k] }
        }
        self.column = column
        self.columns = columns
        self.next = next
        self.outputStart = outputStart
        self.outputs = outputs
    }

    @inline(__always)
    static func fold(_ byte: UInt8) -> UInt8 { byte &- 65 < 26 ? byte | 0x20 : byte }

    /// Sets the bit of every literal that occurs in `text` (bits already set stay set).
    package func scan(_ text: UnsafeBufferPointer<UInt8>, into present: inout LiteralBits) {
        guard let base = text.baseAddress else { return }
        column.withUnsafeBufferPointer { column in
            next.withUnsafeBufferPointer { next in
                outputStart.withUnsafeBufferPointer { outputStart in
                    var row = 0
                    for i in 0..<text.count {
                        row = Int(next[row + Int(column[Int(base[i])])])
                        if row < 0 {
                            row = ~row
                            let state = row / columns
                            record(outputs[Int(outputStart[state])..<Int(outputStart[state + 1])], endingAt: i, in: base, into: &present)
                        }
                    }
                }
            }
        }
    }

    private func record(_ ids: ArraySlice<Int32>, endingAt end: Int, in base: UnsafePointer<UInt8>, into present: inout LiteralBits) {
        for id in ids {
            let literal = literals[Int(id)]
            if !literal.caseless {
                let start = end + 1 - literal.bytes.count
                guard literal.bytes.withUnsafeBufferPointer({ memcmp(base + start, $0.baseAddress!, $0.count) == 0 }) else { continue }
            }
            present.insert(Int(id))
        }
    }
}

/// A small bit set with reusable storage, so a per-message scan allocates nothing.
package struct LiteralBits: Sendable {
    package private(set) var words: [UInt64]

    package init(capacity: Int, members: Range<Int> = 0..<0) {
        words = [UInt64](repeating: 0, count: (capacity + 63) / 64)
        for i in members { insert(i) }
    }

    // Inlinable: the pipeline tests membership per candidate line, across the module boundary.
    @inlinable @inline(__always) package mutating func insert(_ i: Int) { words[i >> 6] |= 1 << UInt64(i & 63) }
    @inlinable @inline(__always) package func contains(_ i: Int) -> Bool { words[i >> 6] & (1 << UInt64(i & 63)) != 0 }
    /// Calls `body` with every member, in increasing order.
    @inline(__always) package func forEach(_ body: (Int) -> Void) {
        for w in words.indices {
            var bits = words[w]
            while bits != 0 {
                body(w << 6 | bits.trailingZeroBitCount)
                bits &= bits - 1
            }
        }
    }

    package func intersects(_ other: LiteralBits) -> Bool {
        for w in words.indices where words[w] & other.words[w] != 0 { return true }
        return false
    }
    package mutating func removeAll() {
        for i in words.indices { words[i] = 0 }
    }
}
