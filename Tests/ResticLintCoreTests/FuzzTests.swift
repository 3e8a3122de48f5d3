import Foundation
import Testing
@testable import ResticLintCore

/// The fuzz harness (FuzzHarness.swift) as tests. CI runs a short bounded pass; longer passes:
///
///     RESTICLINT_FUZZ_SECONDS=600 swift test --filter Fuzz        # or bench/fuzz 600 (release build)
///     RESTICLINT_FUZZ_ITERATIONS=100000 RESTICLINT_FUZZ_SEED=7 swift test --filter Fuzz
@Suite(.serialized) struct FuzzTests {
    static let defaultIterations = 300
    static let defaultSeed: UInt64 = 0x5EED_2024

    static var seed: UInt64 {
        FuzzDriver.environment["RESTICLINT_FUZZ_SEED"].flatMap { UInt64($0) } ?? defaultSeed
    }

    @Test func mutatedInputsKeepEveryInvariant() {
        let env = FuzzDriver.environment
        if let dump = env["RESTICLINT_FUZZ_DUMP"] {
            // RESTICLINT_FUZZ_DUMP=INDEX[,INDEX...]: write those inputs to files to reproduce them with the binary
            // (add RESTICLINT_FUZZ_HUGE_SCALE=16 for an input of the short CI pass; failing inputs are also saved).
            for index in dump.split(separator: ",").compactMap({ Int($0) }) {
                let path = FileManager.default.temporaryDirectory.appendingPathComponent("resticlint-fuzz-seed\(Self.seed)-\(index).log").path
                FileManager.default.createFile(atPath: path, contents: Data(FuzzMutator.input(seed: Self.seed, index: index, hugeScale: Int(env["RESTICLINT_FUZZ_HUGE_SCALE"] ?? "") ?? 1).bytes))
                print("fuzz: wrote \(path)")
            }
            return
        }
        let seconds = env["RESTICLINT_FUZZ_SECONDS"].flatMap(Double.init)
        var iterations = env["RESTICLINT_FUZZ_ITERATIONS"].flatMap { Int($0) }
        // The short CI pass keeps huge lines small; a long pass (either variable set) uses full sizes.
        let short = seconds == nil && iterations == nil
        if short { iterations = Self.defaultIterations }
        let outcome = FuzzDriver.run(seed: Self.seed, iterations: iterations, seconds: seconds, hugeScale: short ? 16 : 1)
        print("fuzz: \(outcome.inputs) inputs (\(outcome.bytes / 1_000_000) MB) in \(String(format: "%.1f", outcome.seconds)) s, "
              + "seed \(Self.seed), \(outcome.failures.count) failing; slowest: input \(outcome.slowest.index), "
              + "\(outcome.slowest.bytes) bytes, \(String(format: "%.2f", outcome.slowest.seconds)) s (\(outcome.slowest.mutations.joined(separator: ", ")))")
        #expect(outcome.inputs > 0)
        #expect(outcome.failures.isEmpty, "\(outcome.failures.joined(separator: "\n"))")
    }

    @Test func inputsAreDeterministicFromTheSeed() {
        for index in [0, 1, 17, 299] {
            let a = FuzzMutator.input(seed: 42, index: index)
            let b = FuzzMutator.input(seed: 42, index: index)
            #expect(a.bytes == b.bytes && a.mutations == b.mutations)
        }
        #expect(FuzzMutator.input(seed: 42, index: 3).bytes != FuzzMutator.input(seed: 43, index: 3).bytes
                || FuzzMutator.input(seed: 42, index: 4).bytes != FuzzMutator.input(seed: 43, index: 4).bytes)
    }

    @Test func corpusHoldsSamplesAndRuleExamples() {
        let examples = TestSupport.catalog.rules.reduce(0) { $0 + $1.definition.examples.triggering.count + $1.definition.examples.nonTriggering.count }
        #expect(FuzzCorpus.entries.count >= 20 + examples)
    }

    /// Every mutation kind, applied alone to a spread of corpus entries, keeps the invariants.
    @Test(arguments: FuzzMutator.kinds)
    func eachMutationAlone(kind: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("resticlint-fuzz-kind-\(getpid())-\(kind)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var rng = FuzzRandom(seed: Self.seed, index: kind.utf8.reduce(0) { $0 &* 31 &+ Int($1) })
        var failures: [String] = []
        for (i, entry) in FuzzCorpus.entries.enumerated() where i % 6 == 0 {
            let bytes = FuzzMutator.mutate(entry, kind: kind, corpus: FuzzCorpus.entries, hugeScale: 4, rng: &rng)
            let found = FuzzOracle.check(bytes, analyzer: TestSupport.analyzer, scratch: folder.appendingPathComponent("input.log"),
                                         previous: nil, allFormats: false)
            failures += found.map { "corpus entry \(i): \($0)" }
        }
        #expect(failures.isEmpty, "\(failures.prefix(10).joined(separator: "\n"))")
    }

    /// The oracle's line count is the documented one.
    @Test func expectedLineCounts() {
        for (text, lines) in [("", 0), ("\n", 1), ("a", 1), ("a\n", 1), ("a\nb", 2), ("a\rb\r", 2), ("a\r\nb", 2), ("\r", 1), ("\r\r\n", 1)] {
            #expect(FuzzOracle.expectedLines(Array(text.utf8)) == lines, "\(text.debugDescription)")
        }
        // Found by the fuzzer: a stream decides on its first 4 MiB, so `\r` there and a `\n` only later
        // splits on `\r`, where the whole text would split on `\n`.
        let late = Array("a\rb\rc".utf8) + [UInt8](repeating: 0x78, count: 10) + [0x0A]
        #expect(FuzzOracle.expectedLines(late) == 1)
        #expect(FuzzOracle.expectedLines(late, window: 8) == 3)
    }

    /// The chunk reader hands out exactly the input's bytes, on line boundaries, through tiny buffers.
    @Test func chunkReaderReassemblesMutatedInputs() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("resticlint-fuzz-chunks-\(getpid()).log").path
        defer { unlink(path) }
        for index in 0..<60 {
            var (bytes, _) = FuzzMutator.input(seed: Self.seed &+ 1, index: index, hugeScale: 16)
            bytes = Array(bytes.prefix(200_000))
            FileManager.default.createFile(atPath: path, contents: Data(bytes))
            let fd = open(path, O_RDONLY)
            try #require(fd >= 0)
            defer { close(fd) }
            let capacity = [16, 64, 1000, 4096][index % 4]
            let reader = ChunkReader(fd: fd, name: "chunks", capacity: capacity)
            var reassembled: [UInt8] = []
            var overlong = false
            try reader.forEachChunk { chunk in
                switch chunk {
                case .lines(let buffer): reassembled += buffer
                case .overlongLineHead: overlong = true
                }
            }
            if !overlong { #expect(reassembled == bytes, "input \(index) through a \(capacity)-byte buffer") }
            #expect(reader.bytesRead == bytes.count)
        }
    }
}
