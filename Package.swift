// swift-tools-version:6.1
import PackageDescription

// A fuzzing build (fuzz/run sets RESTICLINT_FUZZING) instruments every module, host tools included, and
// links each executable with libFuzzer's `main`; the rule-embedding build tool could then not run. Such a
// build compiles no catalogue in (an empty one stands in) and the fuzz target loads rules/ instead.
let fuzzing = Context.environment["RESTICLINT_FUZZING"] != nil
// Microbenchmarks (bench/micro sets RESTICLINT_BENCHMARKS): only then is ordo-one/benchmark resolved and built.
let benchmarks = Context.environment["RESTICLINT_BENCHMARKS"] != nil

let package = Package(
    name: "resticlint",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "resticlint", targets: ["resticlint"]),
        .library(name: "ResticLintCore", targets: ["ResticLintCore"]),
        .library(name: "ResticLockModel", targets: ["ResticLockModel"]),
        .library(name: "ResticFormats", targets: ["ResticFormats"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CPCRE2",
            pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"]), .brew(["pcre2"])]
        ),
        // restic's own text formats (versions and ranges, Go durations, civil time, JSON strings) and the
        // seeded generators: what the model prints and the analyzer reads agree by construction.
        .target(name: "ResticFormats"),
        // restic's lock protocol and retry backend as a deterministic model; knows nothing of logs analysis.
        .target(name: "ResticLockModel", dependencies: ["ResticFormats"]),
        // The analyzer's layers, each depending only on earlier ones (README, "How it works"):
        // matching -> rules -> model -> pipeline -> reference; model -> reporting, gate; all -> ResticLintCore (the driver and facade).
        // PCRE2 with JIT and match limits, literal extraction, the buffer scanner, the literal automaton.
        .target(name: "ResticLintMatching", dependencies: ["CPCRE2", "CLiteralScan"]),
        // The rule model, its YAML parser and validator, the catalogue with the embedded rules.
        .target(
            name: "ResticLintRules",
            dependencies: ["ResticLintMatching", "ResticFormats", .product(name: "Yams", package: "Yams")],
            exclude: fuzzing ? [] : ["Fuzzing"],
            plugins: fuzzing ? [] : ["EmbedRules"]
        ),
        // The report model: findings, runs, summaries, advice (a finding's replay carries the lock model's trace).
        .target(name: "ResticLintModel", dependencies: ["ResticLintRules", "ResticLockModel", "ResticFormats"]),
        // Ingest, classify, correlate: the report model from log lines.
        .target(name: "ResticLintPipeline",
                dependencies: ["ResticLintMatching", "ResticLintRules", "ResticLintModel", "ResticLockModel", "ResticFormats"]),
        // A lock finding's situation replayed through ResticLockModel.
        .target(name: "ResticLintReference",
                dependencies: ["ResticLintMatching", "ResticLintModel", "ResticLintPipeline", "ResticLintRules", "ResticLockModel",
                               "ResticFormats"]),
        // Reporters: they read the report model and the catalogue only.
        .target(name: "ResticLintReporting",
                dependencies: ["ResticLintModel", "ResticLintRules", "ResticLockModel", "ResticFormats"]),
        // Baseline, ignore file and exit decision.
        .target(name: "ResticLintGate",
                dependencies: ["ResticLintModel", "ResticLintRules", "ResticFormats", .product(name: "Yams", package: "Yams")]),
        // The driver (Analyzer) and the facade library users and the CLI import.
        .target(
            name: "ResticLintCore",
            dependencies: ["ResticLintMatching", "ResticLintRules", "ResticLintModel", "ResticLintPipeline", "ResticLintReference",
                           "ResticLintReporting", "ResticLintGate", "ResticFormats"]
        ),
        // Compiles rules/*.yml into ResticLintRules: the binary carries its catalogue.
        .plugin(name: "EmbedRules", capability: .buildTool(), dependencies: ["rule-embedder"]),
        // Its `rules` link to the catalogue makes SwiftPM re-plan when a rule file is added or removed.
        .executableTarget(name: "rule-embedder", dependencies: ["ResticFormats"], exclude: ["rules"]),
        .executableTarget(
            name: "resticlint",
            dependencies: ["ResticLintCore", "ResticLintMatching", "ResticFormats", "ResticLockModel", "CProcessArguments",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // The SIMD literal filter and line counting behind the buffer prefilter (Swift has no byte shuffle).
        .target(name: "CLiteralScan"),
        // argv as glibc hands it to constructors: the static binary's CommandLine needs /proc, which a chroot may lack.
        .target(name: "CProcessArguments"),
        .testTarget(name: "ResticFormatsTests", dependencies: ["ResticFormats"]),
        .testTarget(name: "ResticLockModelTests", dependencies: ["ResticLockModel", "ResticFormats"]),
        .testTarget(name: "ResticLintMatchingTests", dependencies: ["ResticLintMatching"]),
        .testTarget(
            name: "ResticLintCoreTests",
            dependencies: ["ResticLintCore", "ResticLintMatching", "ResticLintRules", "ResticLintModel", "ResticLintPipeline",
                           "ResticLintReference",
                           "ResticLintReporting", "ResticLintGate", "ResticFormats", "ResticLockModel", "CLiteralScan",
                           .product(name: "Yams", package: "Yams")],
            exclude: ["Golden", "Schemas", "RealRestic/rest_backend.py", "RealRestic/age_lock.py"]
        ),
        // What a library user may rely on: compiled without @testable and without package access.
        .testTarget(name: "ResticLintCorePublicAPITests", dependencies: ["ResticLintCore", "ResticFormats"],
                    packageAccess: false),
    ]
)

if benchmarks {
    // Instructions and mallocs per line of the scanner, normaliser and classifier, reached through package access.
    package.dependencies.append(.package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1",
                                         traits: ["MallocInterposer"]))
    package.targets.append(.executableTarget(
        name: "PipelineBenchmarks",
        dependencies: ["ResticLintMatching", "ResticLintRules", "ResticLintPipeline",
                       .product(name: "Benchmark", package: "benchmark")],
        path: "Benchmarks/PipelineBenchmarks",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    ))
}
