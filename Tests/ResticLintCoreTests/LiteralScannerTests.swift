import CLiteralScan
import Testing
@testable import ResticLintCore
@testable import ResticLintMatching
@testable import ResticLintPipeline

/// The SIMD literal filter against a naive search, on every kernel this CPU has: it must find a
/// literal in the earliest line holding one, and never report one that is not there.
@Suite struct LiteralScannerTests {
    static let kernels = [Int32(RL_KERNEL_SCALAR), Int32(RL_KERNEL_SSSE3), Int32(RL_KERNEL_AVX2), Int32(RL_KERNEL_VBMI)].filter(LiteralScanner.isSupported)

    /// Random lines over the literals' own letters, case mixed: literals overlap, share prefixes, sit at
    /// every offset of a 16- and 32-byte block, cross block boundaries and end the buffer.
    @Test func agreesWithNaiveSearchOnRandomBuffers() {
        let literals = ["error", "failed", "xit", "ex", "load", "Load(<", "ad(<lo", "restic ", "\\u003c", "exit code", "q"]
        var random = FuzzRandom(seed: 7)
        let alphabet = Array("erorERORfailedFAILEDxitXIT Load(<lrstc\\u003c\n".utf8)
        // A sample over the same letters makes the fingerprints sit at varying offsets in the literals.
        let scanner = LiteralScannerTests.scanner(literals, sample: (0..<4000).map { _ in random.pick(alphabet) })
        for _ in 0..<3000 {
            let text = (0..<random.below(120)).map { _ in random.pick(alphabet) }
            check(scanner, literals, text, from: random.below(text.count + 1))
        }
    }

    /// One literal planted at every offset of a long filler buffer (crossing every block boundary and
    /// ending exactly at the buffer end), with starts before, at and after it.
    @Test func findsLiteralsAtEveryAlignment() {
        let literals = RunMarkerClassifier.literals + EventClassifier.literals + ["error", "failed", "failure"]
        let filler = Array("unchanged /home/alice/Music/album_12/track_9279.flac\n".utf8)
        let scanner = LiteralScannerTests.scanner(literals, sample: filler)
        for literal in ["xit", "error", "Fatal", "restic ", "command can be used", "\\u003c"] {
            for length in [literal.utf8.count, 17, 31, 33, 64, 100] where length >= literal.utf8.count {
                for offset in 0...(length - literal.utf8.count) {
                    var text = (0..<length).map { filler[$0 % filler.count] }
                    text.replaceSubrange(offset..<(offset + literal.utf8.count), with: Array(literal.uppercased().utf8))
                    for from in [0, max(0, offset - 1), offset, offset + 1] { check(scanner, literals, text, from: from) }
                }
            }
        }
    }

    /// Literals that contain others are left to those (the same lines hold them): whichever occurrence is
    /// reported must still be one of a literal, in the earliest line.
    @Test func literalsContainingOthersFindTheSameLines() {
        let literals = ["Fatal", "Fatal: unable to create lock", "lock", "unable to create lock in backend", "ock", "re", "restic "]
        var random = FuzzRandom(seed: 23)
        let pieces = literals.map { Array($0.utf8) } + [Array("\n".utf8), Array(" ".utf8), Array("x".utf8), Array("LOC".utf8)]
        let scanner = LiteralScannerTests.scanner(literals, sample: Array(literals.joined(separator: "\n").utf8))
        for _ in 0..<1500 {
            var text: [UInt8] = []
            while text.count < random.below(200) { text += random.pick(pieces) }
            check(scanner, literals, text, from: random.below(text.count + 1))
        }
    }

    /// The catalog's literals on text built from fragments of them: near misses of every literal.
    @Test func agreesOnTheCatalogLiterals() {
        let literals = Prefilter(catalog: TestSupport.catalog).literals
        let scanner = LiteralScannerTests.scanner(literals, sample: Array(literals.joined(separator: " ").utf8))
        var random = FuzzRandom(seed: 19)
        for _ in 0..<1500 {
            var text: [UInt8] = []
            while text.count < random.below(400) {
                let literal = Array(random.pick(literals).utf8)
                let cut = random.below(literal.count + 1)
                text += random.chance(3) ? literal : Array(literal[random.below(cut + 1)..<cut])
                text += random.pick([Array(" ".utf8), Array("\n".utf8), Array("/srv/x".utf8), []])
            }
            check(scanner, literals, text, from: random.below(text.count + 1))
        }
    }

    @Test func countsAndFindsSeparators() {
        var random = FuzzRandom(seed: 3)
        // Up to 20,000 bytes: past the 255 blocks of 32 bytes after which the lane counts are summed.
        for _ in 0..<300 {
            let text = (0..<random.below(20_000)).map { _ in UInt8(random.pick([0x0A, 0x0D, 0x61, 0x00, 0xFF])) }
            text.withUnsafeBufferPointer { buffer in
                #expect(countSeparators(buffer, 0x0A) == text.filter { $0 == 0x0A }.count)
                #expect(buffer.baseAddress.flatMap { lastOffset(of: 0x0D, in: $0, count: text.count) } == text.lastIndex(of: 0x0D))
            }
        }
    }

