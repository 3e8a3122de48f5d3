import Foundation
import Testing
@testable import ResticLintCore

/// Broken user rules: a pathological pattern is contained and reported; an invalid rule file stops
/// resticlint with one message that says where (file:line:column) and exit 2.
@Suite struct RobustnessRuleTests {
    /// A valid rule; each test breaks one thing in it. Line numbers below refer to this text.
    static let base = """
        id: robust-base
        title: Base rule
        severity: warning
        summary: A valid rule.
        patterns:
          hit:
            regex: 'robust (?<what>\\w+) marker'
        correlate:
          trigger: hit
        message: 'saw {what}'
        examples:
          triggering: ['robust thing marker']
          non_triggering: ['nothing']

        """

    /// The base rule with `field` (one line) added to its pattern.
    static func withPatternField(_ field: String) -> String {
        base.replacingOccurrences(of: "    regex: 'robust (?<what>\\w+) marker'", with: "    regex: 'robust (?<what>\\w+) marker'\n    \(field)")
    }

    /// A folder holding one rule file with `text`.
    static func ruleFolder(_ text: String, file: String = "rule.yml") throws -> (folder: String, file: String) {
        let folder = Spawned.path("rules")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = "\(folder)/\(file)"
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return (folder, path)
    }

    static var log: String { Samples.path("b2-5005-misfire-0.17.0") }

    @Test func baseRuleIsValid() throws {
        let (folder, _) = try Self.ruleFolder(Self.base)
        let run = try Spawned.run(["analyze", "--rules", folder, "--format", "json", Self.log])
        #expect(run.exitCode == 0, "\(run.stderr)")
        #expect(run.stderr.isEmpty)
        let catalog = try RuleCatalog.load(from: [folder])
        #expect(catalog.rules.map(\.id) == ["robust-base"])
        let results = RuleExampleRunner.run(catalog, only: ["robust-base"])
        #expect(results.allSatisfy { $0.passed })
    }

    @Test func catastrophicBacktrackingHitsTheMatchLimitAndIsReported() throws {
        let rule = """
            id: evil-backtracking
            title: Nested quantifiers
            severity: warning
            summary: A pattern that backtracks catastrophically.
            patterns:
              nested:
                regex: 'boom: (a+)+$'
                literals: ['boom: ']
            correlate:
              trigger: nested
            message: boom
            examples:
              triggering: ['boom: aaaa']
              non_triggering: ['boom: b']

            """
        let (folder, file) = try Self.ruleFolder(rule, file: "evil.yml")
        var text = Samples.text("b2-5005-misfire-0.17.0")
        if !text.hasSuffix("\n") { text += "\n" }
        text += "boom: aaaa\n"
        for _ in 0..<20 { text += "boom: " + String(repeating: "a", count: 64) + "!\n" }
        let input = Spawned.write(Array(text.utf8), name: "evil.log")
        let run = try Spawned.run(["analyze", "--rules", folder, "--format", "json", input], timeout: 60)
        #expect(!run.timedOut, "the pattern hung the analysis")
        #expect(run.seconds < 30)
        #expect(run.exitCode == 0, "\(run.stderr)")
        let problems = try #require(run.json?["problems"] as? [[String: Any]])
        #expect(problems.count == 20)
        #expect(problems.allSatisfy { $0["rule"] as? String == "evil-backtracking" && $0["pattern"] as? String == "nested" })
        #expect(problems.compactMap { $0["line"] as? Int } == Array(8...27))
        #expect(problems.allSatisfy { ($0["message"] as? String)?.contains("match limit") == true }, "\(problems.first ?? [:])")
        #expect(problems.allSatisfy { ($0["message"] as? String)?.contains("\(file):7:") == true }, "names the rule file")
        // The rest of the analysis is unharmed: the other rules' diagnosis and the short line's match.
        #expect(run.findings.contains("breaker-misfire@6"))
        #expect(run.findings.contains("evil-backtracking@7"))
        // The text report mentions the problem too.
        let textRun = try Spawned.run(["analyze", "--rules", folder, input], timeout: 60)
        #expect(textRun.exitCode == 0)
        #expect(String(decoding: textRun.stdout, as: UTF8.self).contains("evil-backtracking"))
    }

