// Instructions and mallocs per line of the per-line stages, counted rather than timed, so the
// figures hold on a machine other builds are loading. Every benchmark handles 1000 lines per
// iteration and declares `scalingFactor: .kilo`: the printed figures are per line.
// Run with bench/micro (it sets RESTICLINT_BENCHMARKS, which Package.swift needs to see this target).
// Instructions come from the CPU's performance counters: where the kernel exposes none (a virtual
// machine without a PMU, like the project's), that row is missing and the mallocs are the stable figure.
import Benchmark
import ResticLintMatching
import ResticLintPipeline
import ResticLintRules

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.instructions, .mallocCountTotal, .wallClock],
                                           scalingFactor: .kilo, maxDuration: .seconds(2), maxIterations: 200)
    let catalog = try! RuleCatalog.load(from: [], builtin: true)

    // The buffer prefilter over a listing: candidates are the retry line and the paths with `error`.
    let buffer = SampleLines.listingBuffer(lines: 1000)
    let scanner = buffer.withUnsafeBufferPointer { Prefilter(catalog: catalog).scanner(sample: $0) }
    Benchmark("LiteralScanner.firstMatch, listing buffer") { _ in
        buffer.withUnsafeBufferPointer { bytes in
            var position = 0, candidates = 0
            while let hit = scanner.firstMatch(in: bytes, from: position) {
                candidates += 1
                position = (bytes[hit...].firstIndex(of: 0x0A) ?? bytes.count - 1) + 1
            }
            blackHole(candidates)
        }
    }

    // Wrapper prefix peeled, the message decoded: what every candidate line that may match pays.
    for (name, line) in SampleLines.kinds {
        Benchmark("LineNormalizer.normalize, \(name)") { benchmark in
            let normalizer = LineNormalizer()
            let bytes = Array(line.utf8)
            benchmark.startMeasurement()
            bytes.withUnsafeBufferPointer { raw in
                for _ in benchmark.scaledIterations { blackHole(normalizer.normalize(raw)) }
            }
        }
    }

    // The classifier as InputScanner drives it: the byte check first, then classification of the
    // decoded line when the check cannot rule it out.
    for (name, line) in SampleLines.kinds {
        Benchmark("EventClassifier, \(name)") { benchmark in
            let normalizer = LineNormalizer()
            let classifier = EventClassifier(catalog: catalog)
            let bytes = Array(line.utf8)
            var events = 0
            benchmark.startMeasurement()
            bytes.withUnsafeBufferPointer { raw in
                for number in benchmark.scaledIterations {
                    if let message = normalizer.plainMessage(raw), !classifier.mayRecognise(message) { continue }
                    _ = classifier.classify(line: number + 1, normalizer.normalize(raw)) { _ in events += 1 }
                }
                _ = classifier.flush { _ in events += 1 }
            }
            blackHole(events)
        }
    }
}
