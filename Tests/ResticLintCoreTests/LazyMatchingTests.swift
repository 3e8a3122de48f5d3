import Foundation
import Testing
@testable import ResticLintCore
@testable import ResticLintPipeline
@testable import ResticLintReporting
@testable import ResticLintRules

/// Lazy matching (`DeferredPatterns`, `DeferredMatcher`) must never change a report: every format,
/// eager against lazy, over every sample, every rule example and generated logs of each profile.
@Suite struct LazyMatchingTests {
    static let context = ReportContext(catalog: TestSupport.catalog, environment: [:], currentDirectory: "/srv/ci")

    /// Every report format of `text`, analysed with lazy matching or without.
    static func reports(_ text: String, lazy: Bool) -> [String] {
        let report = TestSupport.analyzer.analyze(text: text, name: "log", lazyMatching: lazy)
        return Reporters.formats.map { $0.sink().render(report, context: context) }
    }

    static func expectSameReports(_ text: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let eager = reports(text, lazy: false), lazy = reports(text, lazy: true)
        for (format, (a, b)) in zip(Reporters.identifiers, zip(eager, lazy)) where a != b {
            Issue.record("\(what): the \(format) report differs with lazy matching", sourceLocation: sourceLocation)
        }
    }

    /// A catalogue with the rule `probe` (its patterns and correlation given), and `probe-b` when
    /// given, after the shipped rules when `builtin`.
    static func catalog(builtin: Bool, probe body: String, probeB: String? = nil) throws -> RuleCatalog {
        let folder = try TemporaryFolder.make("lazy-rules")
        for (id, body) in [("probe", body), ("probe-b", probeB)] {
            guard let body else { continue }
            let header = "id: \(id)\ntitle: probe\nseverity: warning\nprecedence: 90\nsummary: probe\nrationale: probe\nmessage: probe\n"
            let examples = "examples:\n  triggering: [\"probe\"]\n  non_triggering: [\"nothing\"]\n"
            try (header + body + "\n" + examples).write(to: folder.appendingPathComponent("\(id).yml"), atomically: true, encoding: .utf8)
        }
        return try RuleCatalog.load(from: [folder.path], builtin: builtin)
    }

    @Test func theCatchAllsErrorWordIsDeferredAndNothingAnotherStageReads() throws {
        let catalog = TestSupport.catalog
        let deferred = DeferredPatterns(catalog: catalog)
        let names = deferred.patterns.map { "\(catalog.rules[$0.rule].id).\(catalog.rules[$0.rule].patterns[$0.pattern].name)" }
        #expect(names.contains("unclassified-error.error_word"))
        for (r, p, _) in deferred.patterns where deferred.relatedOfRule[r].bits == 0 {
            let pattern = catalog.rules[r].patterns[p]
            #expect(pattern.implies == nil && LockTimeline.meanings[pattern.name] == nil)
            #expect(DeferredPatterns.fieldsReadAcrossRules.isDisjoint(with: pattern.captureNames))
        }
    }

    /// A pattern read only as related evidence waits too, whatever it captures or draws: breaker-open's
    /// `own_failure`, matched on every `Load` retry otherwise. The timeline and the replay get theirs.
    @Test func relatedOnlyPatternsAreDeferredWithWhatOtherStagesReadMarked() throws {
        let catalog = TestSupport.catalog
        let deferred = DeferredPatterns(catalog: catalog)
        let r = try #require(catalog.rules.firstIndex { $0.id == "breaker-open" })
        let p = try #require(catalog.rules[r].patterns.firstIndex { $0.name == "own_failure" })
        let bit = try #require(deferred.bit[deferred.patterns.first { $0.rule == r && $0.pattern == p }!.k])
        #expect(catalog.rules[r].definition.relatedOnlyPatterns == ["own_failure"])
        #expect(deferred.relatedOfRule[r].bits == 1 << UInt64(bit) && deferred.relatedOfRule[r].triggers == [0])
        #expect(deferred.timelineBits & deferred.replayBits & 1 << UInt64(bit) != 0)
        for (r, p, k) in deferred.patterns where deferred.relatedOfRule[r].bits & 1 << UInt64(deferred.bit[k]!) != 0 {
            #expect(catalog.rules[r].definition.relatedOnlyPatterns.contains(catalog.rules[r].patterns[p].name))
        }
    }

