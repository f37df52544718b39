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
    products: [
        // Libraries the Benchmarks/ package (a separate package beside this one) links against.
        .library(name: "PromModel", targets: ["PromModel"]),
        .library(name: "Exposition", targets: ["Exposition"]),
        .library(name: "Storage", targets: ["Storage"]),
        .library(name: "TSDB", targets: ["TSDB"]),
        .library(name: "PromQL", targets: ["PromQL"]),
        .library(name: "HTTPClient", targets: ["HTTPClient"]),
        .library(name: "Scrape", targets: ["Scrape"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        // Already in the graph through HummingbirdTLS; named for its client-auth and per-handshake certificate types.
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.27.0"),
    ],
    targets: [
        // Layer 0
        .target(name: "PromModel", swiftSettings: strict),
        // Layer 1
        .target(name: "Exposition", dependencies: ["PromModel"], exclude: ["Protobuf/Format.md"], swiftSettings: strict),
        .target(name: "PromConfig", dependencies: ["PromModel", "Yams"], swiftSettings: strict),
        .target(name: "Storage", dependencies: ["PromModel"], swiftSettings: strict),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "HTTPClient", dependencies: ["CCurl", .product(name: "Logging", package: "swift-log")], swiftSettings: strict),
        // Hardware CRC-32C (SSE4.2) for the TSDB's checksums; the TSDB falls back to its Swift tables.
        .target(name: "CCRC32C"),
        .systemLibrary(name: "CSnappy", path: "Sources/CSnappy", pkgConfig: "snappy", providers: [.apt(["libsnappy-dev"])]),
        // Layer 2
        .target(
            name: "TSDB",
            dependencies: ["PromModel", "Storage", "CCRC32C", "CSnappy", .product(name: "Logging", package: "swift-log")],
            exclude: ["Docs"],
            swiftSettings: strict),
        .target(name: "PromQL", dependencies: ["PromModel", "Storage"], swiftSettings: strict),
        // Yams only to read kubeconfig files (YAML); agreed with the lead, see ModuleGraphTests.
        .target(
            name: "KubeClient",
            dependencies: [
                "HTTPClient", "PromModel", "Yams", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        // Layer 3
        .target(
            name: "Discovery",
            dependencies: [
                "PromModel", "PromConfig", "HTTPClient", "KubeClient", .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strict),
        .target(
            name: "Scrape",
            dependencies: [
                "PromModel", "PromConfig", "Storage", "HTTPClient", "Exposition",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strict),
        .target(
            name: "HTTPAPI",
            dependencies: [
                "PromModel", "Storage", "PromQL", "Exposition",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .target(
            name: "Operator",
            // Yams: YAML output of CRDs, manifests and scrape configs (PromConfig has no general writer).
            dependencies: ["PromModel", "KubeClient", "Yams", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        // Layer 4
        .executableTarget(
            name: "sextant",
            dependencies: [
                "PromModel", "PromConfig", "Storage", "HTTPClient", "Exposition", "TSDB", "PromQL", "Scrape", "HTTPAPI",
                "Discovery", "KubeClient", "Operator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Hummingbird", package: "hummingbird"),
                // --web.config.file: HTTPS and bcrypt-hashed basic-auth passwords.
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict),

        .target(name: "TestSupport", dependencies: ["PromModel"], path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "PromModelTests", dependencies: ["PromModel", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "ExpositionTests", dependencies: ["Exposition", "TestSupport"], exclude: ["Fixtures"],
            swiftSettings: strict),
        .testTarget(
            name: "PromConfigTests", dependencies: ["PromConfig", "TestSupport"], exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "HTTPClientTests",
            dependencies: ["HTTPClient", "TestSupport", .product(name: "Logging", package: "swift-log")],
            exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "TSDBTests", dependencies: ["TSDB", "Storage", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "PromQLTests", dependencies: ["PromQL", "Storage", "TestSupport"], exclude: ["Scripts"],
            swiftSettings: strict),
        .testTarget(name: "ScrapeTests", dependencies: ["Scrape", "TSDB", "Storage", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "KubeClientTests",
            dependencies: ["KubeClient", "HTTPClient", "TestSupport", .product(name: "Logging", package: "swift-log")],
            exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "DiscoveryTests",
            dependencies: [
                "Discovery", "KubeClient", "PromModel", "PromConfig", "HTTPClient", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .testTarget(name: "HTTPAPITests", dependencies: ["HTTPAPI", "PromQL", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "OperatorTests", dependencies: ["Operator", "PromConfig", "TestSupport", "Yams"], exclude: ["Fixtures", "Golden"],
            swiftSettings: strict),
        .testTarget(
            name: "SextantTests",
            dependencies: ["TestSupport", "TSDB", "Storage", "PromModel", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
    ]
)
