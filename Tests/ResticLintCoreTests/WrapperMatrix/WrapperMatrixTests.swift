import Foundation
import Testing
@testable import ResticLintCore

/// The property that makes the field work: whatever wrapper restic's output went through, the
/// diagnosis is the plain log's. Every sample and every rule example is rendered through every
/// wrapper; rule, trigger line (mapped to the wrapped input's line), lock, related locks, version
/// and confidence must all be the plain log's.
@Suite struct WrapperMatrixTests {
    struct Input: Sendable {
        var name: String
        var text: String
        var plain: PlainLog { PlainLog(text) }
        /// The plain log's diagnosis, computed once for all renderers.
        var expected: [Diagnosis] = []
    }

    static let inputs: [Input] = {
        let folder = TestSupport.samplesDirectory
        // A sample whose damage is its own physical layout (`matrix: false`: a terminal's hard wrap)
        // cannot be wrapped again without moving that damage.
        let samples = SampleTests.samples.filter { name in
            let expect = (try? String(contentsOfFile: "\(folder)/\(name).expect.yml", encoding: .utf8)) ?? ""
            return !expect.contains("\nmatrix: false\n")
        }.map { name in
            Input(name: "samples/\(name).log", text: (try? String(contentsOfFile: "\(folder)/\(name).log", encoding: .utf8)) ?? "")
        }
        let examples = TestSupport.catalog.rules.flatMap { rule in
            (rule.definition.examples.triggering + rule.definition.examples.nonTriggering).map {
                Input(name: "\(rule.id).yml:\($0.line)", text: $0.log)
            }
        }
        return (samples + examples).map { input in
            var input = input
            input.expected = diagnoses(TestSupport.analyzer.analyze(text: input.text))
            return input
        }
    }()

    /// What a user acts on, with the trigger line in the coordinates of the analysed input.
    struct Diagnosis: Equatable, CustomStringConvertible, Sendable {
        var rule: String
        var line: Int
        var lock: String?
        var relatedLocks: [String]
        var version: String?
        var confidence: Confidence

        var description: String {
            "\(rule)@\(line) lock=\(lock ?? "-") related=\(relatedLocks) version=\(version ?? "-") \(confidence)"
        }
    }

    /// In line order; findings on one line (a wrapper record holding a whole log) by rule and lock.
    static func diagnoses(_ report: AnalysisReport, lineOf: (Int) -> Int = { $0 }) -> [Diagnosis] {
        report.findings.map { finding in
            Diagnosis(rule: finding.rule, line: lineOf(finding.line), lock: finding.lock, relatedLocks: finding.relatedLocks,
                      version: report.runs.first { $0.id == finding.run }?.version.value, confidence: finding.confidence)
        }.sorted { ($0.line, $0.rule, $0.lock ?? "") < ($1.line, $1.rule, $1.lock ?? "") }
    }

    @Test func matrixIsLargeEnough() {
        #expect(WrapperRenderer.all.count >= 15)
        #expect(Set(WrapperRenderer.all.map(\.name)).count == WrapperRenderer.all.count)
        #expect(Self.inputs.count >= SampleTests.samples.count - 1 + 2 * TestSupport.catalog.rules.count)
        #expect(Self.inputs.allSatisfy { !$0.text.isEmpty })
    }

    @Test(arguments: WrapperRenderer.all)
    func wrappedLogsGiveThePlainDiagnosis(renderer: WrapperRenderer) {
        var mismatches: [String] = []
        for input in Self.inputs {
            let expected = input.expected
            let rendered = renderer.render(input.plain)
            let report = TestSupport.analyzer.analyze(text: rendered.text)
            let got = Self.diagnoses(report)
            let mapped = expected.map { d -> Diagnosis in
                var d = d
                d.line = d.line >= 1 && d.line <= rendered.lineOf.count ? rendered.lineOf[d.line - 1] : -d.line
                return d
            }.sorted { ($0.line, $0.rule, $0.lock ?? "") < ($1.line, $1.rule, $1.lock ?? "") }
            if got != mapped {
                mismatches.append("\(input.name):\n  plain:   \(mapped)\n  wrapped: \(got)")
            }
            let wrappedLines = rendered.text.utf8.filter { $0 == 0x0A }.count
            if report.stats.lines != wrappedLines {
                mismatches.append("\(input.name): \(report.stats.lines) lines counted of \(wrappedLines)")
            }
        }
        #expect(mismatches.isEmpty, "\(renderer.name): \(mismatches.count) of \(Self.inputs.count) inputs differ\n\(mismatches.joined(separator: "\n"))")
    }
}