    /// Only a pattern its own rule reads as a trigger alone may wait; one a reference names, or one that
    /// narrows the version, may not.
    @Test func onlyTriggerOnlyPatternsQualify() throws {
        let catalog = try Self.catalog(builtin: false, probe: """
            patterns:
              head: 'probe head (?<word>\\w+)'
              tail: 'probe tail (?<word>\\w+)'
              versioned:
                regex: 'probe versioned'
                implies: '>=0.17.0'
              nearby: 'probe nearby (?<word>\\w+)'
            correlate:
              - trigger: [head, versioned]
                related: [{pattern: nearby, same: [word]}]
              - trigger: tail
                absent_before: [{pattern: head}]
            """)
        #expect(catalog.rules[0].definition.triggerOnlyPatterns == ["tail"])
        #expect(catalog.rules[0].definition.relatedOnlyPatterns == ["nearby"])
    }

    /// A deferred pattern that fails on a line (the match limit) is reported as the classifier would
    /// have, in the same order among the others, when its event is still unexplained (an explained
    /// one never runs it).
    @Test func aDeferredPatternsFailureIsReportedInLineOrder() throws {
        let catalog = try Self.catalog(builtin: true, probe: """
            patterns:
              nested: 'reset by(?:(?:x+)+y|z)'
              eager:
                regex: 'peer(?:(?:x+)+y|z)'
                implies: '>=0.1.0'
            correlate:
              trigger: [nested, eager]
            """)
        let probe = try #require(catalog.rules.firstIndex { $0.id == "probe" })
        #expect(DeferredPatterns(catalog: catalog).bitsOfRule[probe] != 0)
        let xs = String(repeating: "x", count: 40)
        // An event with other hits (a retry) leaves `nested` to the correlation; one without matches it at once.
        let retry = "Load(<data/ab12cd34ef>, 0, 0) returned error, retrying after 1.5s: read: connection reset by\(xs) peer\(xs)\n"
        let log = "restic 0.17.3 compiled with go1.23.3 on linux/amd64\n" + retry + "connection reset by\(xs) peer\(xs)\n" + retry
        let analyzer = Analyzer(catalog: catalog)
        let eager = analyzer.analyze(text: log, lazyMatching: false), lazy = analyzer.analyze(text: log, lazyMatching: true)
        #expect(eager.problems.map { "\($0.line) \($0.pattern)" } == ["2 nested", "2 eager", "3 nested", "3 eager", "4 nested", "4 eager"])
        #expect(lazy.problems == eager.problems)
        // Without a version, restic 0.14's reading applies: `retry-recovered` explains the retries first,
        // and lazy matching never runs `nested` on them.
        let explained = analyzer.analyze(text: String(log.drop { $0 != "\n" }.dropFirst()), lazyMatching: true)
        #expect(explained.problems.map { "\($0.line) \($0.pattern)" } == ["1 eager", "2 nested", "2 eager", "3 eager"])
    }