    struct Broken: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var line: Int
        var column: Int
        var message: String
        var testDescription: String { name }
    }

    static let broken: [Broken] = [
        Broken(name: "invalid YAML (unclosed flow sequence)", text: base.replacingOccurrences(of: "title: Base rule", with: "title: [unclosed"),
               line: 3, column: 9, message: "invalid YAML"),
        Broken(name: "invalid YAML (bad indentation)", text: base.replacingOccurrences(of: "summary: A valid rule.", with: "summary: A valid rule.\n   - stray: item"),
               line: 5, column: 11, message: "invalid YAML: mapping values are not allowed"),
        Broken(name: "invalid YAML (unterminated string)", text: base.replacingOccurrences(of: "message: 'saw {what}'", with: "message: 'saw {what}"),
               line: 12, column: 17, message: "invalid YAML"),  // where the quote finally closes
        Broken(name: "bad regex", text: base.replacingOccurrences(of: "marker'", with: "marker(('"),
               line: 7, column: 12, message: "pattern 'hit': invalid regex"),
        Broken(name: "bad regex in a condition", text: base.replacingOccurrences(of: "  trigger: hit", with: "  trigger: hit\n  where: {what: {matches: 'a(('}}"),
               line: 10, column: 27, message: "correlate.where.what.matches: invalid regex at offset 3"),
        Broken(name: "duplicate id with a shipped rule", text: base.replacingOccurrences(of: "id: robust-base", with: "id: breaker-open"),
               line: 1, column: 1, message: "duplicate rule id 'breaker-open'"),
        Broken(name: "duplicate id within the file", text: base + "---\n" + base,
               line: 15, column: 1, message: "duplicate rule id 'robust-base' (first defined at"),
        Broken(name: "unknown field", text: base + "colour: red\n", line: 14, column: 1, message: "unknown field 'colour'"),
        Broken(name: "unknown pattern field", text: base.replacingOccurrences(of: "    regex: 'robust", with: "    regexp: 'robust"),
               line: 7, column: 5, message: "unknown field 'regexp'"),
        Broken(name: "bad regex in unless", text: withPatternField("unless: ['ok', 'a((']"),
               line: 8, column: 20, message: "pattern 'hit', unless entry 2: invalid regex"),
        Broken(name: "empty unless", text: withPatternField("unless: []"),
               line: 8, column: 13, message: "unless needs at least one regex"),
        Broken(name: "capture in unless", text: withPatternField("unless: '(?<kind>old)'"),
               line: 1, column: 1, message: "pattern 'hit', unless entry 1 captures 'kind'"),
        Broken(name: "unless matching empty text", text: withPatternField("unless: 'x?'"),
               line: 1, column: 1, message: "pattern 'hit', unless entry 1 matches the empty text"),
        Broken(name: "wrong type (integer)", text: base.replacingOccurrences(of: "summary: A valid rule.", with: "summary: A valid rule.\nprecedence: high"),
               line: 5, column: 13, message: "precedence: expected an integer"),
        Broken(name: "wrong type (mapping)", text: base.replacingOccurrences(of: "correlate:\n  trigger: hit", with: "correlate: hit"),
               line: 8, column: 12, message: "expected a mapping"),
        Broken(name: "wrong type (boolean)", text: withPatternField("case_insensitive: maybe"),
               line: 8, column: 23, message: "expected true or false"),
    ]

    @Test(arguments: broken)
    func invalidRuleFileGivesOneLocatedMessageAndExit2(_ broken: Broken) throws {
        let (folder, file) = try Self.ruleFolder(broken.text)
        for arguments in [["analyze", "--rules", folder, Self.log], ["analyze", "--rules", file, "--format", "json", Self.log],
                          ["rules", "list", "--rules", folder], ["check", "--rules", folder, Self.log]] {
            let run = try Spawned.run(arguments)
            #expect(run.exitCode == 2, "\(arguments[0]): exit \(run.exitCode.map(String.init) ?? "signal")")
            #expect(run.stdout.isEmpty, "no report on an invalid rule")
            let lines = run.stderr.split(separator: "\n")
            #expect(lines.count == 1, "one message: \(run.stderr)")
            let message = String(lines.first ?? "")
            #expect(message.contains("\(file):\(broken.line):\(broken.column): "), "\(message)")
            #expect(message.contains(broken.message), "\(message)")
            #expect(!run.crashed)
        }
    }

    /// The library reports the same location, for callers that load rules themselves.
    @Test(arguments: broken)
    func invalidRuleFileThrowsALocatedError(_ broken: Broken) throws {
        let (folder, file) = try Self.ruleFolder(broken.text)
        let locations = broken.name.hasPrefix("duplicate id with a shipped") ? [TestSupport.rulesDirectory, folder] : [folder]
        do {
            _ = try RuleCatalog.load(from: locations)
            Issue.record("\(broken.name) loaded")
        } catch let error as RuleFileError {
            #expect(error.file == file)
            #expect((error.line, error.column) == (broken.line, broken.column), "\(error)")
            #expect(error.message.contains(broken.message), "\(error)")
        }
    }
}
