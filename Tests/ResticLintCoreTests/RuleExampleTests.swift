import Foundation
import Testing
@testable import ResticLintCore

/// Every rule carries its own triggering and non-triggering logs; this runs all of them through the
/// whole pipeline with the full catalogue, as a user's log would be.
@Suite struct RuleExampleTests {
    static let ruleIDs = TestSupport.catalog.rules.map(\.id)

    @Test(arguments: ruleIDs)
    func examplesBehave(ruleID: String) throws {
        let result = try #require(RuleExampleRunner.run(TestSupport.catalog, only: [ruleID]).first)
        #expect(result.examples >= 2)
        #expect(result.failures.isEmpty, "\(result.failures.joined(separator: "\n"))")
    }

    @Test func shippedTriggeringExamplesSayWhereAndWhat() {
        for rule in TestSupport.catalog.rules {
            for example in rule.definition.examples.triggering {
                #expect(example.expected != nil, "\(rule.id) example at line \(example.line) states no trigger line")
            }
        }
    }

    @Test func aWrongLineOrLockFailsTheExample() throws {
        let folder = try TemporaryFolder.make("examples")
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try String(contentsOfFile: "\(TestSupport.rulesDirectory)/breaker-misfire.yml", encoding: .utf8)
        for (original, wrong) in [("    - line: 6\n", "    - line: 5\n"), ("      lock: \"lock/798ffec919\"", "      lock: \"lock/91b9421fff\""),
                                  ("      related_locks: [\"lock/91b9421fff\"]\n", "")] {
            var changed = source
            let range = try #require(changed.range(of: original))
            changed.replaceSubrange(range, with: wrong)
            try changed.write(to: folder.appendingPathComponent("breaker-misfire.yml"), atomically: true, encoding: .utf8)
            let catalog = try RuleCatalog.load(from: [folder.path])
            let result = try #require(RuleExampleRunner.run(catalog).first)
            #expect(result.failures.count == 1, "\(wrong): \(result.failures)")
        }
    }

    @Test func everyExampleLineIsAccounted() {
        for rule in TestSupport.catalog.rules {
            for example in rule.definition.examples.triggering + rule.definition.examples.nonTriggering {
                let report = TestSupport.analyzer.analyze(text: example.log)
                let expected = example.log.split(separator: "\n", omittingEmptySubsequences: false).count - (example.log.hasSuffix("\n") ? 1 : 0)
                #expect(report.stats.lines == expected)
                #expect(report.stats.classified + report.stats.unclassified == report.stats.lines)
            }
        }
    }
}
