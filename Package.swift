// swift-tools-version:6.1
import PackageDescription

// Dependencies are chosen on purpose: CI builds from a clean clone, so each one costs minutes.
// Yams (YAML with source positions) and ArgumentParser (the CLI) are all the rule engine needs.
// The nightly alert job also needs SQLite (GRDB) for its state and SwiftNIO with NIOSSL for SMTP
// and GOV.UK Notify. They build only with the `Alerts` trait (`swift build --traits Alerts`; `make
// install` and the README's test command set it), so the pre-commit hook's build, which takes the
// default traits, stays small.
// ZIPFoundation opens Excel workbooks (.xlsx files are ZIP archives of XML parts): councils'
// case-management systems export to Excel, so `check` reads them in the default build. It is small,
// pure Swift over the system's zlib, and only the runtime uses it; the XML is read by the core.
let alerts: TargetDependencyCondition? = .when(traits: ["Alerts"])

let package = Package(
    name: "sendcheck",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "sendcheck", targets: ["sendcheck"]),
        .library(name: "SendCheckCore", targets: ["SendCheckCore"]),
    ],
    traits: [
        .trait(name: "Alerts", description: "The nightly alert job: state in SQLite (GRDB), SMTP and GOV.UK Notify over SwiftNIO.")
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
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
        // The edges: files, configuration discovery, the clock, opening workbooks (ZIPFoundation).
        .target(
            name: "SendCheckRuntime",
            dependencies: ["SendCheckCore", "CMapGuard", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // The alert job's edges: its state (GRDB), SMTP and GOV.UK Notify (SwiftNIO, NIOSSL),
        // sendmail and the outbox. The policy, routing and emails are pure, in the core.
        .target(
            name: "SendCheckAlerts",
            dependencies: [
                "SendCheckCore", "SendCheckRuntime",
                .product(name: "GRDB", package: "GRDB.swift", condition: alerts),
                .product(name: "NIOCore", package: "swift-nio", condition: alerts),
                .product(name: "NIOPosix", package: "swift-nio", condition: alerts),
                .product(name: "NIOHTTP1", package: "swift-nio", condition: alerts),
                .product(name: "NIOSSL", package: "swift-nio-ssl", condition: alerts),
            ]
        ),
        // Thin executable: one file per subcommand.
        .executableTarget(
            name: "sendcheck",
            dependencies: [
                "SendCheckCore",
                "SendCheckRuntime",
                .target(name: "SendCheckAlerts", condition: alerts),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "SendCheckCoreTests",
            dependencies: ["SendCheckCore", "SendCheckRuntime", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            exclude: ["Golden", "Fixtures"]
        ),
        .testTarget(
            name: "SendCheckCLITests",
            dependencies: ["SendCheckCore"]
        ),
        .testTarget(
            name: "SendCheckAlertsTests",
            dependencies: ["SendCheckCore", "SendCheckRuntime", .target(name: "SendCheckAlerts", condition: alerts)]
        ),
    ],
    swiftLanguageModes: [.v6]
)
