import Testing
@testable import ResticLintCore
@testable import ResticLintMatching
@testable import ResticLintPipeline

/// Every shipped pattern must do linear work on long lines made of its own literals, the input
/// anyone can write into a log. Work is counted in PCRE2 interpreter steps (`MatchWork`), never
/// timed: a pattern that rescans the rest of the line from each start needs steps that grow with the
/// square of the length and exceeds the budget, which grows with the length.
@Suite struct LinearMatchTests {
    static let length = 4096
    static let stepsPerByte = 40

    struct Shipped: CustomStringConvertible, Sendable {
        var name: String
        var regex: String
        var caseInsensitive: Bool
        var description: String { name }
    }

    static let shipped: [Shipped] = TestSupport.catalog.rules.flatMap { rule in
        rule.patterns.flatMap { pattern in
            [Shipped(name: "\(rule.id).\(pattern.name)", regex: pattern.matcher.regex.pattern, caseInsensitive: pattern.caseInsensitive)]
                + pattern.matcher.unless.enumerated().map { k, exclusion in
                    Shipped(name: "\(rule.id).\(pattern.name) unless \(k + 1)", regex: exclusion.pattern, caseInsensitive: pattern.caseInsensitive)
                }
        }
    } + [
        Shipped(name: "run markers", regex: RunMarkerClassifier.expression, caseInsensitive: false),
        Shipped(name: "wrapper prefixes", regex: WrapperPrefixParser.expression, caseInsensitive: false),
        Shipped(name: "block head", regex: EventClassifier.blockHeadExpression, caseInsensitive: false),
        Shipped(name: "block continuation", regex: EventClassifier.blockContinuationExpression, caseInsensitive: false),
        Shipped(name: "headless block tail", regex: EventClassifier.headlessTailExpression, caseInsensitive: false),
    ]

    @Test(arguments: shipped)
    func linearOnHostileLines(_ pattern: Shipped) throws {
        let budget = LinearMatchTests.length * LinearMatchTests.stepsPerByte
        for subject in LinearMatchTests.hostileLines(for: pattern.regex) {
            let steps = try MatchWork.steps(pattern: pattern.regex, caseInsensitive: pattern.caseInsensitive, subject: subject, limit: budget)
            #expect(steps != nil, "\(pattern.name) needs more than \(budget) steps on \(String(decoding: subject.prefix(60), as: UTF8.self))…")
        }
    }

    /// The check can fail: the shapes the rules had before (a lazy scan to the end of the line from
    /// every place a literal occurs) exceed the budget.
    @Test(arguments: [#"(?<line>[^\n]*?(?:\bexit(?:ed)? (?:code|status)[ =:]*[1-9]\d*\b|failed with result)[^\n]*)"#,
                      #"(?:<(?<handle>lock/[0-9a-f]{1,64})>|\block\b)[^\n]*?(?<error>ciphertext verification failed)"#,
                      #"Load\(<lock/(?=[^\n]*?404)"#])
    func quadraticPatternsExceedTheBudget(_ regex: String) throws {
        let budget = LinearMatchTests.length * LinearMatchTests.stepsPerByte
        let exceeded = try LinearMatchTests.hostileLines(for: regex).contains { subject in
            try MatchWork.steps(pattern: regex, caseInsensitive: true, subject: subject, limit: budget) == nil
        }
        #expect(exceeded)
    }

    /// Lines of `length` bytes from the pattern's literal fragments: each fragment followed by
    /// letters, repeated, repeated with a separator; all fragments together, repeated and followed
    /// by letters; and the hostile lock-load line of the benchmark.
    static func hostileLines(for regex: String) -> [[UInt8]] {
        var random = FuzzRandom(seed: 5)
        let letters = (0..<length).map { _ in random.pick(Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)) }
        func cut(_ bytes: [UInt8]) -> [UInt8] { Array(bytes.prefix(length)) }
        func repeated(_ unit: [UInt8]) -> [UInt8] { cut(Array(repeatElement(unit, count: length / max(unit.count, 1) + 1).joined())) }
        let fragments = literalFragments(of: regex).map { Array($0.utf8) }
        var lines = [cut(Array("Load(<lock/798ffec919>, 0, 0) failed: ".utf8) + letters)]
        for fragment in fragments {
            lines += [cut(fragment + letters), repeated(fragment), repeated(fragment + Array(" x ".utf8))]
        }
        let all = Array(fragments.joined(separator: Array(" ".utf8)))
        lines += [repeated(all), cut(all + Array(" ".utf8) + letters)]
        return lines
    }

    /// The runs of plain text in a regex (`\d` stands for a digit); in `(?x)` patterns unescaped
    /// white space is layout.
    static func literalFragments(of regex: String) -> [String] {
        let extended = regex.hasPrefix("(?x)")
        var fragments: [String] = []
        var current = ""
        func close() {
            if current.count >= 2 { fragments.append(current) }
            current = ""
        }
        var chars = regex.makeIterator()
        var inClass = false
        while let c = chars.next() {
            if inClass { if c == "]" { inClass = false }; continue }
            switch c {
            case "\\":
                guard let escaped = chars.next() else { break }
                if escaped == "d" { current.append("0") } else if escaped.isLetter || escaped.isNumber { close() } else { current.append(escaped) }
            case "[": close(); inClass = true
            case "(", ")", "{", "}", "|", "?", "*", "+", ".", "^", "$": close()
            case " ", "\n", "\t" where extended: continue
            default: current.append(c)
            }
        }
        close()
        return fragments
    }
}
