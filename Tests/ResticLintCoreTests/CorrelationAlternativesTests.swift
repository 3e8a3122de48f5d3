import Foundation
import Testing
@testable import ResticLintCore

/// `correlate` as a list of alternatives, each with its own `versions:` range: how one rule decides by
/// what each restic release prints or omits (restic before 0.15.0 prints no success line).
@Suite struct CorrelationAlternativesTests {
    static let rule = """
        id: retried-twice
        title: Retried
        severity: warning
        summary: A retry whose outcome depends on the version.
        patterns:
          retry:
            regex: 'Load\\(<(?<handle>data/[0-9a-f]+)>\\) returned error, retrying'
          success:
            regex: 'Load\\(<(?<handle>data/[0-9a-f]+)>\\) operation successful'
        correlate:
          - trigger: success
            group_by: [handle]
          - trigger: retry
            versions: '<0.15.0'
            group_by: [handle]
        message: 'recovered {handle} ({count})'
        examples:
          triggering: ['Load(<data/ab>) operation successful after 1 retries']
          non_triggering: ['nothing']

        """

    static func findings(_ log: String, rule: String = rule) throws -> [String] {
        let (folder, _) = try RobustnessRuleTests.ruleFolder(rule)
        let report = Analyzer(catalog: try RuleCatalog.load(from: [folder])).analyze(text: log)
        return report.findings.map { "\($0.line) \($0.message)" }
    }

    @Test func laterAlternativeAppliesOnlyWhereTheVersionMayBeInItsRange() throws {
        let retry = "Load(<data/ab>) returned error, retrying after 1s: EOF\n"
        #expect(try Self.findings("restic 0.14.0 compiled with go1.19.8 on linux/amd64\n" + retry) == ["2 recovered data/ab (1)"])
        #expect(try Self.findings("restic 0.16.4 compiled with go1.21.6 on linux/amd64\n" + retry) == [])
        // With no version evidence the run may be 0.14: the alternative applies.
        #expect(try Self.findings(retry) == ["1 recovered data/ab (1)"])
    }

    @Test func anEventOneAlternativeExplainsTriggersNoLaterOne() throws {
        let both = Self.rule.replacingOccurrences(of: "  - trigger: success\n", with: "  - trigger: [success, retry]\n")
        let log = "restic 0.14.0 compiled with go1.19.8 on linux/amd64\nLoad(<data/ab>) returned error, retrying after 1s: EOF\nLoad(<data/ab>) operation successful after 1 retries\n"
        let found = try Self.findings(log, rule: both)
        #expect(found == ["2 recovered data/ab (2)"])
    }

    @Test func everyAlternativeMustCaptureTheMessagePlaceholders() throws {
        let broken = Self.rule.replacingOccurrences(of: "message: 'recovered {handle} ({count})'", with: "message: 'recovered {handle} after {retries}'")
            .replacingOccurrences(of: "operation successful'", with: "operation successful after (?<retries>\\\\d+)'")
        let (folder, _) = try RobustnessRuleTests.ruleFolder(broken)
        do {
            _ = try RuleCatalog.load(from: [folder])
            Issue.record("loaded although the retry alternative captures no 'retries'")
        } catch let error as RuleFileError {
            #expect(error.message.contains("template placeholder '{retries}'"), "\(error)")
        }
    }

    @Test func aVersionRangeThatDoesNotParseIsALocatedError() throws {
        let broken = Self.rule.replacingOccurrences(of: "versions: '<0.15.0'", with: "versions: 'before 0.15'")
        let (folder, file) = try RobustnessRuleTests.ruleFolder(broken)
        do {
            _ = try RuleCatalog.load(from: [folder])
            Issue.record("loaded")
        } catch let error as RuleFileError {
            #expect(error.file == file)
            #expect((error.line, error.column) == (14, 15), "\(error)")
            #expect(error.message.contains("versions must be 'affected', 'any' or a version range"))
        }
    }
}
