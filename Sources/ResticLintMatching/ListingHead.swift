/// restic's `--verbose` backup listing: one line per file, `unchanged /path`, `new       /path, saved
/// in ...`, `modified  /path, saved in ...` (the word padded to nine columns). A listed path holds
/// whatever the user named files (`error.log`, `failed-uploads/`), so these lines carry the literals
/// of the catch-all patterns, which then ran PCRE2 on nearly every line of a verbose log. A pattern
/// that provably never matches such a line is left out for it (`excludes`).
package enum ListingHead {
    /// The words restic's listing starts a line with.
    package static let words = ["new", "unchanged", "modified"]
    private static let wordBytes = words.map { Array($0.utf8) }

    /// The index in `words` of the listing word `message` starts with, when one or more spaces and a
    /// printable non-space ASCII byte follow it; nil for any other message (and for any message under
    /// ten bytes, which only costs a skipped rejection).
    @inline(__always)
    package static func word(of message: UnsafeBufferPointer<UInt8>) -> Int? { head(of: message)?.word }

    /// The same with where the path starts (the first byte after the spaces). Compares whole words
    /// against constants: it runs on every candidate line, and reading `words` costs a lazy-global
    /// check and a retain.
    @inline(__always)
    package static func head(of message: UnsafeBufferPointer<UInt8>) -> (word: Int, path: Int)? {
        guard message.count >= 10, let base = message.baseAddress else { return nil }
        let head = UInt64(littleEndian: UnsafeRawPointer(base).loadUnaligned(as: UInt64.self))
        let index: Int, end: Int
        if head & 0xFFFF_FFFF == 0x2077_656E {  // "new "
            (index, end) = (0, 3)
        } else if head == 0x6567_6E61_6863_6E75, base[8] == UInt8(ascii: "d") {  // "unchange", "d"
            (index, end) = (1, 9)
        } else if head == 0x6465_6966_6964_6F6D {  // "modified"
            (index, end) = (2, 8)
        } else {
            return nil
        }
        var i = end
        guard base[i] == UInt8(ascii: " ") else { return nil }
        while i < message.count, base[i] == UInt8(ascii: " ") { i += 1 }
        return i < message.count && base[i] > 0x20 && base[i] < 0x7F ? (index, i) : nil
    }

    /// Whether `regex` can never match a message that `word(of:)` accepts, whichever listing word it
    /// starts with. Proved from the pattern's text, not from examples: every top-level branch starts
    /// with `^` (the subject's start, as neither the multiline option nor `(?m)` is set) and then
    /// - a negative lookahead, not made optional by a quantifier, with an alternative that is exactly
    ///   `(?:w1|w2|...) +\S` and lists every listing word: it matches the line's first bytes, so the
    ///   lookahead fails at the only position `^` allows, after a bounded amount of work (no match
    ///   limit is reached); or
    /// - literal ASCII text that contradicts each listing word and its space (`RegexText.contradicts`).
    /// Anything else, including a `(?x)` or `(?m)` option anywhere, proves nothing (false). Words are
    /// compared exactly and literal text caselessly, so option settings such as `(?i)` or `(?-i)` and
    /// the pattern's own caseless flag cannot undo a proof.
    package static func excludes(_ regex: PCRE2Regex) -> Bool {
        let chars = Array(regex.pattern.utf8)
        guard chars.first == UInt8(ascii: "^"), !regex.isMultiline, !RegexText.setsOption(in: chars, among: "mx") else { return false }
        return RegexText.branches(chars).allSatisfy { branch in
            guard branch.first == UInt8(ascii: "^") else { return false }
            let rest = Array(branch.dropFirst())
            if rest.starts(with: Array("(?!".utf8)) {
                guard let close = RegexText.groupEnd(rest, from: 0),
                      close + 1 == rest.count || !"?*+{".utf8.contains(rest[close + 1]) else { return false }
                return RegexText.branches(Array(rest[3..<close])).contains(where: listsEveryWord)
            }
            let literal = RegexText.leadingLiteral(rest)
            return starts.allSatisfy { RegexText.contradicts(literal, $0) }
        }
    }

    /// Whether `alternative` is exactly `(?:w1|w2|...) +\S` with every listing word among the words.
    private static func listsEveryWord(_ alternative: [UInt8]) -> Bool {
        guard alternative.starts(with: Array("(?:".utf8)), let close = RegexText.groupEnd(alternative, from: 0),
              Array(alternative[(close + 1)...]) == Array(#" +\S"#.utf8) else { return false }
        let listed = RegexText.branches(Array(alternative[3..<close]))
        return wordBytes.allSatisfy(listed.contains)
    }

    /// Whether `regex` holds a `^` outside classes and escapes: only such a pattern can read
    /// differently for a message known to start with a listing word.
    package static func isAnchored(_ regex: PCRE2Regex) -> Bool {
        let chars = Array(regex.pattern.utf8)
        return RegexText.units(chars).contains { $0.count == 1 && chars[$0.lowerBound] == UInt8(ascii: "^") }
    }

    /// The literal clauses (`LiteralClauses`) every match of `regex` meets on a message that
    /// `word(of:)` accepts, read with the listing words' starts wherever `^` can only mean the
    /// message's start; nil where the pattern is not modelled. A clause `[]`: no such message matches.
    package static func clauses(of regex: PCRE2Regex) -> [[String]]? {
        let multiline = regex.isMultiline || RegexText.setsOption(in: Array(regex.pattern.utf8), among: "m")
        return LiteralClauses.extract(from: regex.pattern, subjectStarts: multiline ? [] : starts)
    }

    /// Whether an occurrence of `literal` could start inside a listing word or the spaces after it:
    /// it would begin with a space or with the rest of a word and its space (ASCII case folded).
    package static func mayStartInHead(_ literal: String) -> Bool {
        let bytes = Array(literal.utf8)
        return starts.contains { start in start.indices.contains { !RegexText.contradicts(bytes, Array(start[$0...])) } }
    }

    /// The bytes such a message provably starts with, one per listing word: the word and a space.
    static let starts = wordBytes.map { $0 + [UInt8(ascii: " ")] }
}

/// Just enough reading of a regex's text for `ListingHead`'s proofs: top-level branches, group
/// ends, option settings and leading literal text, with escapes and classes skipped as units.
enum RegexText {
    /// The pattern split at its top-level `|`.
    static func branches(_ chars: [UInt8]) -> [[UInt8]] {
        var branches: [[UInt8]] = []
        var depth = 0, start = 0
        for unit in units(chars) where unit.count == 1 {
            switch chars[unit.lowerBound] {
            case UInt8(ascii: "("): depth += 1
            case UInt8(ascii: ")"): depth -= 1
            case UInt8(ascii: "|") where depth == 0:
                branches.append(Array(chars[start..<unit.lowerBound]))
                start = unit.upperBound
            default: break
            }
        }
        return branches + [Array(chars[start...])]
    }

    /// The index of the `)` closing the group that opens at `start`, or nil.
    static func groupEnd(_ chars: [UInt8], from start: Int) -> Int? {
        var depth = 0
        for unit in units(chars[start...]) where unit.count == 1 {
            if chars[unit.lowerBound] == UInt8(ascii: "(") { depth += 1 }
            if chars[unit.lowerBound] == UInt8(ascii: ")") {
                depth -= 1
                if depth == 0 { return unit.lowerBound }
            }
        }
        return nil
    }

    /// The ranges of the pattern's units: a byte, an escape (two bytes) or a class up to its `]`.
    static func units(_ chars: ArraySlice<UInt8>) -> [Range<Int>] {
        var units: [Range<Int>] = []
        var i = chars.startIndex
        while i < chars.endIndex {
            let end = unitEnd(chars, from: i)
            units.append(i..<end)
            i = end
        }
        return units
    }

    static func units(_ chars: [UInt8]) -> [Range<Int>] { units(chars[...]) }

    /// Whether an option setting `(?...)` or `(?...:` anywhere turns on one of `options`.
    static func setsOption(in chars: [UInt8], among options: String) -> Bool {
        units(chars).contains { unit in
            guard unit.count == 1, chars[unit.lowerBound] == UInt8(ascii: "("), unit.upperBound < chars.count,
                  chars[unit.upperBound] == UInt8(ascii: "?") else { return false }
            var j = unit.upperBound + 1
            while j < chars.count, chars[j].isASCIILetter || chars[j] == UInt8(ascii: "-") || chars[j] == UInt8(ascii: "^") {
                if options.utf8.contains(chars[j]) { return true }
                j += 1
            }
            return false
        }
    }

    /// The plain ASCII characters `chars` starts with that every match consumes in order: up to the
    /// first metacharacter, escape or non-ASCII byte (which caseless matching may fold onto ASCII, as
    /// the Kelvin sign onto `k`), without a last character that a quantifier makes optional.
    static func leadingLiteral(_ chars: [UInt8]) -> [UInt8] {
        var literal: [UInt8] = []
        for c in chars {
            if c >= 0x80 { break }
            if "\\^$.[]|()?*+{}".utf8.contains(c) {
                if "?*{".utf8.contains(c), !literal.isEmpty { literal.removeLast() }
                break
            }
            literal.append(c)
        }
        return literal
    }

    /// Whether text that starts with `literal` cannot start with `start` (or the reverse): they
    /// differ within their common length even with ASCII case folded, so caseless matching and
    /// option settings cannot reconcile them.
    static func contradicts(_ literal: [UInt8], _ start: [UInt8]) -> Bool {
        (0..<min(literal.count, start.count)).contains { LiteralAutomaton.fold(literal[$0]) != LiteralAutomaton.fold(start[$0]) }
    }

    /// The end of the unit starting at `i`: an escape is two bytes, a class runs to its `]`.
    private static func unitEnd(_ chars: ArraySlice<UInt8>, from i: Int) -> Int {
        switch chars[i] {
        case UInt8(ascii: "\\"):
            return min(i + 2, chars.endIndex)
        case UInt8(ascii: "["):
            var j = i + 1
            if j < chars.endIndex, chars[j] == UInt8(ascii: "^") { j += 1 }
            if j < chars.endIndex, chars[j] == UInt8(ascii: "]") { j += 1 }
            while j < chars.endIndex, chars[j] != UInt8(ascii: "]") {
                if chars[j] == UInt8(ascii: "\\") { j += 1 }
                else if chars[j] == UInt8(ascii: "["), j + 1 < chars.endIndex, chars[j + 1] == UInt8(ascii: ":"),
                        let close = chars[(j + 2)...].firstIndex(of: UInt8(ascii: "]")) { j = close }
                j += 1
            }
            return min(j + 1, chars.endIndex)
        default:
            return i + 1
        }
    }
}

private extension UInt8 {
    var isASCIILetter: Bool { self | 0x20 >= UInt8(ascii: "a") && self | 0x20 <= UInt8(ascii: "z") }
}
