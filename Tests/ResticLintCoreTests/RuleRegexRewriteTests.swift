import Testing
@testable import ResticLintCore
@testable import ResticLintMatching
@testable import ResticLintRules

/// Some shipped patterns carry what only makes them faster: a lookahead naming the letters the
/// wanted words begin with, and exclusions moved from a lookahead at the line's start into `unless:`.
/// Each keeps its plain form here, and with its exclusions must agree with it on every subject:
/// whether it matches, and every capture. Random subjects are built from the words and bytes the
/// patterns turn on, so both sides match often and every branch is taken.
@Suite struct RuleRegexRewriteTests {
    struct Rewrite: CustomStringConvertible, Sendable {
        var rule: String
        var pattern: String
        var plain: String
        var description: String { "\(rule).\(pattern)" }
    }

    static let rewrites = [
        Rewrite(rule: "unclassified-error", pattern: "error_word", plain: #"""
            ^(?!(?:new|unchanged|modified|deleted|restored|updated|excluded) +\S|[-+mtu?] {2,}\S|(?:[/\\~]|[a-z]:[\\/])(?![^\n]*: )|[-a-z?][-rwxst]{9} |[0-9a-f]{8} +\d{4}-\d\d-\d\d |(?:files|dirs|added to the repo|processed|snapshot [0-9a-f]+ saved|start (?:scan|backup) on|scan finished|using parent snapshot)\b|no errors were found|failed to start [^\n]*\.service|(?:fatal: )?unable to create lock in backend: |[^\n]*(?:\bexit(?:ed)?(?: with)?(?: exit)? (?:code|status)|main process exited|failed with result|at least one source file could not be read)|stat\(<[^>\n]*>\) failed: (?=[^\n]*(?:does not exist|not found|\b404\b|nosuchkey|no such file or directory)))(?<line>[^\n]*?(?<![\w/.\\-])(?<!no )(?<!without )(?<!\b0 )(?:errors?|failed|failure)\b(?![.\\/-]\w)[^\n]*)
            """#),
        Rewrite(rule: "backend-throttled", pattern: "throttled", plain: #"""
            (?:returned error, retrying after [^:\n]*|\) failed|^fatal|^error|unable to [^:\n]*|^rclone: (?:\d{4}/\d\d/\d\d \d\d:\d\d:\d\d )?(?:error|notice|info|debug) ?): (?<error>[^\n]*?(?:\b(?:503|429|498)\b|slow ?down|reduce your (?:concurrent )?request rate|service[ _]?unavailable|too[ _]?many[ _]?requests|server ?(?:is )?busy|rate[ _-]?limit|rate exceeded|requestlimitexceeded|over the account limit|throttl|activitylimitreached|too_many_write_operations|try again later|temporarily unavailable)[^\n]*)
            """#),
    ]

    /// Words of both patterns, their pieces (the letters the rewrites stop at), separators, line
    /// breaks and non-ASCII (a two-byte letter, the Kelvin sign that folds to `k`, an invalid byte).
    static let pieces = [
        "exit", "exited", " with", " exit", " code", " status", "ex", "x", "w", "b", "e", "f", "E", "X", "W", "B", "EXIT",
        "main process exited", "Main Process e", "failed with result", "failed w", "with result",
        "at least one source file could not be read", "be read", "could not b", "error", "errors", "Error",
        "ERRORS", "failed", "FAILED", "failure", "fail", "err", "no ", "without ", "0 ", " 10 ", "/", ".", "-",
        "\\", "_", "a", " ", "  ", ":", ": ", "\n", "é", "\u{212A}", "\u{17F}", "new ", "unchanged ", "files",
        "Stat(<data/1>) failed: ", "not found", "fatal: ", "unable to create lock in backend: ", "failed to start ",
        ".service", "~", "c:/", "-rw-r--r-- ", "1a2b3c4d  2024-06-01 ", "no errors were found",
        "returned error, retrying after ", "1.5s", "503", "429", "498", "4", "5", "s", "r", "t", "o", "slow down",
        "SlowDown", "rate limit", "Rate-Limit", "throttl", "try again later", ") failed", "rclone: ",
        "2024/01/02 03:04:05 ", "notice", "ERROR", "unable to ", "too many requests", "too_many_write_operations",
        "server is busy", "reduce your concurrent request rate", "service_unavailable", "temporarily unavailable",
        "over the account limit", "activitylimitreached", "rate exceeded", "requestlimitexceeded",
        "Load(<data/ab>, 0, 0) ",
    ]

    @Test(arguments: rewrites)
    func agreesWithItsPlainForm(_ rewrite: Rewrite) throws {
        let rule = try #require(TestSupport.catalog.rules.first { $0.id == rewrite.rule })
        let shipped = try #require(rule.patterns.first { $0.name == rewrite.pattern })
        let plain = try PCRE2Regex(rewrite.plain, caseInsensitive: shipped.caseInsensitive)
        #expect(shipped.matcher.regex.pattern != rewrite.plain, "the rewrite is gone: drop it from this test")
        // The literal clauses decide which lines the pattern runs on, and `--explain-line` shows them.
        #expect(LiteralClauses.extract(from: shipped.matcher.regex.pattern) == LiteralClauses.extract(from: rewrite.plain))

        var subjects = Array(try LiteralClausesTests.projectMessages())
        var random = FuzzRandom(seed: 41)
        for _ in 0..<60_000 {
            subjects.append((0..<(1 + random.below(12))).map { _ in random.pick(RuleRegexRewriteTests.pieces) }.joined())
        }
        let (one, other) = (MatchData(), MatchData())
        var matches = 0
        for subject in subjects {
            let expected = try plain.captures(in: subject, using: one)
            let actual = try shipped.matcher.captures(in: subject, using: other)
            #expect(actual == expected, "\(rewrite) on \(subject.debugDescription)")
            if expected != nil { matches += 1 }
        }
        #expect(matches > 2000, "too few matches to prove anything: \(matches)")
    }
}
