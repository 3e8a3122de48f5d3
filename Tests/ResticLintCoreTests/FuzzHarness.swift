import Foundation
@testable import ResticLintCore
import ResticFormats
@testable import ResticLintModel
@testable import ResticLintPipeline

// A seeded, mutation-based fuzzer for the whole pipeline. Everything is deterministic from the seed:
// input number `i` of seed `s` is always the same bytes, so a failure is reproduced with
// `RESTICLINT_FUZZ_SEED=s` and the index printed with it (the failing input is also written to a file).

/// The fuzzer's generator: the project's SplitMix64 (the same on every platform) with the draws
/// mutations need.
struct FuzzRandom: RandomNumberGenerator {
    private var generator: SplitMix64

    init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    /// The generator for input `index` of a fuzz pass, independent of how many values earlier inputs drew.
    init(seed: UInt64, index: Int) {
        var mixer = SplitMix64(seed: seed ^ (UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15))
        generator = SplitMix64(seed: mixer.next())
    }

    mutating func next() -> UInt64 { generator.next() }

    mutating func below(_ bound: Int) -> Int { bound <= 1 ? 0 : Int(next() % UInt64(bound)) }
    mutating func chance(_ oneIn: Int) -> Bool { below(oneIn) == 0 }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// The seed inputs: every bundled sample, every rule example, and a few shapes the samples lack.
enum FuzzCorpus {
    static let entries: [[UInt8]] = {
        var entries: [[UInt8]] = []
        let folder = TestSupport.samplesDirectory
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".log") }.sorted()
        for name in names {
            if let data = FileManager.default.contents(atPath: "\(folder)/\(name)") { entries.append(Array(data)) }
        }
        for rule in TestSupport.catalog.rules {
            for example in rule.definition.examples.triggering + rule.definition.examples.nonTriggering {
                entries.append(Array(example.log.utf8))
            }
        }
        entries += synthetic.map { Array($0.utf8) }
        return entries
    }()

    static let synthetic: [String] = [
        #"""
        {"message_type":"exit_error","code":11,"message":"unable to create lock in backend: repository is already locked by PID 9454 on host by root (UID 0, GID 0)\nlock was created at 2025-11-28 01:00:01 (12.480720222s ago)\nstorage ID 05b36c59\nthe `unlock` command can be used to remove stale locks"}
        """#,
        """
        Aug 21 02:00:01 nas restic[100]: restic 0.17.0 compiled with go1.22.5 on linux/amd64
        Aug 21 02:00:01 nas restic[200]: restic 0.17.0 compiled with go1.22.5 on linux/amd64
        Aug 21 02:00:02 nas restic[100]: Load(<lock/91b9421fff>, 0, 0) failed: b2_download_file_by_name: 404: File with such name does not exist.
        Aug 21 02:00:02 nas restic[200]: unable to create lock in backend: circuit breaker open for file <lock/798ffec919>
        Aug 21 02:00:03 nas systemd[1]: restic-backup.service: Main process exited, code=exited, status=1/FAILURE
        """,
        """
        2024-08-21T02:00:05Z unable to create lock in backend: repository is already locked exclusively by PID 1 on h by u (UID 0, GID 0)
        2024-08-21T02:00:04Z lock was created at 2024-08-21 02:10:00 (1h26m16.339556s ago)
        2024-08-21T02:00:03Z storage ID 05b36c59
        """,
        "\u{1B}[31mFatal: unable to open config file: Stat: 403 Forbidden\u{1B}[0m\r\n\u{1B}]0;title\u{07}open repository\r\n",
    ]
}

/// Byte-level and line-level mutations of restic logs.
enum FuzzMutator {
    static let kinds = [
        "flip", "set", "truncate", "splice", "insert-special", "huge-line", "deep-json", "json-wrap", "duplicate",
        "shuffle", "delete", "line-ends", "numbers", "prefixes",
    ]

    /// One fuzz input: a corpus entry (or two joined) with one to four mutations.
    /// `hugeScale` divides the sizes of huge lines: the short CI pass uses 16, long passes 1 (lines up
    /// to just over the 4 MiB read buffer).
    static func input(seed: UInt64, index: Int, hugeScale: Int = 1, corpus: [[UInt8]] = FuzzCorpus.entries)
        -> (bytes: [UInt8], mutations: [String]) {
        var rng = FuzzRandom(seed: seed, index: index)
        var bytes = rng.pick(corpus)
        if rng.chance(4) { bytes += [0x0A] + rng.pick(corpus) }
        var applied: [String] = []
        for _ in 0...rng.below(4) {
            let kind = rng.pick(kinds)
            bytes = mutate(bytes, kind: kind, corpus: corpus, hugeScale: hugeScale, rng: &rng)
            applied.append(kind)
        }
        return (bytes, applied)
    }

    static let specials: [[UInt8]] = [
        [0x00], [0x00, 0x00, 0x00], [0x0D], [0x0D, 0x0A], [0x0A, 0x0D], [0x1B], Array("\u{1B}[31m".utf8), Array("\u{1B}[0m".utf8),
        Array("\u{1B}[".utf8), Array("\u{1B}]0;title\u{07}".utf8), Array("\u{1B}]unterminated".utf8),
        [0xFF], [0xFE, 0xFF], [0xC3], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF0, 0x9F], [0xF4, 0x90, 0x80, 0x80], [0xEF, 0xBB, 0xBF],
        [0x80, 0x80, 0x80], Array("\u{2028}".utf8), Array("{\"".utf8), Array("\"}".utf8), Array("\\u0000".utf8), [0x7B], [0x7D],
    ]

    static let fragments = [
        "Load(<lock/91b9421fff>, 0, 0) returned error, retrying after 1.2s: ", "repository is already locked ", "aaaaaaaa",
        "circuit breaker open for file <lock/", "restic ", "{\"message\":\"", "\u{1B}[1m", "Fatal: ", "x",
    ]

    static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
    }

    static func join(_ lines: [ArraySlice<UInt8>]) -> [UInt8] {
        Array(lines.joined(separator: [0x0A]))
    }

    static func mutate(_ input: [UInt8], kind: String, corpus: [[UInt8]], hugeScale: Int = 1, rng: inout FuzzRandom) -> [UInt8] {
        var bytes = input
        switch kind {
        case "flip":
            guard !bytes.isEmpty else { return bytes }
            for _ in 0...rng.below(8) { bytes[rng.below(bytes.count)] ^= UInt8(1 << rng.below(8)) }
        case "set":
            guard !bytes.isEmpty else { return bytes }
            let values: [UInt8] = [0x00, 0x0A, 0x0D, 0x1B, 0xFF, 0xC3, 0x80, 0x7B, 0x7D, 0x22, 0x5B, 0x5C, 0x3C, 0x3E, 0x20]
            for _ in 0...rng.below(8) { bytes[rng.below(bytes.count)] = rng.pick(values) }
        case "truncate":
            bytes = Array(bytes.prefix(rng.below(bytes.count + 1)))
        case "splice":
            var mine = lines(bytes)
            let other = lines(rng.pick(corpus))
            let from = rng.below(other.count)
            let piece = other[from..<min(other.count, from + 1 + rng.below(12))]
            mine.insert(contentsOf: piece, at: rng.below(mine.count + 1))
            bytes = join(mine)
        case "insert-special":
            for _ in 0...rng.below(6) { bytes.insert(contentsOf: rng.pick(specials), at: rng.below(bytes.count + 1)) }
        case "huge-line":
            // Mostly under the JSON size limit and the 4 MiB read buffer; sometimes above either.
            let size = rng.pick([70_000, 300_000, 1 << 20, (1 << 20) + 10, rng.chance(8) ? (1 << 22) + 4096 : 200_000]) / max(hugeScale, 1)
            let unit = Array(rng.pick(fragments).utf8)
            var line = Array(rng.pick(["", "{\"message\":\"", "Aug 21 02:00:01 nas restic[7]: "]).utf8)
            line.reserveCapacity(size + unit.count)
            while line.count < size { line += unit }
            if rng.chance(2) { line += Array("\"}".utf8) }
            var all = lines(bytes)
            all.insert(line[...], at: rng.below(all.count + 1))
            bytes = join(all)
        case "deep-json":
            let depth = rng.pick([10, 600, 5000, 60_000 / max(hugeScale, 1)])
            let open = rng.chance(2) ? "[" : "{\"a\":"
            let close = open == "[" ? "]" : "}"
            var line = "{\"message_type\":\"exit_error\",\"code\":1,\"message\":\"Fatal: deep\",\"x\":"
            line += String(repeating: open, count: depth) + "1" + String(repeating: close, count: rng.chance(4) ? depth / 2 : depth) + "}"
            var all = lines(bytes)
            all.insert(Array(line.utf8)[...], at: rng.below(all.count + 1))
            bytes = join(all)
        case "json-wrap":
            var all = lines(bytes)
            guard !all.isEmpty else { return bytes }
            let i = rng.below(all.count)
            let text = String(decoding: all[i], as: UTF8.self)
            let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            var json = rng.pick([
                "{\"message_type\":\"exit_error\",\"code\":\(rng.below(1000)),\"message\":\"\(escaped)\\nstorage ID 05b36c59\"}",
                "{\"message_type\":\"error\",\"error\":{\"message\":\"\(escaped)\"},\"item\":\"/x\"}",
                "{\"level\":\"info\",\"msg\":\"\(escaped)\"}",
                "2024-08-21T02:00:01Z {\"message_type\":\"status\",\"message\":\"\(escaped)\"}",
                "{\"version\":\"0.17.\(rng.below(5))\",\"go_version\":\"go1.22\"}",
            ])
            if rng.chance(3) { json = String(json.prefix(rng.below(json.count + 1))) }  // cut in half
            all[i] = Array(json.utf8)[...]
            bytes = join(all)
        case "duplicate":
            var all = lines(bytes)
            let from = rng.below(all.count)
            let piece = all[from..<min(all.count, from + 1 + rng.below(6))]
            for _ in 0...rng.below(20) { all.insert(contentsOf: piece, at: min(all.count, from + piece.count)) }
            bytes = join(all)
        case "shuffle":
            var all = lines(bytes)
            all.shuffle(using: &rng)
            bytes = join(all)
        case "delete":
            var all = lines(bytes)
            let from = rng.below(all.count)
            all.removeSubrange(from..<min(all.count, from + 1 + rng.below(5)))
            bytes = join(all)
        case "line-ends":
            let choice = rng.below(3)
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count * 2)
            for byte in bytes {
                if byte == 0x0A {
                    switch choice {
                    case 0: out.append(0x0D)
                    case 1: out += [0x0D, 0x0A]
                    default: out += rng.chance(2) ? [0x0D, 0x0A] : [0x0A]
                    }
                } else {
                    out.append(byte)
                }
            }
            bytes = out
        case "numbers":
            // Replaces a run of digits with an extreme number (ages, PIDs, codes, versions, dates).
            let digitRuns = bytes.indices.filter { (0x30...0x39).contains(bytes[$0]) && ($0 == 0 || !(0x30...0x39).contains(bytes[$0 - 1])) }
            guard !digitRuns.isEmpty else { return bytes }
            for _ in 0...rng.below(3) {
                let start = rng.pick(digitRuns)
                guard start < bytes.count else { continue }
                var end = start
                while end < bytes.count, (0x30...0x39).contains(bytes[end]) { end += 1 }
                let replacement = rng.pick(["0", "00", "99", "9999999999999999999999999999", String(repeating: "9", count: 400),
                                            "18446744073709551616", "9223372036854775807", "-1", "13", "60", "1e308"])
                bytes.replaceSubrange(start..<end, with: Array(replacement.utf8))
            }
        default:  // "prefixes": wrapper prefixes, with PIDs, times going backwards and impossible dates
            var all = lines(bytes)
            let pids = [1, 100, 200, 300, Int(Int32.max)]
            let count = all.count
            for i in all.indices where rng.chance(2) {
                let second = (count - i) % 60
                let prefix = rng.pick([
                    "Aug 21 02:00:\(String(format: "%02d", second)) nas restic[\(rng.pick(pids))]: ",
                    "2024-08-21T02:\(String(format: "%02d", (count - i) % 60)):00Z ",
                    "9999-12-31T23:59:59Z ", "0000-00-00T00:00:00Z ", "2024-13-45 25:61:61 ", "Feb 30 99:99:99 h p[1]: ",
                    "backup-1  | ", "[restic] ", "ERROR :: ", "<13>Aug 21 02:00:01 nas restic: ",
                ])
                all[i] = (Array(prefix.utf8) + all[i])[...]
            }
            bytes = join(all)
        }
        return bytes
    }
}

/// What must hold for every input, whatever its bytes.
enum FuzzOracle {
    /// Physical lines: `\n` count plus an unterminated last line; CR-only inputs split on `\r`. A stream
    /// decides that on its first buffer (`window`, 4 MiB): `\r` only when that holds no `\n` but a `\r`.
    static func expectedLines(_ bytes: [UInt8], window: Int = .max) -> Int {
        guard let last = bytes.last else { return 0 }
        let head = bytes.prefix(window)
        let separator: UInt8 = !head.contains(0x0A) && head.contains(0x0D) ? 0x0D : 0x0A
        return bytes.reduce(0) { $0 + ($1 == separator ? 1 : 0) } + (last == separator ? 0 : 1)
    }

    /// The JSON report, after checking the report's own invariants against `lines`.
    static func checkReport(_ report: AnalysisReport, lines: Int, catalog: RuleCatalog, label: String, into failures: inout [String]) -> String {
        func fail(_ message: String) { failures.append("\(label): \(message)") }
        let stats = report.stats
        if stats.lines != lines { fail("stats.lines \(stats.lines) != \(lines) input lines") }
        if stats.classified + stats.unclassified != stats.lines { fail("classified + unclassified != lines") }
        if stats.classified < 0 || stats.classified > stats.lines { fail("classified \(stats.classified) outside 0...\(stats.lines)") }
        let valid = 1...max(lines, 1)
        for finding in report.findings {
            if lines == 0 || !valid.contains(finding.line) { fail("finding \(finding.rule) at line \(finding.line) of \(lines)") }
            if !finding.lines.allSatisfy(valid.contains) { fail("finding \(finding.rule) evidence lines \(finding.lines) outside 1...\(lines)") }
            if !finding.evidence.allSatisfy({ valid.contains($0.line) }) { fail("finding \(finding.rule) evidence outside 1...\(lines)") }
        }
        for run in report.runs where !valid.contains(run.startLine) || !valid.contains(run.endLine) || run.startLine > run.endLine {
            fail("run \(run.id) spans \(run.startLine)...\(run.endLine) of \(lines)")
        }
        for problem in report.problems where !valid.contains(problem.line) { fail("problem at line \(problem.line) of \(lines)") }
        let json = JSONReporter().render(report, context: ReportContext(catalog: catalog, currentDirectory: "/"))
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
            fail("JSON report does not parse")
            return json
        }
        if ((object["stats"] as? [String: Any])?["lines"] as? Int) != lines { fail("JSON stats.lines differs") }
        if (object["findings"] as? [Any])?.count != report.findings.count { fail("JSON findings count differs") }
        return json
    }

    /// Runs every check on one input; returns the violations (empty when all hold).
    /// `allFormats` also renders every other report format (slower in debug builds, so not every input).
    static func check(_ bytes: [UInt8], analyzer: Analyzer, scratch: URL, previous: URL?, allFormats: Bool = true) -> [String] {
        var failures: [String] = []
        let catalog = analyzer.catalog
        // 1. The library's text entry point (the input as Swift text, invalid UTF-8 replaced).
        let text = String(decoding: bytes, as: UTF8.self)
        let textBytes = Array(text.utf8)
        let first = analyzer.analyze(text: text, name: "fuzz.log")
        let json = checkReport(first, lines: expectedLines(textBytes), catalog: catalog, label: "text", into: &failures)
        if JSONReporter().render(analyzer.analyze(text: text, name: "fuzz.log"), context: ReportContext(catalog: catalog, currentDirectory: "/")) != json {
            failures.append("text: the same input twice gives different JSON")
        }
        for identifier in Reporters.identifiers where allFormats && identifier != JSONReporter.identifier {
            _ = Reporters.named(identifier)?.render(first, context: ReportContext(catalog: catalog, currentDirectory: "/"))
        }
        // 2. The raw bytes through a file: ChunkReader, the prefilter over whole buffers, line counting.
        let file = InputSource(name: "fuzz.log", origin: .file(scratch.path))
        guard FileManager.default.createFile(atPath: scratch.path, contents: Data(bytes)) else {
            return failures + ["cannot write \(scratch.path)"]
        }
        let fromFile = analyzer.analyze([file], parallel: false)
        let fileJSON = checkReport(fromFile, lines: expectedLines(bytes, window: 1 << 22), catalog: catalog, label: "file", into: &failures)
        if fromFile.inputs.first?.error != nil { failures.append("file: read error \(fromFile.inputs[0].error!)") }
        if fromFile.inputs.first?.bytes != bytes.count { failures.append("file: bytes \(fromFile.inputs.first?.bytes ?? -1) != \(bytes.count)") }
        let longest = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(\.count).max() ?? 0
        if textBytes == bytes && bytes.count < (1 << 22) && fileJSON != json {
            failures.append("file: the file and text entry points disagree on valid UTF-8")
        }
        if longest < (1 << 22) && fromFile.inputs.first?.truncatedLines != 0 { failures.append("file: truncated lines without an overlong line") }
        // 3. Two inputs, parallel and serial: the same report.
        if let previous {
            let pair = [file, InputSource(name: "previous.log", origin: .file(previous.path))]
            let parallel = JSONReporter().render(analyzer.analyze(pair, parallel: true), context: ReportContext(catalog: catalog, currentDirectory: "/"))
            let serial = JSONReporter().render(analyzer.analyze(pair, parallel: false), context: ReportContext(catalog: catalog, currentDirectory: "/"))
            if parallel != serial { failures.append("parallel and serial analysis differ") }
        }
        // 4. The lower layers on every physical line, prefiltered or not.
        let normalizer = LineNormalizer()
        let prefixes = WrapperPrefixParser()
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).prefix(400) where line.count <= (1 << 21) {
            let copy = Array(line)
            let normalized = copy.withUnsafeBufferPointer { normalizer.normalize($0) }
            let again = copy.withUnsafeBufferPointer { normalizer.normalize($0) }
            if normalized.messages.isEmpty { failures.append("normalize: no message for a line") }
            if normalized.messages != again.messages || normalized.prefix != again.prefix { failures.append("normalize: not deterministic") }
            let (offset, _) = copy.withUnsafeBufferPointer { prefixes.strip($0) }
            if offset < 0 || offset > copy.count { failures.append("prefix: offset \(offset) outside the line") }
            _ = JSONMessage.extract(from: Substring(String(decoding: copy, as: UTF8.self)))
        }
        return failures
    }
}

/// A fuzz pass: inputs until the count or the time budget runs out.
enum FuzzDriver {
    struct Outcome {
        var inputs = 0
        var seconds = 0.0
        var bytes = 0
        var failures: [String] = []
        /// The slowest input: a hang in the making shows up here first.
        var slowest: (index: Int, seconds: Double, bytes: Int, mutations: [String]) = (0, 0, 0, [])
    }

    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    static func run(seed: UInt64, iterations: Int?, seconds: Double?, hugeScale: Int = 1, analyzer: Analyzer = TestSupport.analyzer) -> Outcome {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("resticlint-fuzz-\(getpid())-\(seed)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // The input under test is kept here while it runs, so a crash leaves it behind to reproduce.
        let current = FileManager.default.temporaryDirectory.appendingPathComponent("resticlint-fuzz-current-\(getpid()).log")
        let start = Date()
        var outcome = Outcome()
        var previous: URL?
        var index = 0
        while true {
            if let iterations, index >= iterations { break }
            if let seconds, Date().timeIntervalSince(start) >= seconds { break }
            if iterations == nil && seconds == nil { break }
            let (bytes, mutations) = FuzzMutator.input(seed: seed, index: index, hugeScale: hugeScale)
            FileManager.default.createFile(atPath: current.path, contents: Data(bytes))
            let scratch = folder.appendingPathComponent("input-\(index % 2).log")
            let began = Date()
            let failures = FuzzOracle.check(bytes, analyzer: analyzer, scratch: scratch, previous: index % 8 == 7 ? previous : nil,
                                            allFormats: index % 10 == 0)
            let took = Date().timeIntervalSince(began)
            if took > outcome.slowest.seconds { outcome.slowest = (index, took, bytes.count, mutations) }
            if FuzzDriver.environment["RESTICLINT_FUZZ_VERBOSE"] != nil {
                print("fuzz: input \(index): \(bytes.count) bytes, \(String(format: "%.3f", took)) s, \(mutations.joined(separator: ", "))")
            }
            if !failures.isEmpty {
                let kept = folder.deletingLastPathComponent().appendingPathComponent("resticlint-fuzz-failure-seed\(seed)-\(index).log")
                FileManager.default.createFile(atPath: kept.path, contents: Data(bytes))
                outcome.failures.append("seed \(seed) input \(index) (\(mutations.joined(separator: ", "))), saved as \(kept.path): "
                                        + failures.prefix(5).joined(separator: "; "))
                if outcome.failures.count >= 20 { break }
            }
            previous = scratch
            outcome.inputs += 1
            outcome.bytes += bytes.count
            index += 1
        }
        try? FileManager.default.removeItem(at: current)
        outcome.seconds = Date().timeIntervalSince(start)
        return outcome
    }
}
