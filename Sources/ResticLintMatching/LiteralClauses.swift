/// Every literal condition a regex's subject must meet for a match, as clauses: each clause lists
/// literals one of which the subject contains. `RequiredLiterals` gives one clause, the one the
/// buffer prefilter and the candidate index use; these are the others, so a pattern whose first
/// literal is common (`error`) runs only when its other needs occur too (`503`, `slow down`).
///
/// Sound or nothing: any construct it does not understand gives no clauses at all. Literals come
/// from what every match must pass through, including positive lookaheads (they look at the same
/// subject); lookbehinds, negative lookarounds and anything optional contribute none.
package enum LiteralClauses {
    /// The clauses of `pattern`, or nil when it uses a construct this reading does not model.
    /// `subjectStarts`: every subject starts with one of these, for a pattern whose `^` matches only
    /// at the subject's start (the caller makes sure no multiline option is set). A branch whose `^`
    /// is followed by text that contradicts each of them cannot match, and a pattern none of whose
    /// branches can gives the clause `[]`, which no subject meets.
    package static func extract(from pattern: String, subjectStarts: [[UInt8]] = []) -> [[String]]? {
        var parser = Parser(chars: Array(pattern.utf8), subjectStarts: subjectStarts)
        guard let clauses = try? parser.alternation(), parser.i == parser.chars.count else { return nil }
        return clauses
    }

    private struct Unmodelled: Error {}

    private struct Parser {
        /// The pattern's bytes: the rules are ASCII, and any other byte is not modelled.
        let chars: [UInt8]
        var i = 0
        let subjectStarts: [[UInt8]]

        init(chars: [UInt8], subjectStarts: [[UInt8]]) {
            self.chars = chars
            self.subjectStarts = subjectStarts
        }

        private var current: Unicode.Scalar? { i < chars.count ? Unicode.Scalar(chars[i]) : nil }

        /// Branches up to the closing `)` of the group (or the end): each branch must contribute a
        /// clause, and a match contains a literal of the union of one clause per branch.
        mutating func alternation() throws -> [[String]] {
            // A group right after `^`: each of its branches starts at the subject's start too.
            let anchored = groupAtStart
            groupAtStart = false
            var branches = [try sequence(anchored: anchored)]
            while current == "|" {
                i += 1
                branches.append(try sequence(anchored: anchored))
            }
            if branches.count == 1 { return branches[0] }
            // A branch that cannot match adds no literal; when none can, neither can the group.
            let possible = branches.filter { !$0.contains([]) }
            if possible.isEmpty { return [[]] }
            var union: [String] = []
            for branch in possible {
                guard let best = LiteralClauses.mostSelective(branch) else { return [] }
                for literal in best where !union.contains(literal) { union.append(literal) }
            }
            return [union]
        }

        /// Whether the group about to be read starts where `^` matched.
        private var groupAtStart = false

        /// Whether the text at `i` must be the subject's start: false when it contradicts each known
        /// start; a group there is read as starting there too.
        private mutating func mayStartSubject() -> Bool {
            guard !subjectStarts.isEmpty else { return true }
            let literal = RegexText.leadingLiteral(Array(chars[i...]))
            if subjectStarts.allSatisfy({ RegexText.contradicts(literal, $0) }) { return false }
            if literal.isEmpty, current == "(" { groupAtStart = true }
            return true
        }

        private mutating func sequence(anchored: Bool = false) throws -> [[String]] {
            var clauses: [[String]] = []
            var impossible = anchored && !mayStartSubject()
            var run: [UInt8] = []
            func endRun() {
                if !run.isEmpty { clauses.append([String(decoding: run, as: UTF8.self)]) }
                run.removeAll(keepingCapacity: true)
            }
            /// A literal character: kept when required, and a repeat ends the run after it.
            func literal(_ c: Unicode.Scalar, _ minimum: Int?) {
                guard let minimum else { run.append(UInt8(c.value)); return }
                if minimum >= 1 { run.append(UInt8(c.value)) }
                endRun()
            }
            while let c = current, c != "|", c != ")" {
                let atStart = groupAtStart
                groupAtStart = false
                i += 1
                switch c {
                case "\\":
                    guard let escaped = current else { throw Unmodelled() }
                    i += 1
                    if LiteralClauses.isWordCharacter(escaped), escaped != "_" {
                        // Only escapes that stand for one character class or an assertion; those
                        // taking arguments (\x, \p, \k, \Q, back references...) are not modelled.
                        guard "dDwWsSbBhHvVRnrtfeaAzZGK".unicodeScalars.contains(escaped) else { throw Unmodelled() }
                        endRun()
                        _ = try quantifier()
                    } else if escaped.isASCII, escaped.value >= 0x20, escaped.value < 0x7F {
                        literal(escaped, try quantifier())
                    } else {
                        throw Unmodelled()
                    }
                case "(":
                    endRun()
                    groupAtStart = atStart
                    let inner = try group()
                    if (try quantifier()).map({ $0 >= 1 }) ?? true { clauses += inner }
                case "[":
                    endRun()
                    try skipClass()
                    _ = try quantifier()
                case "^":
                    endRun()
                    if try quantifier() == nil, !mayStartSubject() { impossible = true }
                case ".", "$":
                    endRun()
                    _ = try quantifier()
                case "*", "+", "?", "{", "]", "}":
                    throw Unmodelled()
                default:
                    guard c.isASCII else { throw Unmodelled() }
                    literal(c, try quantifier())
                }
            }
            endRun()
            return impossible ? [[]] : clauses
        }

        /// After `(`: the group's clauses, nil-equivalent (empty) for assertions that add none.
        private mutating func group() throws -> [[String]] {
            var contributes = true
            if current == "*" { throw Unmodelled() }  // backtracking verbs
            if current == "?" {
                i += 1
                switch current {
                case ":", ">", "|", "=":
                    i += 1
                case "!":
                    i += 1
                    contributes = false
                case "<" where i + 1 < chars.count && (chars[i + 1] == UInt8(ascii: "=") || chars[i + 1] == UInt8(ascii: "!")):
                    i += 2
                    contributes = false
                case "<", "P", "'":
                    if current == "P" { i += 1; guard current == "<" else { throw Unmodelled() } }
                    let close: Unicode.Scalar = current == "'" ? "'" : ">"
                    i += 1
                    while let c = current, c != close {
                        guard LiteralClauses.isWordCharacter(c) else { throw Unmodelled() }
                        i += 1
                    }
                    guard current == close else { throw Unmodelled() }
                    i += 1
                default:
                    // Option settings: only those that leave literal text alone.
                    while let c = current, "ms-".unicodeScalars.contains(c) { i += 1 }
                    if current == ")" { i += 1; return [] }
                    guard current == ":" else { throw Unmodelled() }
                    i += 1
                }
            }
            let inner = try alternation()
            guard current == ")" else { throw Unmodelled() }
            i += 1
            return contributes ? inner : []
        }

        private mutating func skipClass() throws {
            if current == "^" { i += 1 }
            if current == "]" { i += 1 }
            while let c = current, c != "]" {
                i += 1
                if c == "\\" { i += 1 }
                if c == "[", current == ":" {
                    while let d = current, d != "]" { i += 1 }
                    i += 1
                }
            }
            guard current == "]" else { throw Unmodelled() }
            i += 1
        }

        /// The minimum count of a quantifier here (consumed with its lazy/possessive mark), or nil.
        private mutating func quantifier() throws -> Int? {
            guard let c = current else { return nil }
            let minimum: Int
            switch c {
            case "?", "*": minimum = 0; i += 1
            case "+": minimum = 1; i += 1
            case "{":
                // `{n}`, `{n,}` or `{n,m}`; PCRE2 reads any other brace as a literal: not modelled.
                guard let close = chars[i...].firstIndex(of: UInt8(ascii: "}")) else { throw Unmodelled() }
                let bounds = String(decoding: chars[(i + 1)..<close], as: UTF8.self).split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false)
                guard let low = bounds.first, let n = Int(low), low.allSatisfy({ $0.isASCII && $0.isNumber }),
                      bounds.count == 1 || bounds[1].isEmpty || Int(bounds[1]) != nil else { throw Unmodelled() }
                minimum = n
                i = close + 1
            default: return nil
            }
            if current == "?" || current == "+" { i += 1 }
            return minimum
        }
    }

    static func isWordCharacter(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_"
    }

    /// The clause most likely to rule a line out: its shortest literal is longest.
    package static func mostSelective(_ clauses: [[String]]) -> [String]? {
        clauses.max { a, b in
            let (ma, mb) = (a.map(\.count).min() ?? 0, b.map(\.count).min() ?? 0)
            return ma != mb ? ma < mb : a.count > b.count
        }
    }
}
