import Foundation
import Testing
@testable import ResticLintCore
@testable import ResticLintMatching
@testable import ResticLintRules

/// `unless:` exclusions are searched in the matched text alone, and every way a pattern is matched
/// (the classifier, rule examples, `--explain-line`) honours them.
@Suite struct PatternMatcherTests {
    static let matcher = try! PatternMatcher(
        regex: PCRE2Regex(#"x(?<digits>\d+)y"#),
        unless: [PCRE2Regex(#"^x1"#), PCRE2Regex(#"7y$"#), PCRE2Regex(#"(?<=z)x"#), PCRE2Regex(#"w"#)])

    @Test(arguments: [
        ("ax12y", nil),                  // `^` is the start of the match, not of the subject
        ("x22y", "22"),
        ("x27yz", nil),                  // `$` is the end of the match
        ("zx5y", "5"),                   // a lookbehind sees nothing before the match
        ("x5y w", "5"),                  // text after the match is not searched
        ("wx5y", "5"),                   // nor text before it
        ("x12y x5y", nil),               // the first match decides; the later one is not tried
        ("nothing", nil),
    ] as [(String, String?)])
    func exclusionsAreSearchedInTheMatchAlone(_ subject: String, _ digits: String?) throws {
        let found = try PatternMatcherTests.matcher.captures(in: subject, using: MatchData())
        #expect(found?["digits"] == digits, "\(subject)")
    }

    @Test func theRegexCapturesSurviveTheExclusionSearch() throws {
        let data = MatchData()
        var subject = "x314y"
        let range = try subject.withUTF8 { try PatternMatcherTests.matcher.firstMatch(in: $0, using: data) }
        #expect(range == 0..<5)
        #expect(PatternMatcherTests.matcher.regex.captureRange(1, in: data) == 1..<4)
    }

    static let rule = RobustnessRuleTests.withPatternField("unless: ['^robust old', 'ignored']")
        .replacingOccurrences(of: "non_triggering: ['nothing']", with: "non_triggering: ['robust old marker', 'robust ignored marker']")

    @Test func ruleExamplesAndExplainLineHonourUnless() throws {
        let (folder, _) = try RobustnessRuleTests.ruleFolder(PatternMatcherTests.rule)
        let catalog = try RuleCatalog.load(from: [folder])
        let results = RuleExampleRunner.run(catalog, only: ["robust-base"])
        #expect(results.count == 1 && results.allSatisfy { $0.passed }, "\(results)")
        let log = Spawned.write(Array("robust old marker\nrobust new marker\n".utf8), name: "unless.log")
        let excluded = try Spawned.run(["analyze", "--rules", folder, "--explain-line", "1", log])
        #expect(String(decoding: excluded.stdout, as: UTF8.self).contains("robust-base.hit: no (regex matches, but its unless '^robust old' occurs in the match)"), "\(String(decoding: excluded.stdout, as: UTF8.self))")
        let matched = try Spawned.run(["analyze", "--rules", folder, "--explain-line", "2", log])
        #expect(String(decoding: matched.stdout, as: UTF8.self).contains("robust-base.hit: MATCH what=new"), "\(String(decoding: matched.stdout, as: UTF8.self))")
    }
}
