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
