/// Finds the next place in a buffer where any of many literals (ASCII case folded) may start, at
/// memory speed: each literal is indexed by its rarest byte pair, so the scan is one 8 KiB-table
/// lookup per input byte and a literal comparison only where a rare pair occurs. Case folding makes
/// the scan a superset of what the patterns need; the patterns decide afterwards.
package struct LiteralScanner: Sendable {
    private struct Anchor: Sendable {
        var literal: [UInt8]
        /// Where the indexed pair sits inside `literal`.
        var offset: Int
    }

    private var pairBits = [UInt64](repeating: 0, count: 65_536 / 64)
    /// Anchors by pair key, flattened: the anchors of key k are `anchors[anchorStart[k]..<anchorStart[k + 1]]`
    /// (a hash lookup per hit cost more than the scan).
    private var anchorStart = [Int32](repeating: 0, count: 65_537)
    private var anchors: [Anchor] = []
    private let fold: [UInt8] = (0...255).map { byte in (65...90).contains(byte) ? UInt8(byte + 32) : UInt8(byte) }

    /// `sample` is text like the input (its first megabyte): pairs rare in it make the best anchors.
    package init(literals: [String], sample: UnsafeBufferPointer<UInt8>) {
        var frequency = [UInt32](repeating: 0, count: 65_536)
        if sample.count > 1 {
            for i in 0..<(sample.count - 1) { frequency[pairKey(sample[i], sample[i + 1])] &+= 1 }
        }
        var byKey: [Int: [Anchor]] = [:]
        for literal in Set(literals).sorted() {
            let bytes = literal.utf8.map { fold[Int($0)] }
            guard bytes.count >= 2 else { continue }
            let offset = (0..<(bytes.count - 1)).min { frequency[pairKey(bytes[$0], bytes[$0 + 1])] < frequency[pairKey(bytes[$1], bytes[$1 + 1])] }!
            // Every case variant of the pair is indexed, so the scan reads raw bytes without folding.
            for first in LiteralScanner.caseVariants(bytes[offset]) {
                for second in LiteralScanner.caseVariants(bytes[offset + 1]) {
                    let key = Int(first) | Int(second) << 8
                    pairBits[key >> 6] |= 1 << UInt64(key & 63)
                    byKey[key, default: []].append(Anchor(literal: bytes, offset: offset))
                }
            }
        }
        for key in 0..<65_536 {
            anchorStart[key] = Int32(anchors.count)
            anchors += byKey[key] ?? []
        }
        anchorStart[65_536] = Int32(anchors.count)
    }

    private func pairKey(_ a: UInt8, _ b: UInt8) -> Int { Int(fold[Int(a)]) | Int(fold[Int(b)]) << 8 }

    private static func caseVariants(_ folded: UInt8) -> [UInt8] {
        (97...122).contains(folded) ? [folded, folded - 32] : [folded]
    }

    /// The offset of the first literal occurrence at or after `start`, or nil.
    package func firstMatch(in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = buffer.baseAddress, buffer.count >= 2 else { return nil }
        let count = buffer.count
        return pairBits.withUnsafeBufferPointer { bits in
            fold.withUnsafeBufferPointer { fold in
                var i = max(start, 0)
                while i < count - 1 {
                    // Two input bytes, little-endian, are the pair key as it was indexed.
                    let key = Int(UnsafeRawPointer(base + i).loadUnaligned(as: UInt16.self).littleEndian)
                    if bits[key >> 6] & (1 << UInt64(key & 63)) != 0,
                       let found = verify(key: key, at: i, base: base, count: count, floor: start, fold: fold) {
                        return found
                    }
                    i += 1
                }
                return nil
            }
        }
    }

    private func verify(key: Int, at position: Int, base: UnsafePointer<UInt8>, count: Int, floor: Int,
                        fold: UnsafeBufferPointer<UInt8>) -> Int? {
        var best: Int?
        for anchor in anchors[Int(anchorStart[key])..<Int(anchorStart[key + 1])] {
            let begin = position - anchor.offset
            guard begin >= floor, begin + anchor.literal.count <= count else { continue }
            var equal = true
            for (j, byte) in anchor.literal.enumerated() where fold[Int(base[begin + j])] != byte {
                equal = false
                break
            }
            if equal { best = min(best ?? begin, begin) }
        }
        return best
    }
}
