// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "resticlint",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "resticlint", targets: ["resticlint"]),
        .library(name: "ResticLintCore", targets: ["ResticLintCore"]),
        .library(name: "ResticLockModel", targets: ["ResticLockModel"]),
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
        // restic's lock protocol and retry backend as a deterministic model; knows nothing of logs analysis.
        .target(name: "ResticLockModel"),
        .target(
            name: "ResticLintCore",
            dependencies: ["CPCRE2", "ResticLockModel", .product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "resticlint",
            dependencies: ["ResticLintCore", "ResticLockModel", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "ResticLockModelTests", dependencies: ["ResticLockModel"]),
        .testTarget(
            name: "ResticLintCoreTests",
            dependencies: ["ResticLintCore", "ResticLockModel", .product(name: "Yams", package: "Yams")],
            exclude: ["Golden", "Schemas", "RealRestic/rest_backend.py", "RealRestic/age_lock.py"]
        ),
    ]
)
