import Dispatch
import Foundation
import Testing
@testable import ResticLintCore

/// The same inputs give byte-identical JSON whatever the order of evaluation or the parallelism.
@Suite struct RobustnessDeterminismTests {
    static var samplePaths: [String] {
        let folder = TestSupport.samplesDirectory
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasSuffix(".log") }.sorted().map { "\(folder)/\($0)" }
    }

    @Test func binaryGivesByteIdenticalJSONRunAfterRun() throws {
        let inputs = [Samples.path("b2-5005-misfire-0.17.0"), Samples.path("cron-nightly-mixed-10-runs"),
                      Samples.path("journald-nightly-misfire-0.17.0"), Samples.path("docker-json-exit-error-concurrent-0.18.0")]
        var outputs: Set<Data> = []
        for _ in 0..<5 {
            let run = try Spawned.run(["analyze", "--format", "json"] + inputs)
            #expect(run.exitCode == 0, "\(run.stderr)")
            outputs.insert(run.stdout)
        }
        #expect(outputs.count == 1)
        #expect(outputs.first.map { !$0.isEmpty } == true)
        // Every sample at once (the inputs are scanned in parallel), twice.
        let all = try Spawned.run(["analyze", "--format", "json"] + Self.samplePaths)
        let again = try Spawned.run(["analyze", "--format", "json"] + Self.samplePaths)
        #expect(all.exitCode == 0 && !all.stdout.isEmpty)
        #expect(all.stdout == again.stdout)
    }

    @Test func parallelAndSerialAnalysisAgree() {
        let sources = Self.samplePaths.map(InputSource.file)
        let serial = Samples.json(TestSupport.analyzer.analyze(sources, parallel: false))
        for _ in 0..<4 {
            #expect(Samples.json(TestSupport.analyzer.analyze(sources, parallel: true)) == serial)
        }
        // Runs are numbered in input order, whichever input finished first.
        let report = TestSupport.analyzer.analyze(sources, parallel: true)
        #expect(report.runs.map(\.id) == Array(1...report.runs.count))
    }

    /// Each input's findings do not depend on which other inputs are analysed with it, or in what order.
    @Test func inputsDoNotInfluenceEachOther() {
        let paths = Self.samplePaths
        let together = TestSupport.analyzer.analyze(paths.map(InputSource.file), parallel: true)
        let reversed = TestSupport.analyzer.analyze(paths.reversed().map(InputSource.file), parallel: true)
        for path in paths {
            let alone = TestSupport.analyzer.analyze([.file(path)], parallel: false)
            let inTogether = together.findings.filter { $0.input == path }
            let inReversed = reversed.findings.filter { $0.input == path }
            #expect(inTogether.map { "\($0.rule)@\($0.line)" } == Samples.findings(alone), "\(path)")
            #expect(inReversed.map { "\($0.rule)@\($0.line)" } == Samples.findings(alone), "\(path)")
            #expect(inTogether.map(\.message) == alone.findings.map(\.message), "\(path)")
        }
    }

    /// One analyzer shared by concurrent callers (as a server or a test runner would): same reports.
    @Test func concurrentCallersShareOneAnalyzer() {
        let sources = Self.samplePaths.map(InputSource.file)
        let texts = Self.samplePaths.prefix(8).map { String(decoding: Spawned.contents($0), as: UTF8.self) }
        let analyzer = TestSupport.analyzer
        let expected = Samples.json(analyzer.analyze(sources, parallel: false))
        let expectedTexts = texts.map { Samples.json(analyzer.analyze(text: $0)) }
        let results = ResultSlots<[String]>(count: 4)
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            var outputs = [Samples.json(analyzer.analyze(sources, parallel: worker % 2 == 0))]
            outputs += texts.map { Samples.json(analyzer.analyze(text: $0)) }
            results[worker] = outputs
        }
        for outputs in results.values {
            #expect(outputs.first == expected)
            #expect(Array(outputs.dropFirst()) == expectedTexts)
        }
    }
}
