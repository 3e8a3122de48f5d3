import ResticLintMatching

/// The last few selections `MessageLiterals.select` made for messages other than listing lines,
/// keyed on what they were made from: the literals present (the automaton's bit set) and whether
/// the text was known ASCII. Past the automaton pass a selection reads nothing else, and the lines
/// of a retry storm repeat a handful of literal sets (`Load(<`, `returned error, retrying after`,
/// one error text), so the bookkeeping (literal rows, clauses, marker and block sets, ~850
/// instructions a message) is done once per set.
/// A selection that tested the text's bytes for ASCII (a caseless pattern missing a clause, on
/// text not known ASCII) depended on more than the key and is not kept.
final class SelectionMemo {
    private static let capacity = 8
    private let literalWords: Int
    private let patternCount: Int
    /// Per entry: the present words, the key's flags, the candidates and what was found.
    private let present: UnsafeMutablePointer<UInt64>
    private let chosen: UnsafeMutablePointer<Int>
    private let counts: UnsafeMutablePointer<Int>
    private let knownASCII: UnsafeMutablePointer<Bool>
    private let found: UnsafeMutablePointer<MessageLiterals.Found>
    /// How many entries are filled, and the next to replace: behind a pointer, as a stored `var` of
    /// a class costs an exclusivity check per access.
    private let state: UnsafeMutablePointer<(filled: Int, next: Int)>

    init(literalWords: Int, patternCount: Int) {
        self.literalWords = literalWords
        self.patternCount = max(1, patternCount)
        present = .allocate(capacity: SelectionMemo.capacity * literalWords)
        chosen = .allocate(capacity: SelectionMemo.capacity * self.patternCount)
        counts = .allocate(capacity: SelectionMemo.capacity)
        knownASCII = .allocate(capacity: SelectionMemo.capacity)
        found = .allocate(capacity: SelectionMemo.capacity)
        state = .allocate(capacity: 1)
        state.initialize(to: (0, 0))
    }

    deinit {
        present.deallocate()
        chosen.deallocate()
        counts.deallocate()
        knownASCII.deallocate()
        found.deallocate()
        state.deallocate()
    }

    /// The kept selection for `present` (copied into `into`, its count returned), if there is one.
    @inline(__always)
    func recall(_ words: UnsafePointer<UInt64>, knownASCII ascii: Bool, into candidates: UnsafeMutablePointer<Int>)
        -> (count: Int, found: MessageLiterals.Found)? {
        var e = 0
        let filled = state.pointee.filled
        while e < filled {
            if knownASCII[e] == ascii, same(words, present + e * literalWords) {
                candidates.update(from: chosen + e * patternCount, count: counts[e])
                return (counts[e], found[e])
            }
            e += 1
        }
        return nil
    }

    /// Keeps a selection made from `present` under the key, replacing the oldest.
    func keep(_ words: UnsafePointer<UInt64>, knownASCII ascii: Bool, candidates: UnsafePointer<Int>, count: Int,
              found selected: MessageLiterals.Found) {
        let e = state.pointee.next
        state.pointee = (max(state.pointee.filled, e + 1), (e + 1) % SelectionMemo.capacity)
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
    /// The kept count; behind a pointer for the same reason as `SelectionMemo.state`.
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
