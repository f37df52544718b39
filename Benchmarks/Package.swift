// swift-tools-version:6.1
// Micro benchmarks of Sextant's hot paths (ordo-one/benchmark). Run from this directory:
//   swift package benchmark --target ExpositionBenchmarks
// The root package is a path dependency; benchmark sources live in Benchmarks/<Target>/ as the plugin expects.

import PackageDescription

let package = Package(
    name: "SextantBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "sextant", path: ".."),
        // Only for the Logger that TSDB's initializer takes; the root package already resolves it.
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        // RuntimeInterposer (ARC counters) is left off: its package, swift-runtime-interposer, is not in the local
        // package mirror. MallocInterposer keeps the malloc metrics.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "ExpositionBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Exposition", package: "sextant"),
                .product(name: "PromModel", package: "sextant"),
            ],
            path: "Benchmarks/ExpositionBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "TSDBBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "TSDB", package: "sextant"),
                .product(name: "Storage", package: "sextant"),
                .product(name: "PromModel", package: "sextant"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/TSDBBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ScrapeBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Scrape", package: "sextant"),
                .product(name: "HTTPClient", package: "sextant"),
                .product(name: "TSDB", package: "sextant"),
                .product(name: "PromModel", package: "sextant"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/ScrapeBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "PromQLBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "PromQL", package: "sextant"),
                .product(name: "TSDB", package: "sextant"),
                .product(name: "Storage", package: "sextant"),
                .product(name: "PromModel", package: "sextant"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/PromQLBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
