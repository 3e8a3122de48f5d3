#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The per-input pipeline: read → prefilter → normalize → classify → split runs → correlate.
/// One scanner per input, so inputs can be scanned in parallel and merged in a fixed order.
final class InputScanner {
    struct Result {
        var summary: InputSummary
        var runs: [RunSummary]
        var findings: [Finding]
        var problems: [EngineProblem]
    }

    /// Only this much of an overlong line is classified; restic's messages are far shorter.
    static let overlongClassifiedPrefix = 1 << 16

    private let prefilter: Prefilter
    /// Built from the first chunk, whose byte pairs tell which literal anchors are rare in this input.
    private var scanner: LiteralScanner?
    private let classifier: EventClassifier
    private let normalizer = LineNormalizer()
    private var tracker: RunTracker!
    private var summary: InputSummary
    /// Closed runs keep only their summary: their events are done with once correlated.
    private var runs: [RunSummary] = []
    private var findings: [Finding] = []
    private var lines = 0

    init(name: String, index: Int, catalog: RuleCatalog, prefilter: Prefilter, flagVersion: ResticVersion?) {
        self.prefilter = prefilter
        classifier = EventClassifier(catalog: catalog)
        summary = InputSummary(name: name, lines: 0, bytes: 0, classifiedLines: 0, truncatedLines: 0, error: nil)
        let correlator = Correlator(catalog: catalog)
        let replayer = LockReplayer()
        var runCount = 0
        tracker = RunTracker(input: index, flagVersion: flagVersion, catalog: catalog,
                             nextID: { runCount += 1; return runCount },
                             close: { [unowned self] run in
                                 findings += correlator.findings(in: run, inputName: name).map { finding in
                                     guard let kind = catalog.rule(finding.rule)?.definition.replay.flatMap(LockReplayer.Kind.init)
                                     , finding.lock != nil || !finding.relatedLocks.isEmpty else { return finding }
                                     var finding = finding
                                     finding.reference = replayer.replay(kind, finding: finding, run: run)
                                     return finding
                                 }
                                 runs.append(RunSummary(run, inputName: name))
                             })
    }

    /// Reads and analyses one input; a read error ends the input and is reported, never thrown.
    static func scan(_ source: InputSource, index: Int, catalog: RuleCatalog, prefilter: Prefilter, flagVersion: ResticVersion?) -> Result {
        let scanner = InputScanner(name: source.name, index: index, catalog: catalog, prefilter: prefilter, flagVersion: flagVersion)
        do {
            let fd = try source.openDescriptor()
            defer { if fd != 0 { close(fd) } }
            let reader = ChunkReader(fd: fd, name: source.name)
            defer { scanner.summary.bytes = reader.bytesRead }
            try reader.forEachChunk { scanner.feed($0, separator: reader.separator) }
        } catch {
            scanner.summary.error = "\(error)"
        }
        return scanner.finish()
    }

    static func scanMemory(_ bytes: UnsafeBufferPointer<UInt8>, name: String, catalog: RuleCatalog, prefilter: Prefilter,
                           flagVersion: ResticVersion?) -> Result {
        let scanner = InputScanner(name: name, index: 0, catalog: catalog, prefilter: prefilter, flagVersion: flagVersion)
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
            let scanner = literalScanner(buffer)
            var position = 0
            while position < buffer.count, let hit = scanner.firstMatch(in: buffer, from: position) {
                let start = InputScanner.lineStart(in: buffer, before: hit, notBefore: position, separator: separator)
                lines += countSeparators(UnsafeBufferPointer(rebasing: buffer[position..<start]), separator)
                let end = InputScanner.lineEnd(in: buffer, from: hit, separator: separator)
                lines += 1
                process(UnsafeBufferPointer(rebasing: buffer[start..<end]), number: lines)
                position = end + 1
            }
            if position < buffer.count {
                let rest = UnsafeBufferPointer(rebasing: buffer[position...])
                lines += countSeparators(rest, separator)
                if rest.last != separator { lines += 1 }  // the unterminated last line
            }
        }
    }

    private func literalScanner(_ sample: UnsafeBufferPointer<UInt8>) -> LiteralScanner {
        if let scanner { return scanner }
        let built = prefilter.scanner(sample: UnsafeBufferPointer(rebasing: sample.prefix(1 << 20)))
        scanner = built
        return built
    }

    func finish() -> Result {
        classifier.flush(emit: tracker.add)
        tracker.finishAll()
        summary.lines = lines
        return Result(summary: summary, runs: runs.sorted { $0.id < $1.id }, findings: findings, problems: classifier.problems)
    }

    private func process(_ line: UnsafeBufferPointer<UInt8>, number: Int) {
        // Most lines the buffer scan lets through (a listed path with `error` in it) match nothing:
        // they are rejected on their bytes, never decoded.
        if let message = normalizer.plainMessage(line), !classifier.mayRecognise(message) { return }
        let normalized = normalizer.normalize(line)
        if classifier.classify(line: number, normalized, emit: tracker.add) { summary.classifiedLines += 1 }
    }

    private static func lineStart(in buffer: UnsafeBufferPointer<UInt8>, before offset: Int, notBefore floor: Int, separator: UInt8) -> Int {
        guard offset > floor, let base = buffer.baseAddress,
              let found = lastOffset(of: separator, in: base + floor, count: offset - floor) else { return floor }
        return floor + found + 1
    }

    private static func lineEnd(in buffer: UnsafeBufferPointer<UInt8>, from offset: Int, separator: UInt8) -> Int {
        guard let base = buffer.baseAddress, let found = memchr(base + offset, Int32(separator), buffer.count - offset) else {
            return buffer.count
        }
        return UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
    }
}
