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
                literals.map { literal in literal.bytes.withUnsafeBufferPointer { containsBytes(literal.caseless ? lower : raw, $0) } }
            }
        }
        return needs.indices.filter { needs[$0].map { $0.contains { present[$0] } } ?? true }
    }
}
