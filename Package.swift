// swift-tools-version:6.1
// Sextant: a Prometheus-compatible monitoring server and Kubernetes operator.
// The module map and the allowed import edges are in ARCHITECTURE.md; Tests/SextantTests checks them.

import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "sextant",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // Layer 0
        .target(name: "PromModel", swiftSettings: strict),
        // Layer 1
        .target(name: "Exposition", dependencies: ["PromModel"], swiftSettings: strict),
        .target(name: "PromConfig", dependencies: ["PromModel", "Yams"], swiftSettings: strict),
        .target(name: "Storage", dependencies: ["PromModel"], swiftSettings: strict),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "HTTPClient", dependencies: ["CCurl", .product(name: "Logging", package: "swift-log")], swiftSettings: strict),
        // Layer 2
        .target(
            name: "TSDB",
            dependencies: ["PromModel", "Storage", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .target(name: "PromQL", dependencies: ["PromModel", "Storage"], swiftSettings: strict),

        .target(name: "TestSupport", dependencies: ["PromModel"], path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "PromModelTests", dependencies: ["PromModel", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "ExpositionTests", dependencies: ["Exposition", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "PromConfigTests", dependencies: ["PromConfig", "TestSupport"], exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "HTTPClientTests", dependencies: ["HTTPClient", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "TSDBTests", dependencies: ["TSDB", "Storage", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "PromQLTests", dependencies: ["PromQL", "Storage", "TestSupport"], swiftSettings: strict),
    ]
)
