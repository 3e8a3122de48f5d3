import ResticLintMatching

/// Selections `MessageLiterals.select` made for messages other than listing lines, one a slot,
/// keyed on what they were made from: the literals present (the automaton's bit set) and whether
/// the text was known ASCII. Past the automaton pass a selection reads nothing else, and the lines
/// of a retry storm repeat a handful of literal sets (`Load(<`, `returned error, retrying after`,
/// one error text), so the bookkeeping (literal rows, clauses, marker and block sets, ~850
/// instructions a message) is done once per set.
/// A selection that tested the text's bytes for ASCII (a caseless pattern missing a clause, on
/// text not known ASCII) depended on more than the key and is not kept.
/// Direct-mapped by a hash of the key: a lookup is one slot's compare, however many sets a storm
/// repeats.
final class SelectionMemo {
    private static let capacity = 64
    private let literalWords: Int
    private let patternCount: Int
    /// Per entry: the present words, the key's flags, the candidates and what was found.
    private let present: UnsafeMutablePointer<UInt64>
    private let chosen: UnsafeMutablePointer<Int>
    private let counts: UnsafeMutablePointer<Int>
    private let knownASCII: UnsafeMutablePointer<Bool>
    private let found: UnsafeMutablePointer<MessageLiterals.Found>

    init(literalWords: Int, patternCount: Int) {
        self.literalWords = literalWords
        self.patternCount = max(1, patternCount)
        present = .allocate(capacity: SelectionMemo.capacity * literalWords)
        chosen = .allocate(capacity: SelectionMemo.capacity * self.patternCount)
        counts = .allocate(capacity: SelectionMemo.capacity)
        knownASCII = .allocate(capacity: SelectionMemo.capacity)
        found = .allocate(capacity: SelectionMemo.capacity)
        // A count of -1 marks an empty slot.
        counts.initialize(repeating: -1, count: SelectionMemo.capacity)
    }

    deinit {
        present.deallocate()
        chosen.deallocate()
        counts.deallocate()
        knownASCII.deallocate()
        found.deallocate()
    }

    @inline(__always)
    private func slot(_ words: UnsafePointer<UInt64>, _ ascii: Bool) -> Int {
        var h: UInt64 = ascii ? 0x5851_F42D_4C95_7F2D : 0
        for w in 0..<literalWords { h = (h ^ words[w]) &* 0x9E37_79B9_7F4A_7C15 }
        return Int(truncatingIfNeeded: h >> 58)
    }

    /// The kept selection for `present` (copied into `into`, its count returned), if there is one.
    @inline(__always)
    func recall(_ words: UnsafePointer<UInt64>, knownASCII ascii: Bool, into candidates: UnsafeMutablePointer<Int>)
        -> (count: Int, found: MessageLiterals.Found)? {
        let e = slot(words, ascii)
        guard counts[e] >= 0, knownASCII[e] == ascii, same(words, present + e * literalWords) else { return nil }
        candidates.update(from: chosen + e * patternCount, count: counts[e])
        return (counts[e], found[e])
    }

    /// Keeps a selection made from `present` under the key, replacing what its slot held.
    func keep(_ words: UnsafePointer<UInt64>, knownASCII ascii: Bool, candidates: UnsafePointer<Int>, count: Int,
              found selected: MessageLiterals.Found) {
        let e = slot(words, ascii)
        (present + e * literalWords).update(from: words, count: literalWords)
        (chosen + e * patternCount).update(from: candidates, count: count)
        counts[e] = count
        knownASCII[e] = ascii
        found[e] = selected
    }

    @inline(__always)
    private func same(_ a: UnsafePointer<UInt64>, _ b: UnsafePointer<UInt64>) -> Bool {
        for w in 0..<literalWords where a[w] != b[w] { return false }
        return true
    }
}

/// A copy of one message's bytes (at most `capacity`), kept in storage allocated once: the message
/// `EventClassifier.mayRecognise` passed on, which `recognise` compares with the message it gets.
/// An array cleared and refilled per event cost ~260 instructions (`replaceSubrange`, an
/// exclusivity check); this is a `memcpy`.
final class KeptBytes {
    private let storage: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    /// The kept count, behind a pointer: a stored `var` of a class costs an exclusivity check per access.
    private let count: UnsafeMutablePointer<Int>

    init(capacity: Int) {
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
        count = .allocate(capacity: 1)
        count.initialize(to: 0)
    }

    deinit {
        storage.deallocate()
        count.deallocate()
    }

    /// Keeps `bytes`; a longer message than the capacity is kept as nothing, and then equals no message.
    func keep(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, bytes.count <= capacity else {
            count.pointee = bytes.count <= capacity ? 0 : -1
            return
        }
        storage.update(from: base, count: bytes.count)
        count.pointee = bytes.count
    }

    func equals(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        count.pointee >= 0 && sameBytes(UnsafeBufferPointer(start: storage, count: count.pointee), bytes)
    }
}
