#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension String {
    /// Plain byte substring search (memchr on the first byte, then compare); no Unicode
    /// normalisation, which log text does not need.
    func containsBytes(_ needle: String) -> Bool {
        var haystack = self
        var needle = needle
        return haystack.withUTF8 { h in
            needle.withUTF8 { n in
                guard let hb = h.baseAddress, let nb = n.baseAddress, n.count <= h.count else { return n.isEmpty }
                var offset = 0
                let last = h.count - n.count
                while offset <= last, let found = memchr(hb + offset, Int32(nb.pointee), last - offset + 1) {
                    let at = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - hb
                    if memcmp(hb + at, nb, n.count) == 0 { return true }
                    offset = at + 1
                }
                return false
            }
        }
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