    /// Bytes past 127 next to short literals (whose windows end open) and in a literal itself: the VBMI
    /// kernel looks up `byte & 127`, which must only widen the candidates.
    @Test func agreesOnBytesPast127() {
        let literals = ["xit", "error", "Größe", "ö:"]
        var random = FuzzRandom(seed: 41)
        let pieces = [Array("xit".utf8), Array("ERROR".utf8), Array("Größe".utf8), Array("gr".utf8), [0xC3], [0xB6, 0x3A],
                      [0x43, 0x36], [0xF8, 0xE9, 0xF2], Array(" \n".utf8), [0x80, 0xFF], Array("ITS".utf8)]
        let scanner = LiteralScannerTests.scanner(literals, sample: Array("unchanged /srv/Größe/x.txt\n".utf8))
        for _ in 0..<1500 {
            var text: [UInt8] = []
            while text.count < random.below(300) { text += random.pick(pieces) }
            check(scanner, literals, text, from: random.below(text.count + 1))
        }
    }

    /// The line walk against splitting the buffer naively: the same lines holding a literal, each with its
    /// index, and every separator counted, with either separator, with and without a last separator,
    /// and past the 255 blocks after which the kernels sum their separator counts.
    @Test func walksTheLinesHoldingLiterals() {
        let literals = ["error", "failed", "xit", "Load(<", "restic ", "q"]
        var random = FuzzRandom(seed: 31)
        let filler = Array("unchanged /home/alice/Music/album_12/track_9279.flac".utf8)
        let scanner = LiteralScannerTests.scanner(literals, sample: filler)
        for round in 0..<400 {
            let separator: UInt8 = random.chance(4) ? 0x0D : 0x0A
            let other: UInt8 = separator == 0x0A ? 0x0D : 0x0A
            // Lines from near nothing to beyond 8,160 bytes (255 blocks of 32) without a literal.
            let longest = round % 8 == 0 ? 20_000 : 90
            var text: [UInt8] = []
            for _ in 0..<random.below(round % 8 == 0 ? 4 : 40) {
                var line = (0..<random.below(longest)).map { filler[$0 % filler.count] }
                if random.chance(3), !line.isEmpty {
                    let literal = Array(random.pick(literals).uppercased().utf8)
                    let at = random.below(line.count)
                    line.replaceSubrange(at..<min(line.count, at + literal.count), with: literal)
                }
                if random.chance(5), !line.isEmpty { line[random.below(line.count)] = other }
                text += line + [separator]
            }
            // Runs of empty lines: a separator in every byte lane of every block.
            if round % 8 == 1 { text += Array(repeating: separator, count: random.below(20_000)) }
            if random.chance(2) { text += Array("tail failed".utf8).prefix(random.below(12)) }
            checkWalk(scanner, literals, text, separator: separator)
        }
    }

    private func checkWalk(_ scanner: LiteralScanner, _ literals: [String], _ text: [UInt8], separator: UInt8) {
        var expected: [[Int]] = []
        var start = 0
        for (index, line) in text.split(separator: separator, omittingEmptySubsequences: false).enumerated() {
            let bytes = Array(line)
            if !LiteralScannerTests.occurrences(of: literals, in: bytes, from: 0).isEmpty {
                expected.append([start, start + bytes.count, index])
            }
            start += bytes.count + 1
        }
        for kernel in LiteralScannerTests.kernels {
            var walked: [[Int]] = []
            let separators = text.withUnsafeBufferPointer { buffer in
                scanner.forEachLine(in: buffer, separator: separator, kernel: kernel) { line, index in
                    let offset = buffer.baseAddress.map { line.baseAddress! - $0 } ?? 0
                    walked.append([offset, offset + line.count, index])
                }
            }
            #expect(walked == expected, "kernel \(kernel), \(text.count) bytes")
            #expect(separators == text.filter { $0 == separator }.count, "kernel \(kernel), \(text.count) bytes")
        }
    }

    private static func scanner(_ literals: [String], sample: [UInt8]) -> LiteralScanner {
        sample.withUnsafeBufferPointer { LiteralScanner(literals: literals, sample: $0) }
    }

    private func check(_ scanner: LiteralScanner, _ literals: [String], _ text: [UInt8], from: Int) {
        let occurrences = LiteralScannerTests.occurrences(of: literals, in: text, from: from)
        for kernel in LiteralScannerTests.kernels {
            let found = text.withUnsafeBufferPointer { scanner.firstMatch(in: $0, from: from, kernel: kernel) }
            let shown = "kernel \(kernel) from \(from) in \(String(decoding: text, as: UTF8.self).debugDescription)"
            guard let leftmost = occurrences.first else {
                #expect(found == nil, "\(shown)")
                continue
            }
            guard let found else {
                Issue.record("missed \(leftmost): \(shown)")
                continue
            }
            #expect(occurrences.contains(found), "not an occurrence: \(found), \(shown)")
            let lineStart = text[..<found].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
            #expect(lineStart <= leftmost, "not the earliest line: \(found) vs \(leftmost), \(shown)")
        }
    }

    /// Starts of every literal occurrence at or after `from`, ASCII case folded, in increasing order.
    private static func occurrences(of literals: [String], in text: [UInt8], from: Int) -> [Int] {
        let folded = text.map(LiteralAutomaton.fold)
        let needles = literals.map { $0.utf8.map(LiteralAutomaton.fold) }
        return (from..<max(from, text.count)).filter { start in
            needles.contains { needle in
                start + needle.count <= folded.count && folded[start..<(start + needle.count)].elementsEqual(needle)
            }
        }
    }
}
