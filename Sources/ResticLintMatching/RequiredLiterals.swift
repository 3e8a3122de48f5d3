/// Finds literal text that every match of a regex must contain, so a cheap literal search can
/// rule out lines before any regex runs. Conservative: when unsure it returns nil (always run).
package enum RequiredLiterals {
    static let minimumLength = 4

    /// One literal per top-level alternative, or nil when some alternative has no usable literal.
    package static func extract(from pattern: String) -> [String]? {
        let chars = Array(pattern)
        var branches: [[Character]] = [[]]
        var depth = 0
        var i = 0
        var inClass = false
        while i < chars.count {
            let c = chars[i]
            if c == "\\" && i + 1 < chars.count {
                branches[branches.count - 1] += [c, chars[i + 1]]
                i += 2
                continue
            }
            if inClass { if c == "]" { inClass = false } }
            else if c == "[" { inClass = true }
            else if c == "(" { depth += 1 }
            else if c == ")" { depth -= 1 }
            else if c == "|" && depth == 0 { branches.append([]); i += 1; continue }
            branches[branches.count - 1].append(c)
            i += 1
        }
        var literals: [String] = []
        for branch in branches {
            guard let best = longestLiteral(in: branch), best.count >= minimumLength else { return nil }
            literals.append(best)
        }
        return literals
    }

    /// The longest run of plain characters in one top-level branch that is not optional.
    private static func longestLiteral(in chars: [Character]) -> String? {
        var runs: [[Character]] = []
        var current: [Character] = []
        func breakRun() {
            if !current.isEmpty { runs.append(current) }
            current = []
        }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            switch c {
            case "\\":
                guard let escaped = next else { breakRun(); i += 1; continue }
                if escaped.isLetter || escaped.isNumber {
                    breakRun()
                } else if append(escaped, quantifiedBy: i + 2 < chars.count ? chars[i + 2] : nil, to: &current) {
                    breakRun()
                }
                i += 2
                continue
            case "(":
                breakRun()
                i = skipGroup(chars, from: i)
                continue
            case "[":
                breakRun()
                i += 1
                if i < chars.count && chars[i] == "]" { i += 1 }
                while i < chars.count && chars[i] != "]" { i += chars[i] == "\\" ? 2 : 1 }
                i += 1
                skipQuantifier(chars, &i)
                continue
            case ".", "^", "$", "?", "*", "+", "{", "}", ")", "|":
                breakRun()
            default:
                if append(c, quantifiedBy: next, to: &current) { breakRun() }
            }
            i += 1
        }
        breakRun()
        return runs.max { $0.count < $1.count }.map { String($0) }
    }

    /// Appends `c` unless a quantifier makes it optional; returns whether the literal run ends here.
    private static func append(_ c: Character, quantifiedBy quantifier: Character?, to current: inout [Character]) -> Bool {
        switch quantifier {
        case "?", "*", "{": return true
        case "+": current.append(c); return true
        default: current.append(c); return false
        }
    }

    private static func skipGroup(_ chars: [Character], from start: Int) -> Int {
        var depth = 0
        var i = start
        var inClass = false
        while i < chars.count {
            let c = chars[i]
            if c == "\\" { i += 2; continue }
            if inClass { if c == "]" { inClass = false } }
            else if c == "[" { inClass = true }
            else if c == "(" { depth += 1 }
            else if c == ")" { depth -= 1; if depth == 0 { i += 1; break } }
            i += 1
        }
        skipQuantifier(chars, &i)
        return i
    }

    private static func skipQuantifier(_ chars: [Character], _ i: inout Int) {
        guard i < chars.count else { return }
        if "?*+".contains(chars[i]) { i += 1 }
        else if chars[i] == "{" { while i < chars.count && chars[i] != "}" { i += 1 }; i += 1 }
        if i < chars.count && "?+".contains(chars[i]) { i += 1 }
    }
}