    /// A retry line leaves the catch-all's `error_word` and breaker-open's `own_failure` (related
    /// evidence only) to the correlation, also when `mayRecognise` let it pass first.
    @Test func aRetryLineLeavesErrorWordAndOwnFailureToTheCorrelation() throws {
        let text = "Load(<data/ab12cd34ef>, 0, 0) returned error, retrying after 1.5s: read: connection reset by peer"
        let waiting = try ["unclassified-error", "breaker-open"].map { id in try #require(TestSupport.catalog.rules.firstIndex { $0.id == id }) }
        func classify(_ deferring: DeferredPatterns?, mayRecognise: Bool) -> LogEvent? {
            var events: [LogEvent] = []
            let classifier = EventClassifier(catalog: TestSupport.catalog, deferring: deferring)
            if mayRecognise { #expect(Array(text.utf8).withUnsafeBufferPointer { classifier.mayRecognise($0) }) }
            _ = classifier.classify(line: 1, Array(text.utf8).withUnsafeBufferPointer { LineNormalizer().normalize($0) }, emit: { events.append($0) })
            return events.first
        }
        for mayRecognise in [false, true] {
            let eager = try #require(classify(nil, mayRecognise: mayRecognise))
            let lazy = try #require(classify(DeferredPatterns(catalog: TestSupport.catalog), mayRecognise: mayRecognise))
            for r in waiting { #expect(eager.hits.contains { $0.rule == r } && !lazy.hits.contains { $0.rule == r }) }
            #expect(eager.deferred == 0 && lazy.deferred != 0)
            #expect(lazy.hits.map(\.fields) == eager.hits.filter { !waiting.contains($0.rule) }.map(\.fields))
            // Resolved, the event is the eager one, hits in the same order.
            var resolved = lazy
            DeferredMatcher(catalog: TestSupport.catalog, patterns: DeferredPatterns(catalog: TestSupport.catalog)).resolveAll(&resolved)
            #expect(resolved.hits.map { [$0.rule, $0.pattern] } == eager.hits.map { [$0.rule, $0.pattern] })
            #expect(resolved.hits.map(\.fields) == eager.hits.map(\.fields) && resolved.deferred == 0)
        }
    }

    /// A breaker that opens after a storm of failed loads long enough to be compacted: breaker-open
    /// takes the loads as related evidence, and its replay and timeline read them, in both modes alike.
    /// A second run has the loads without the breaker: there only lock-load-failed's replay reads them.
    @Test func aBreakerAfterACompactedStormGivesTheSameReports() throws {
        let error = String(repeating: "Copy: net/http: server replied with more than declared Content-Length; truncated ", count: 25)
        let retry = "Load(<lock/5c0f3e6a1b>, 0, 0) returned error, retrying after 1.032s: \(error)\n"
        let storm = "restic 0.17.3 compiled with go1.23.3 on linux/amd64\nopen repository\n" + String(repeating: retry, count: 2_000)
            + "Load(<lock/5c0f3e6a1b>, 0, 0) failed: \(error)\nunable to create lock in backend: circuit breaker open for file <lock/5c0f3e6a1b>\n"
        let quiet = "restic 0.17.3 compiled with go1.23.3 on linux/amd64\nopen repository\n" + String(repeating: retry, count: 3)
            + "Fatal: unable to create lock in backend: \(error)\n"
        let log = storm + quiet
        let report = TestSupport.analyzer.analyze(text: log)
        #expect(report.runs.first?.compactedEvents ?? 0 > 0)
        let breaker = try #require(report.findings.first { $0.rule == "breaker-open" })
        #expect(breaker.lines.contains(3) && breaker.reference != nil)
        Self.expectSameReports(log, "breaker after a compacted storm")
    }

    /// The replay and the lock timeline read hits of any rule: here `probe-b`'s related-only
    /// `own_failure` (a timeline meaning by its name), in a run where `probe-b` has no trigger. The
    /// error naming the lock of `probe`'s finding tells the replay the backend (local: no such file);
    /// the other lock's is a mark of its own.
    @Test func theReplayAndTheTimelineReadAnotherRulesDeferredEvidence() throws {
        let catalog = try Self.catalog(builtin: true, probe: """
            replay: failing-lock
            patterns:
              head: 'probe head <(?<handle>lock/[0-9a-f]{10})>'
              marker:
                regex: 'probe nearby'
                implies: '>=0.1.0'
            correlate:
              trigger: [head, marker]
            """, probeB: """
            patterns:
              tail: 'probe tail'
              own_failure: 'probe nearby <(?<handle>lock/[0-9a-f]{10})> (?<error>.*)'
            correlate:
              trigger: tail
              related: [{pattern: own_failure}]
            """)
        let b = try #require(catalog.rules.firstIndex { $0.id == "probe-b" })
        #expect(DeferredPatterns(catalog: catalog).relatedOfRule[b].bits != 0)
        let log = "restic 0.17.3 compiled with go1.23.3 on linux/amd64\n"
            + "probe nearby <lock/5c0f3e6a1b> open /srv/repo/locks/5c0f3e6a1b: no such file or directory\n"
            + "probe nearby <lock/77aa12cd34> unexpected EOF\nprobe head <lock/5c0f3e6a1b>\n"
        let analyzer = Analyzer(catalog: catalog)
        let eager = analyzer.analyze(text: log, lazyMatching: false), lazy = analyzer.analyze(text: log, lazyMatching: true)
        for report in [eager, lazy] {
            let finding = try #require(report.findings.first { $0.rule == "probe" && $0.lock != nil })
            #expect(finding.reference?.scenario["backend"] == "local")
        }
        #expect(eager.runs.first?.lockTimeline.marks.contains { $0.file == "lock/77aa12cd34" } == true)
        #expect(lazy.runs.map(\.lockTimeline) == eager.runs.map(\.lockTimeline))
    }

    /// A related-only pattern is matched once per event however many stages read it: the correlation
    /// (its rule has a trigger) and then the timeline find a failure (the match limit) once, as eager.
    @Test func aRelatedOnlyPatternsFailureIsReportedOnce() throws {
        let catalog = try Self.catalog(builtin: false, probe: """
            patterns:
              head:
                regex: 'probe head'
                implies: '>=0.1.0'
              own_failure: 'probe head <(?<handle>lock/[0-9a-f]{10})> (?:(?:x+)+y|z)'
            correlate:
              trigger: head
              related: [{pattern: own_failure}]
            """)
        #expect(DeferredPatterns(catalog: catalog).relatedOfRule[0].bits != 0)
        let log = "probe head\nprobe head <lock/5c0f3e6a1b> \(String(repeating: "x", count: 40))\n"
        let analyzer = Analyzer(catalog: catalog)
        let eager = analyzer.analyze(text: log, lazyMatching: false), lazy = analyzer.analyze(text: log, lazyMatching: true)
        #expect(eager.problems.map { "\($0.line) \($0.pattern)" } == ["2 own_failure"])
        #expect(lazy.problems == eager.problems)
    }

    /// A run that ends in the middle of a retry storm leaves its last retries unexplained: the
    /// catch-all reports them through `error_word`, which lazy matching matches only then.
    @Test func aStormCutShortIsStillReportedByTheCatchAll() throws {
        let log = """
            restic 0.17.3 compiled with go1.23.3 on linux/amd64
            open repository
            Load(<data/ab12cd34ef>, 0, 0) returned error, retrying after 1.5s: read: connection reset by peer
            Load(<data/ab12cd34ef>, 0, 0) operation successful after 1 retries
            Load(<data/77aa12cd34>, 0, 0) returned error, retrying after 1.2s: read: connection reset by peer

            """
        for lazy in [false, true] {
            let report = TestSupport.analyzer.analyze(text: log, lazyMatching: lazy)
            let catchAll = try #require(report.findings.first { $0.rule == "unclassified-error" })
            #expect(catchAll.line == 5, "lazy: \(lazy)")
            #expect(report.findings.contains { $0.rule == "retry-recovered" && $0.line == 4 && $0.lines == [3, 4] })
        }
        Self.expectSameReports(log, "storm cut short")
    }

    @Test func everySampleGivesTheSameReports() throws {
        let samples = try FileManager.default.contentsOfDirectory(atPath: TestSupport.samplesDirectory).filter { $0.hasSuffix(".log") }
        #expect(samples.count > 50)
        for name in samples.sorted() {
            let text = try String(contentsOfFile: TestSupport.samplesDirectory + "/" + name, encoding: .utf8)
            Self.expectSameReports(text, name)
        }
    }

    @Test func everyRuleExampleGivesTheSameReports() {
        for rule in TestSupport.catalog.rules {
            for example in rule.definition.examples.triggering + rule.definition.examples.nonTriggering {
                Self.expectSameReports(example.log, "\(rule.id) example at line \(example.line)")
            }
        }
    }

    /// The fuzzer's mutated inputs (samples and examples with bytes flipped, lines cut, spliced, joined).
    @Test func mutatedInputsGiveTheSameReports() {
        for index in 0..<150 {
            let (bytes, mutations) = FuzzMutator.input(seed: 0x1A2E, index: index, hugeScale: 16)
            Self.expectSameReports(String(decoding: bytes, as: UTF8.self), "fuzz input \(index) (\(mutations.joined(separator: ", ")))")
        }
    }

    /// A run past the memory budget is cut and counted by kind: the tracker matches what was deferred
    /// first, so that too is the same.
    @Test func aCompactedRunGivesTheSameReports() {
        let retry = "Load(<data/ab12cd34ef>, 0, 0) returned error, retrying after 1.5s: " + String(repeating: "read: connection reset ", count: 90) + "\n"
        let log = "restic 0.17.0 compiled with go1.22.5 on linux/amd64\nopen repository\n" + String(repeating: retry, count: 2_000)
        #expect(TestSupport.analyzer.analyze(text: log).runs.first?.compactedEvents ?? 0 > 0)
        Self.expectSameReports(log, "compacted storm")
    }

    /// Logs of every profile `bench/generate-log` writes, several seeds, small sizes.
    @Test(arguments: [["--seed", "1"], ["--seed", "2", "--interesting-rate", "0.05"], ["--seed", "3", "--interesting-rate", "0.2"],
                      ["--seed", "4", "--listing-heavy"], ["--seed", "5", "--interesting-rate", "0.05", "--run-lines", "40"]])
    func generatedLogsGiveTheSameReports(options: [String]) throws {
        let folder = try TemporaryFolder.make("lazy-generated")
        let output = folder.appendingPathComponent("generated.log").path
        let generator = TestSupport.repositoryRoot.appendingPathComponent("bench/generate-log").path
        let result = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"),
                                          ["python3", generator, "--size", "400K", "-o", output, "--resticlint", TestSupport.executable.path,
                                           "--simulate-cache", folder.appendingPathComponent("cache").path] + options,
                                          stdin: "", environment: ProcessInfo.processInfo.environment)
        try #require(result.status == 0, "generate-log: \(result.stderr)")
        let text = try String(contentsOfFile: output, encoding: .utf8)
        Self.expectSameReports(text, "generate-log \(options.joined(separator: " "))")
    }
}
