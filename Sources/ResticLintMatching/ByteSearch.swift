#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CLiteralScan

/// Plain byte substring search (memchr on the first byte, then compare); no Unicode normalisation,
/// which log text does not need. Inlinable: the pipeline's per-line checks call it across the module boundary.
@inlinable
package func containsBytes(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = haystack.baseAddress, let n = needle.baseAddress, needle.count <= haystack.count else { return needle.isEmpty }
    var offset = 0
    let last = haystack.count - needle.count
    while offset <= last, let found = memchr(base + offset, Int32(n.pointee), last - offset + 1) {
        let at = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
        if memcmp(base + at, n, needle.count) == 0 { return true }
        offset = at + 1
    }
    return false
}

extension String {
    @inlinable
    package func containsBytes(_ needle: String) -> Bool {
        var haystack = self
        var needle = needle
        return haystack.withUTF8 { h in needle.withUTF8 { n in ResticLintMatching.containsBytes(h, n) } }
    }
}

extension Substring {
    /// Whether the text holds `byte`, with memchr: the generic `utf8.contains` steps through the view
    /// index by index, about 35 instructions a byte, which long lines pay on every check.
    package func containsByte(_ byte: UInt8) -> Bool {
        utf8.withContiguousStorageIfAvailable { bytes in
            guard let base = bytes.baseAddress else { return false }
            return memchr(base, Int32(byte), bytes.count) != nil
        } ?? utf8.contains(byte)
    }
}

/// Counts separator bytes with SIMD (`CLiteralScan`); skipped regions between candidate lines are most of the input.
@inlinable @inline(__always)
package func countSeparators(_ bytes: UnsafeBufferPointer<UInt8>, _ separator: UInt8) -> Int {
    guard let base = bytes.baseAddress else { return 0 }
    return rl_count_byte(base, bytes.count, separator)
}

/// Offset of the last `byte` in `base[0..<count]`: glibc's memrchr, which Swift does not import
/// (a GNU extension), through the C shim; a candidate line's start is searched for this way.
@inlinable @inline(__always)
package func lastOffset(of byte: UInt8, in base: UnsafePointer<UInt8>, count: Int) -> Int? {
    let found = rl_last_byte(base, count, byte)
    return found < 0 ? nil : found
}

/// Whether two buffers hold the same bytes.
package func sameBytes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    guard a.count == b.count else { return false }
    guard let x = a.baseAddress, let y = b.baseAddress else { return true }
    return memcmp(x, y, a.count) == 0
}
