// swift-tools-version:6.1
import PackageDescription

// Dependencies are chosen on purpose: CI builds from a clean clone, so each one costs minutes.
// Yams (YAML with source positions) and ArgumentParser (the CLI) are all the rule engine needs.
let package = Package(
    name: "sendcheck",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "sendcheck", targets: ["sendcheck"]),
        .library(name: "SendCheckCore", targets: ["SendCheckCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: [
        // Pure core: no file system, clock, network or process exit.
        .target(
            name: "SendCheckCore",
            dependencies: ["CSHA256", .product(name: "Yams", package: "Yams")]
        ),
        // SHA-256 with the processor's SHA instructions, chosen at run time (Swift cannot target
        // one function beyond the build's baseline); the pseudonyms of a national SEN2 return.
        .target(name: "CSHA256"),
        // A SIGBUS handler for memory-mapped inputs truncated while they are read (C: a signal
        // handler must not touch the Swift runtime).
        .target(name: "CMapGuard"),
        // The edges: files, configuration discovery, the clock.
        .target(
            name: "SendCheckRuntime",
            dependencies: ["SendCheckCore", "CMapGuard"]
        ),
        // Thin executable: one file per subcommand.
        .executableTarget(
            name: "sendcheck",
            dependencies: [
                "SendCheckCore",
                "SendCheckRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "SendCheckCoreTests",
            dependencies: ["SendCheckCore", "SendCheckRuntime"],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "SendCheckCLITests",
            dependencies: ["SendCheckCore"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
