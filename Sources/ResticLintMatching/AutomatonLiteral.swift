/// The literals an automaton searches for, and which of them a search for "any" can leave out.
extension LiteralAutomaton {
    package struct Literal: Sendable, Hashable {
        var bytes: [UInt8]
        var caseless: Bool
        package var text: String { String(decoding: bytes, as: UTF8.self) }

        package init(bytes: [UInt8], caseless: Bool) {
            self.bytes = bytes
            self.caseless = caseless
        }

        /// Whether every text in which this literal occurs, as the automaton matches it, holds `other`
        /// too: a caseless `other` within the folded bytes, a case-sensitive one within a
        /// case-sensitive literal's own bytes.
        func implies(_ other: Literal) -> Bool {
            guard other.caseless || !caseless, other.bytes.count <= bytes.count else { return false }
            func same(_ a: UInt8, _ b: UInt8) -> Bool {
                other.caseless ? LiteralAutomaton.fold(a) == LiteralAutomaton.fold(b) : a == b
            }
            for start in 0...(bytes.count - other.bytes.count) where other.bytes.indices.allSatisfy({ same(bytes[start + $0], other.bytes[$0]) }) {
                return true
            }
            return false
        }
    }

    /// `literals` each once (a caseless one by its folded bytes) and without those that hold another
    /// (`Literal.implies`): whether any occurs is the same answer, from a smaller table.
    package static func withoutImplied(_ literals: [Literal]) -> [Literal] {
        var seen = Set<Literal>()
        let unique = literals.map { $0.caseless ? Literal(bytes: $0.bytes.map(fold), caseless: true) : $0 }.filter { seen.insert($0).inserted }
        // Distinct literals that imply each other would have the same folded bytes, so one is left.
        return unique.filter { literal in !unique.contains { $0 != literal && literal.implies($0) } }
    }
}
