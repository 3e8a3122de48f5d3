#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Plain byte substring search (memchr on the first byte, then compare); no Unicode normalisation,
/// which log text does not need.
func containsBytes(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
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
    func containsBytes(_ needle: String) -> Bool {
        var haystack = self
        var needle = needle
        return haystack.withUTF8 { h in needle.withUTF8 { n in ResticLintCore.containsBytes(h, n) } }
    }
}

/// Offset of the last `byte` in `base[0..<count]`. A plain loop: callers search back only to the
/// start of the current line, which is short (memrchr is a GNU extension Swift does not import).
@inline(__always)
func lastOffset(of byte: UInt8, in base: UnsafePointer<UInt8>, count: Int) -> Int? {
    var i = count - 1
    while i >= 0 {
        if base[i] == byte { return i }
        i -= 1
    }
    return nil
}

/// Whether two buffers hold the same bytes.
func sameBytes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    guard a.count == b.count else { return false }
    guard let x = a.baseAddress, let y = b.baseAddress else { return true }
    return memcmp(x, y, a.count) == 0
}
