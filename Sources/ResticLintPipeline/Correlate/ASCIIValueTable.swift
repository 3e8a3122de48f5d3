import ResticLintMatching
/// ASCII values numbered 0, 1, 2... in order of first use, found by their bytes: hashing a value's
/// bytes where they lie costs a fraction of making it a String and hashing that. Only for ASCII:
/// String equality is canonical equivalence, which for ASCII text is byte equality, but a non-ASCII
/// value may equal another with other bytes (U+212A KELVIN SIGN equals `K`), so `ValueNumbers`
/// numbers those as Strings.
struct ASCIIValueTable {
    /// Every value's bytes, one after the other; value n is `bytes[starts[n]..<starts[n + 1]]`.
    private var bytes: [UInt8] = []
    private var starts: [Int32] = [0]
    private var hashes: [UInt64] = []
    /// Open addressing: a value's number + 1, 0 where free. Its size is a power of two, at least
    /// twice the values held.
    private var slots: [Int32]

    init(minimumCapacity: Int) {
        var size = 16
        while size < 2 * minimumCapacity { size <<= 1 }
        slots = Array(repeating: 0, count: size)
        hashes.reserveCapacity(minimumCapacity)
        starts.reserveCapacity(minimumCapacity + 1)
    }

    var count: Int { hashes.count }

    /// The number of `value`, given the next one (`count`) when new.
    mutating func number(of value: UnsafeBufferPointer<UInt8>) -> Int32 {
        let hash = ASCIIValueTable.hash(value)
        var mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
            let n = Int(slots[slot] - 1)
            if hashes[n] == hash && isValue(n, value) { return Int32(n) }
            slot = (slot + 1) & mask
        }
        let n = Int32(hashes.count)
        hashes.append(hash)
        bytes.append(contentsOf: value)
        starts.append(Int32(bytes.count))
        slots[slot] = n + 1
        if 2 * hashes.count > slots.count {
            slots = Array(repeating: 0, count: 2 * slots.count)
            mask = slots.count - 1
            for (m, hash) in hashes.enumerated() {
                var slot = Int(truncatingIfNeeded: hash) & mask
                while slots[slot] != 0 { slot = (slot + 1) & mask }
                slots[slot] = Int32(m + 1)
            }
        }
        return n
    }

    /// Every value in number order, as the Strings they are.
    var values: [String] {
        (0..<count).map { String(decoding: bytes[Int(starts[$0])..<Int(starts[$0 + 1])], as: UTF8.self) }
    }

    private func isValue(_ n: Int, _ value: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Int(starts[n]), end = Int(starts[n + 1])
        guard end - start == value.count else { return false }
        return bytes.withUnsafeBufferPointer { sameBytes(UnsafeBufferPointer(rebasing: $0[start..<end]), value) }
    }

    /// Per process, as Swift's own `Hasher` is: values come from logs anyone can write, and a fixed
    /// hash would let one line up colliding values and make numbering quadratic. Numbers follow first
    /// use, never the hash, so reports do not depend on it.
    private static let seed = UInt64.random(in: .min ... .max)

    /// Eight bytes at a time; values are lock handles and error texts of tens of bytes.
    private static func hash(_ value: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = seed ^ UInt64(value.count)
        guard let base = value.baseAddress else { return h }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= value.count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x0000_0100_0000_01B3
            h ^= h >> 29
            i += 8
        }
        var tail: UInt64 = 0
        while i < value.count {
            tail = tail << 8 | UInt64(base[i])
            i += 1
        }
        h = (h ^ tail) &* 0xFF51_AFD7_ED55_8CCD
        return h ^ h >> 32
    }
}
