/// Whether every byte is ASCII, eight bytes at a time: it runs on most candidate lines, on every field
/// value numbered, and wherever text takes a byte path for ASCII (restic's messages and the rules are)
/// and a Unicode one otherwise. Inlinable: every module of the pipeline calls it.
@inlinable
package func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = bytes.baseAddress else { return true }
    let raw = UnsafeRawPointer(base)
    var i = 0, high: UInt64 = 0
    while i + 8 <= bytes.count {
        high |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        i += 8
    }
    while i < bytes.count {
        high |= UInt64(base[i])
        i += 1
    }
    return high & 0x8080_8080_8080_8080 == 0
}

/// `isASCII` on any bytes, such as a String's or a Substring's UTF-8 view: in place when they are
/// contiguous (a native String's are), byte by byte otherwise.
@inlinable
package func isASCII<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
    bytes.withContiguousStorageIfAvailable { isASCII($0) } ?? bytes.allSatisfy { $0 < 0x80 }
}
