// swift-tools-version:6.0
// A libFuzzer target over the whole analysis pipeline. A package of its own so that the project's
// build and tests never compile with the fuzzer sanitizer; see fuzz/README.md.
import PackageDescription

let package = Package(
    name: "resticlint-fuzz",
    dependencies: [.package(name: "resticlint", path: "..")],
    targets: [
        .executableTarget(
            name: "FuzzPipeline",
            dependencies: [.product(name: "ResticLintCore", package: "resticlint")]
        ),
    ]
)
