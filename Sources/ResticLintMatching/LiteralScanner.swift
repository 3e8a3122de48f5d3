import CLiteralScan

/// Finds the next place in a buffer where any of many literals (ASCII case folded) starts, at several
/// GB/s: a SIMD filter (`CLiteralScan`, Teddy-style nibble tables in eight buckets over a six-byte
/// window from each literal's four bytes rarest in the input) proposes positions, each checked
/// against its literals. Case
/// folding makes the scan a superset of what the patterns need; the patterns decide afterwards.
/// A per-byte table lookup in Swift cost ten instructions a byte; Swift's SIMD types have no byte
/// shuffle, so the kernels are C.
package final class LiteralScanner {
    private let set: OpaquePointer

    /// `sample` is text like the input (its first megabyte): four-byte windows rare in it make the
    /// best fingerprints.
    package init(literals: [String], sample: UnsafeBufferPointer<UInt8>) {
        let unique = Set(literals).sorted()
        let bytes = unique.flatMap(\.utf8)
        let lengths = unique.map(\.utf8.count)
        guard let set = rl_literal_set_create(bytes, lengths, lengths.count, sample.baseAddress, sample.count) else {
            fatalError("out of memory building the literal scanner")
        }
        self.set = set
    }

    deinit { rl_literal_set_free(set) }

    /// The offset of a literal occurrence at or after `start` in the earliest line that holds one, or nil.
    package func firstMatch(in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        firstMatch(in: buffer, from: start, kernel: nil)
    }

    /// The same with one scan kernel (`RL_KERNEL_*`), for tests that compare every kernel the CPU has.
    package func firstMatch(in buffer: UnsafeBufferPointer<UInt8>, from start: Int, kernel: Int32?) -> Int? {
        guard let base = buffer.baseAddress, start < buffer.count else { return nil }
        let from = max(start, 0)
        let found = kernel.map { rl_literal_set_find_kernel(set, $0, base, buffer.count, from) }
            ?? rl_literal_set_find(set, base, buffer.count, from)
        return found < 0 ? nil : found
    }

    /// Calls `body` with each line of `buffer` that holds a literal (without its separator) and the
    /// number of separators before it; returns the number of separators in the whole buffer. The lines
    /// between are counted in the scan's own pass over their bytes.
    package func forEachLine(in buffer: UnsafeBufferPointer<UInt8>, separator: UInt8, kernel: Int32? = nil,
                             _ body: (UnsafeBufferPointer<UInt8>, Int) -> Void) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var walk = rl_line_walk(position: 0, separators: 0)
        var line = rl_line(start: 0, end: 0, index: 0)
        while (kernel.map { rl_literal_set_next_line_kernel(set, $0, base, buffer.count, separator, &walk, &line) }
            ?? rl_literal_set_next_line(set, base, buffer.count, separator, &walk, &line)) != 0 {
            body(UnsafeBufferPointer(start: base + line.start, count: line.end - line.start), line.index)
        }
        return walk.separators
    }

    static func isSupported(kernel: Int32) -> Bool { rl_kernel_supported(kernel) != 0 }
}
