// swift-tools-version:6.1
import Foundation
import PackageDescription

// SwiftPM names a path dependency after its folder, which depends on where the repository was cloned.
let parent = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

// A libFuzzer driver for sendcheck's parsers (CSV, rule expressions, rule packs, plan files, SEN2
// XML, configurations, YAML), the alert night (from case data and from a fuzzed previous state) and
// the board report. Kept out of the main package because -sanitize=fuzzer applies to every target
// built. Run with scripts/fuzz.sh.
let package = Package(
    name: "FuzzSendCheck",
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(
            name: "FuzzSendCheck",
            dependencies: [.product(name: "SendCheckCore", package: parent)]
        )
    ],
    swiftLanguageModes: [.v6]
)
