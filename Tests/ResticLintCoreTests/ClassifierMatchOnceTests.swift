import Foundation
import Testing
@testable import ResticLintCore
@testable import ResticLintPipeline
@testable import ResticLintRules

/// `recognise` reuses the match `mayRecognise` made on the same bytes, and builds each captured
/// range's String once per message. Events must be exactly those of a classifier that matches every
/// candidate itself, and all fields of an event must lie in one storage.
@Suite struct ClassifierMatchOnceTests {
    @Test func reusedMatchesGiveTheEventsOfFreshMatches() throws {
        let normalizer = LineNormalizer()
        let reusing = EventClassifier(catalog: TestSupport.catalog)
        let matching = EventClassifier(catalog: TestSupport.catalog)
        var (reused, fresh): ([LogEvent], [LogEvent]) = ([], [])
        var accepted = 0
        for line in try ClassifierMatchOnceTests.projectLines() {
            var bytes = Array(line.utf8)
            // The same calls as `InputScanner.process`; the other classifier skips the same lines
            // (its block state must follow), but never runs `mayRecognise`.
            let passes = bytes.withUnsafeMutableBufferPointer { buffer in
                let line = UnsafeBufferPointer(buffer)
                guard let message = normalizer.plainMessage(line) else { return true }
                return reusing.mayRecognise(message)
            }
            guard passes else { continue }
            accepted += 1
            let normalized = bytes.withUnsafeBufferPointer { normalizer.normalize($0) }
            _ = reusing.classify(line: accepted, normalized) { reused.append($0) }
            _ = matching.classify(line: accepted, normalized) { fresh.append($0) }
        }
        _ = reusing.flush { reused.append($0) }
        _ = matching.flush { fresh.append($0) }
        #expect(reused.count == fresh.count)
        #expect(reused.count > 300)
        var hits = 0
        for (a, b) in zip(reused, fresh) {
            #expect(a.text == b.text && a.line == b.line && a.marker == b.marker)
            #expect(a.hits.map { [$0.rule, $0.pattern] } == b.hits.map { [$0.rule, $0.pattern] }, "\(a.text.prefix(120))")
            for (x, y) in zip(a.hits, b.hits) { #expect(x.fields == y.fields, "\(a.text.prefix(120))") }
            hits += a.hits.count
            #expect(ClassifierMatchOnceTests.oneStorage(a), "\(a.text.prefix(120))")
        }
        #expect(hits > 500)
    }

    /// What `HitFieldsBuilder` promises: all of an event's fields lie in one storage.
    static func oneStorage(_ event: LogEvent) -> Bool {
        event.hits.allSatisfy { $0.fields.count == 0 || $0.fields.storage === event.hits.first { $0.fields.count > 0 }!.fields.storage }
    }

    /// Every line of the samples and of the rule examples, in order, each input after the other.
    static func projectLines() throws -> [String] {
        var lines: [String] = []
        for rule in TestSupport.catalog.rules {
            for example in rule.definition.examples.triggering + rule.definition.examples.nonTriggering {
                lines += example.log.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            }
        }
        let folder = TestSupport.samplesDirectory
        for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() where name.hasSuffix(".log") {
            let text = try String(contentsOfFile: "\(folder)/\(name)", encoding: .utf8)
            lines += text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        return lines
    }
}
