// swift-tools-version:6.1
// libFuzzer targets for Sextant's decoders and the PromQL parser. Built only by `scripts/fuzz` (with
// `-sanitize=fuzzer,address`), never by the test suite: each target's entry point runs libFuzzer's driver.
// The root package is a path dependency.

import PackageDescription

let package = Package(
    name: "SextantFuzz",
    dependencies: [.package(name: "sextant", path: "..")],
    targets: [
        .target(name: "FuzzDriver", path: "Targets/Driver"),
        .executableTarget(
            name: "FuzzWALRecord", dependencies: ["FuzzDriver", .product(name: "TSDB", package: "sextant")],
            path: "Targets/WALRecord"),
        .executableTarget(
            name: "FuzzWALSegment", dependencies: ["FuzzDriver", .product(name: "TSDB", package: "sextant")],
            path: "Targets/WALSegment"),
        .executableTarget(
            name: "FuzzXORChunk", dependencies: ["FuzzDriver", .product(name: "TSDB", package: "sextant")],
            path: "Targets/XORChunk"),
        .executableTarget(
            name: "FuzzHistogramChunk", dependencies: ["FuzzDriver", .product(name: "TSDB", package: "sextant")],
            path: "Targets/HistogramChunk"),
        .executableTarget(
            name: "FuzzProtobufExposition",
            dependencies: ["FuzzDriver", .product(name: "Exposition", package: "sextant")],
            path: "Targets/ProtobufExposition"),
        .executableTarget(
            name: "FuzzPromQLParser", dependencies: ["FuzzDriver", .product(name: "PromQL", package: "sextant")],
            path: "Targets/PromQLParser"),
    ]
)
