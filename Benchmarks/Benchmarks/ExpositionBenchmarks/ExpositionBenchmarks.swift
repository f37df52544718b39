import Benchmark
import Exposition
import Foundation
import PromModel

/// The node_exporter body the Exposition tests use (57 KB, ~500 samples).
private func nodeExporterBody() -> [UInt8] {
    let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Tests/ExpositionTests/Fixtures/node_exporter.prom")
    guard let data = try? Data(contentsOf: url) else { fatalError("fixture missing at \(url.path)") }
    return Array(data)
}

/// A node_exporter body in the protobuf format (`Tests/ExpositionTests/Fixtures/node_exporter.pb`, 38 KB,
/// ~560 samples; captured from another node_exporter run than the text fixture, so sizes differ).
private func nodeExporterProtobufBody() -> [UInt8] {
    let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Tests/ExpositionTests/Fixtures/node_exporter.pb")
    guard let data = try? Data(contentsOf: url) else { fatalError("fixture missing at \(url.path)") }
    return Array(data)
}

/// Parses a protobuf body as a scrape loop does on cache hits: value and series key of every sample.
@inline(never)
private func parseAllProtobuf(_ body: [UInt8]) -> Int {
    var p = ProtobufParser(body)
    var n = 0
    do {
        while let e = try p.next() {
            if e == .series {
                blackHole(p.value)
                p.seriesKey.withUnsafeBytes { blackHole($0.count) }
                n += 1
            }
        }
    } catch {
        fatalError("\(error)")
    }
    return n
}

/// The same body as OpenMetrics: `untyped` becomes `unknown` and `# EOF` is appended.
private func openMetricsBody(_ text: [UInt8]) -> [UInt8] {
    let s = String(decoding: text, as: UTF8.self).replacingOccurrences(of: " untyped\n", with: " unknown\n")
    return Array((s + "# EOF\n").utf8)
}

/// Parses every entry, touching each sample's value and series bytes as a scrape loop would on a cache hit.
@inline(never)
private func parseAll(_ body: [UInt8], _ format: ExpositionFormat) -> Int {
    var p = ExpositionParser(body, format: format)
    var n = 0
    do {
        while let e = try p.next() {
            if e == .series {
                blackHole(p.value)
                blackHole(p.seriesRange)
                n += 1
            }
        }
    } catch {
        fatalError("\(error)")
    }
    return n
}

let benchmarks: @Sendable () -> Void = {
    let text = nodeExporterBody()
    let om = openMetricsBody(text)
    let metrics: [BenchmarkMetric] = [.wallClock, .throughput, .mallocCountTotal, .instructions, .peakMemoryResident]

    // The fixed cost of one parse (parser set-up, harness): subtract it from the runs below to get per-sample cost.
    let empty: [UInt8] = Array("foo 1\n".utf8)
    Benchmark("Parse one-line body (fixed cost)", configuration: .init(metrics: metrics, maxDuration: .seconds(2))) {
        benchmark in
        for _ in benchmark.scaledIterations { blackHole(parseAll(empty, .prometheusText)) }
    }

    // One iteration = one whole node_exporter scrape body. MB/s = throughput (iterations/s) × body size.
    Benchmark(
        "Parse node_exporter text (\(text.count) bytes)",
        configuration: .init(metrics: metrics, maxDuration: .seconds(5), maxIterations: 100_000)
    ) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(parseAll(text, .prometheusText)) }
    }

    Benchmark(
        "Parse node_exporter OpenMetrics (\(om.count) bytes)",
        configuration: .init(metrics: metrics, maxDuration: .seconds(5), maxIterations: 100_000)
    ) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(parseAll(om, .openMetrics)) }
    }

    // The protobuf format: mallocs should stay a small constant per body (reused decode buffers), not per sample.
    let proto = nodeExporterProtobufBody()
    Benchmark(
        "Parse node_exporter protobuf (\(proto.count) bytes)",
        configuration: .init(metrics: metrics, maxDuration: .seconds(5), maxIterations: 100_000)
    ) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(parseAllProtobuf(proto)) }
    }

    // The cache-miss path: building Labels for every sample (first scrape of a target).
    Benchmark(
        "Parse node_exporter text + labels() per sample",
        configuration: .init(metrics: metrics, maxDuration: .seconds(5), maxIterations: 100_000)
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            var p = ExpositionParser(text, format: .prometheusText)
            while let e = try p.next() { if e == .series { blackHole(p.labels()) } }
        }
    }

    Benchmark(
        "Write node_exporter samples as text",
        configuration: .init(metrics: metrics, maxDuration: .seconds(5), maxIterations: 100_000)
    ) { benchmark in
        var p = ExpositionParser(text, format: .prometheusText)
        var samples: [ExposedSample] = []
        while let e = try p.next() {
            if e == .series { samples.append(ExposedSample(labels: p.labels(), value: p.value, timestamp: p.timestamp)) }
        }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var w = ExpositionWriter(capacity: 64 * 1024)
            for s in samples { w.writeSample(s.labels, value: s.value, timestamp: s.timestamp) }
            blackHole(w.bytes.count)
        }
    }
}
