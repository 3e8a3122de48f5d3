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
                // A group that must match once continues the run before it with its leading literal
                // (`Load\(<(?<handle>lock/` needs `Load(<lock/`), and past it when it is nothing else.
                let end = skipGroup(chars, from: i)
                let lead = leadingLiteral(ofGroupAt: i, in: chars)
                current += lead?.literal ?? []
                if lead?.whole != true { breakRun() }
                i = end
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

    /// The literal text every match of the group opening at `start` begins with, and whether the
    /// group is that text alone. Nil unless the group consumes text once: capturing, named,
    /// non-capturing or atomic, with no quantifier and no alternative of its own.
    private static func leadingLiteral(ofGroupAt start: Int, in chars: [Character]) -> (literal: [Character], whole: Bool)? {
        var i = start + 1
        guard i < chars.count else { return nil }
        if chars[i] == "?" {
            i += 1
            guard i < chars.count else { return nil }
            switch chars[i] {
            case ":", ">":
                i += 1
            case "<", "P", "'":
                if chars[i] == "P" { i += 1; guard i < chars.count, chars[i] == "<" else { return nil } }
                let close: Character = chars[i] == "'" ? "'" : ">"
                i += 1
                guard i < chars.count, chars[i] != "=", chars[i] != "!" else { return nil }  // lookbehinds
                while i < chars.count, chars[i] != close {
                    guard chars[i].isLetter || chars[i].isNumber || chars[i] == "_" else { return nil }
                    i += 1
                }
                i += 1
            default:
                return nil
            }
        }
        let bodyStart = i
        // The closing parenthesis, refusing a top-level alternative.
        var depth = 0, inClass = false, close: Int?
        while i < chars.count, close == nil {
            let c = chars[i]
            if c == "\\" { i += 2; continue }
            if inClass { if c == "]" { inClass = false } }
            else if c == "[" { inClass = true }
            else if c == "(" { depth += 1 }
            else if c == ")" { if depth == 0 { close = i } else { depth -= 1 } }
            else if c == "|" && depth == 0 { return nil }
            i += 1
        }
        guard let close else { return nil }
        if close + 1 < chars.count, "?*+{".contains(chars[close + 1]) { return nil }
        var literal: [Character] = []
        i = bodyStart
        while i < close {
            let c = chars[i]
            let escaped = c == "\\"
            let plain = escaped ? chars[i + 1] : c
            if escaped ? (plain.isLetter || plain.isNumber) : "()[].^$?*+{}|".contains(c) { return (literal, false) }
            i += escaped ? 2 : 1
            if append(plain, quantifiedBy: i < close ? chars[i] : nil, to: &literal) { return (literal, false) }
        }
        return (literal, true)
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
