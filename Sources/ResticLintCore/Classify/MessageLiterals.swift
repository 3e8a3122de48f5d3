#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which patterns may match a message: every distinct literal is searched once per message, and a
/// pattern runs only when one of its literals occurs. Most candidate lines reach one or two regexes.
struct MessageLiterals {
    private let literals: [(bytes: [UInt8], caseless: Bool)]
    /// Per pattern, the literals one of which it needs; nil runs the pattern on every message.
    private let needs: [[Int]?]
    private let anyCaseless: Bool

    init(_ patterns: [CompiledPattern]) {
        var index: [String: Int] = [:]
        var literals: [(bytes: [UInt8], caseless: Bool)] = []
        needs = patterns.map { pattern in
            pattern.literals.map { texts in
                texts.map { text in
                    let key = (pattern.caseInsensitive ? "i:" : "s:") + text
                    if let known = index[key] { return known }
                    index[key] = literals.count
                    literals.append((Array(text.utf8), pattern.caseInsensitive))
                    return literals.count - 1
                }
            }
        }
        self.literals = literals
        anyCaseless = literals.contains { $0.caseless }
    }

    /// Indices of the patterns worth running on `text`, in pattern order.
    func candidatePatterns(in text: String) -> [Int] {
        var text = text
        let present: [Bool] = text.withUTF8 { raw in
            let folded = anyCaseless ? raw.map { (65...90).contains($0) ? $0 + 32 : $0 } : []
            return folded.withUnsafeBufferPointer { lower in
                literals.map { literal in MessageLiterals.contains(literal.caseless ? lower : raw, literal.bytes) }
            }
        }
        return needs.indices.filter { needs[$0].map { $0.contains { present[$0] } } ?? true }
    }

    private static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        guard let base = haystack.baseAddress, let first = needle.first, needle.count <= haystack.count else { return needle.isEmpty }
        return needle.withUnsafeBufferPointer { n in
            var offset = 0
            let last = haystack.count - n.count
            while offset <= last, let found = memchr(base + offset, Int32(first), last - offset + 1) {
                let at = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
                if memcmp(base + at, n.baseAddress!, n.count) == 0 { return true }
                offset = at + 1
            }
            return false
        }
    }
}
