#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ResticFormats
import ResticLintMatching
import ResticLintPipeline
import ResticLintRules
import ResticLintModel

/// The per-input pipeline, each stage handing its values to the next: chunks → candidate lines →
/// normalized messages → events → runs → (when a run closes) correlation, aggregation, replay →
/// `deliver`. One scanner per input, so inputs can be scanned in parallel and merged in a fixed order.
final class InputScanner {
    struct Result {
        var summary: InputSummary
        var problems: [EngineProblem]
        /// Runs are numbered 1...runCount within the input.
        var runCount: Int
    }

    /// Only this much of an overlong line is classified; restic's messages are far shorter.
    static let overlongClassifiedPrefix = 1 << 16
    /// How often a live input is checked for silence.
    static let idleTickMilliseconds: Int32 = 250

    private let name: String
    private let prefilter: Prefilter
    /// Built from the first chunk, which tells which fingerprints of the literals are rare in this input.
    private var scanner: LiteralScanner?
    private let classifier: EventClassifier
    private let normalizer = LineNormalizer()
    private let tracker: RunTracker
    private let runAnalyzer: RunAnalyzer
    /// Matches the patterns the classifier defers, for the tracker and the correlation.
    private let deferred: DeferredMatcher
    private let deliver: (ClosedRun) -> Void
    private var summary: InputSummary
    private var lines = 0
    private var runsClosed = 0
    private var findingsDelivered = 0

    init(name: String, index: Int, catalog: RuleCatalog, prefilter: Prefilter, flagVersion: ResticVersion?,
         lockTimelines: Bool = true, lazyMatching: Bool = true, deliver: @escaping (ClosedRun) -> Void) {
        self.name = name
        self.prefilter = prefilter
        self.deliver = deliver
        // Eager matching still leaves the budget's count and the matcher to the tracker and correlation,
        // which then find nothing deferred: the two differ in the classifier only.
        let deferrable = DeferredPatterns(catalog: catalog)
        deferred = DeferredMatcher(catalog: catalog, patterns: deferrable)
        classifier = EventClassifier(catalog: catalog, deferring: lazyMatching ? deferrable : nil)
        summary = InputSummary(name: name, lines: 0, bytes: 0, classifiedLines: 0, truncatedLines: 0, error: nil)
        tracker = RunTracker(input: index, flagVersion: flagVersion, catalog: catalog, deferred: deferred)
        runAnalyzer = RunAnalyzer(catalog: catalog, lockTimelines: lockTimelines, deferred: deferred)
    }

    /// Reads and analyses one input; a read error ends the input and is reported, never thrown.
    static func scan(_ source: InputSource, index: Int, catalog: RuleCatalog, prefilter: Prefilter, flagVersion: ResticVersion?,
                     options: StreamOptions, deliver: @escaping (ClosedRun) -> Void) -> Result {
        let scanner = InputScanner(name: source.name, index: index, catalog: catalog, prefilter: prefilter,
                                   flagVersion: flagVersion, lockTimelines: options.lockTimelines, deliver: deliver)
        do {
            let input = try source.open()
            defer { input.close() }
            let reader = ChunkReader(fd: input.fd, name: source.name)
            defer { scanner.summary.bytes = reader.bytesRead }
            if input.isLive {
                reader.idleTick = (InputScanner.idleTickMilliseconds, { quiet in
                    scanner.idle(quietSeconds: Double(quiet) / 1000, closeAfter: options.idleClose)
                })
            }
            try reader.forEachChunk { chunk in
                scanner.feed(chunk, separator: reader.separator)
                options.progress?(InputProgress(input: source.name, bytes: reader.bytesRead, runs: scanner.runsClosed,
                                                findings: scanner.findingsDelivered))
            }
        } catch {
            scanner.summary.error = "\(error)"
        }
        return scanner.finish()
    }

    static func scanMemory(_ bytes: UnsafeBufferPointer<UInt8>, name: String, catalog: RuleCatalog, prefilter: Prefilter,
                           flagVersion: ResticVersion?, lazyMatching: Bool = true, deliver: @escaping (ClosedRun) -> Void) -> Result {
        let scanner = InputScanner(name: name, index: 0, catalog: catalog, prefilter: prefilter, flagVersion: flagVersion,
                                   lazyMatching: lazyMatching, deliver: deliver)
        scanner.summary.bytes = bytes.count
        let separator: UInt8 = !bytes.contains(0x0A) && bytes.contains(0x0D) ? 0x0D : 0x0A
        if !bytes.isEmpty { scanner.feed(.lines(bytes), separator: separator) }
        return scanner.finish()
    }

    func feed(_ chunk: Chunk, separator: UInt8) {
        switch chunk {
        case .overlongLineHead(let head):
            lines += 1
            summary.truncatedLines += 1
            let prefix = UnsafeBufferPointer(rebasing: head.prefix(InputScanner.overlongClassifiedPrefix))
            if literalScanner(prefix).firstMatch(in: prefix, from: 0) != nil { process(prefix, number: lines) }
        case .lines(let buffer):
            let separators = literalScanner(buffer).forEachLine(in: buffer, separator: separator) { line, index in
                process(line, number: lines + index + 1)
            }
            lines += separators
            if let last = buffer.last, last != separator { lines += 1 }  // the unterminated last line
        }
    }

    private func literalScanner(_ sample: UnsafeBufferPointer<UInt8>) -> LiteralScanner {
        if let scanner { return scanner }
        let built = prefilter.scanner(sample: UnsafeBufferPointer(rebasing: sample.prefix(1 << 20)))
        scanner = built
        return built
    }

    func finish() -> Result {
        summary.classifiedLines += classifier.flush(emit: route)
        closeEach(tracker.closeAll())
        summary.lines = lines
        summary.cutMessages = classifier.cutMessages
        return Result(summary: summary, problems: deferred.problems(mergedWith: classifier.problems), runCount: tracker.runCount)
    }

    /// A live input has been silent: a run that printed its end closes at once, every run once the
    /// silence reaches `closeAfter`.
    func idle(quietSeconds: Double, closeAfter: Double?) {
        // restic writes a message block at once: a second of silence means it is complete, and leaves a
        // fatal error's trailer (the unlock hint, the wrapper's exit status) the time to arrive.
        guard quietSeconds >= 1 else { return }
        summary.classifiedLines += classifier.flush(emit: route)
        let closing = closeAfter.map { quietSeconds >= $0 } == true ? tracker.closeAll() : tracker.closeEnded()
        closeEach(closing)
    }

    private func process(_ line: UnsafeBufferPointer<UInt8>, number: Int) {
        // Most lines the buffer scan lets through (a listed path with `error` in it) match nothing:
        // they are rejected on their bytes, never decoded.
        let normalized: NormalizedLine
        if let plain = normalizer.plainLine(line) {
            guard classifier.mayRecognise(plain.message) else { return }
            normalized = normalizer.normalize(plain)
        } else {
            normalized = normalizer.normalize(line)
        }
        // A closure, not the method `route`: the method's partial application retained and released
        // this scanner on every line.
        summary.classifiedLines += classifier.classify(line: number, normalized, emit: { route($0) })
    }

    private func route(_ event: consuming LogEvent) {
        closeEach(tracker.add(event))
    }

    /// Each run is moved out of the list, so the analysis holds the only reference to its events.
    private func closeEach(_ runs: consuming [Run]) {
        runs.reverse()
        while let run = runs.popLast() { close(run) }
    }

    private func close(_ run: consuming Run) {
        let closed = runAnalyzer.analyze(run, inputName: name)
        runsClosed += 1
        findingsDelivered += closed.findings.count
        deliver(closed)
    }
}
