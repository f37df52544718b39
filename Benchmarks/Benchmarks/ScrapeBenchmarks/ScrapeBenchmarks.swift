import Benchmark
import Foundation
import HTTPClient
import Logging
import PromModel
@_spi(Benchmarks) import Scrape
import TSDB

/// `variants` bodies of one synthetic target (the ones `scripts/synthetic-exporter` serves): `series` series,
/// half counters with three labels, half gauges with two; values change from one variant to the next.
private func syntheticBodies(series: Int, variants: Int) -> [[UInt8]] {
    let half = series / 2
    var names = (0..<half).map { i in "synthetic_requests_total{path=\"/p\(i % 50)\",code=\"\(200 + i % 5)\",shard=\"\(i)\"}" }
    names += (0..<(series - half)).map { i in "synthetic_gauge{kind=\"k\(i % 10)\",shard=\"\(i)\"}" }
    return (1...variants).map { n in
        var s = "# TYPE synthetic_requests_total counter\n# TYPE synthetic_gauge gauge\n"
        for (i, name) in names.enumerated() {
            let v = i < half ? n * (i % 97 + 1) : (n * 7 + i) % 1000
            s += "\(name) \(v)\n"
        }
        return Array(s.utf8)
    }
}

/// The same series as `syntheticBodies`, in the protobuf format: two families (counter, gauge) of
/// varint-length-delimited `MetricFamily` messages, written by hand like the Exposition tests' encoder.
private func syntheticProtobufBodies(series: Int, variants: Int) -> [[UInt8]] {
    func varint(_ v: UInt64, _ out: inout [UInt8]) {
        var v = v
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }
    func field(_ n: Int, _ payload: [UInt8], _ out: inout [UInt8]) {
        varint(UInt64(n << 3 | 2), &out)
        varint(UInt64(payload.count), &out)
        out += payload
    }
    func string(_ n: Int, _ s: String, _ out: inout [UInt8]) { field(n, Array(s.utf8), &out) }
    func metric(_ labels: [(String, String)], valueField: Int, _ v: Double) -> [UInt8] {
        var m: [UInt8] = []
        for (k, x) in labels {
            var pair: [UInt8] = []
            string(1, k, &pair)
            string(2, x, &pair)
            field(1, pair, &m)
        }
        var value: [UInt8] = [0x09]  // field 1, fixed64
        var bits = v.bitPattern
        for _ in 0..<8 {
            value.append(UInt8(truncatingIfNeeded: bits))
            bits >>= 8
        }
        field(valueField, value, &m)
        return m
    }
    let half = series / 2
    return (1...variants).map { n in
        var counter: [UInt8] = []
        string(1, "synthetic_requests_total", &counter)
        counter += [0x18, 0]  // type COUNTER
        for i in 0..<half {
            let labels = [("path", "/p\(i % 50)"), ("code", "\(200 + i % 5)"), ("shard", "\(i)")]
            field(4, metric(labels, valueField: 3, Double(n * (i % 97 + 1))), &counter)
        }
        var gauge: [UInt8] = []
        string(1, "synthetic_gauge", &gauge)
        gauge += [0x18, 1]  // type GAUGE
        for i in half..<series {
            let j = i - half
            field(4, metric([("kind", "k\(j % 10)"), ("shard", "\(j)")], valueField: 2, Double((n * 7 + i) % 1000)), &gauge)
        }
        var body: [UInt8] = []
        for family in [counter, gauge] {
            varint(UInt64(family.count), &body)
            body += family
        }
        return body
    }
}

private let silentLogger = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })

/// An ingester for one target `127.0.0.1:19100` of job `synthetic` over `db`, with a warm cache.
private func warmIngester(
    db: TSDB, client: HTTPClient, body: [UInt8], at ts: Timestamp, contentType: String = "text/plain; version=0.0.4"
) -> ScrapeIngester {
    let options = ScrapeOptions(jobName: "synthetic", interval: .seconds(15), timeout: .seconds(10))
    guard case .active(let target) = resolveTarget(
        Labels([(LabelName.address, "127.0.0.1:19100")]), group: .empty, options: options)
    else { fatalError("benchmark target did not resolve") }
    var ingester = ScrapeIngester(target: target, options: options, appendable: db, client: client)
    let report = ingester.ingest(body, contentType: contentType, at: ts)
    guard report.health == .up else { fatalError("warm-up scrape failed: \(report.lastError)") }
    return ingester
}

let benchmarks: @Sendable () -> Void = {
    let series = 500
    let bodies = syntheticBodies(series: series, variants: 64)
    let metrics: [BenchmarkMetric] = [.wallClock, .throughput, .mallocCountTotal, .instructions, .peakMemoryResident]
    let contentType = "text/plain; version=0.0.4"

    // One iteration = one steady-state scrape of a 500-series target (cache hits only): parse, cache lookup,
    // append of 500 samples + 5 report series, staleness bookkeeping, commit. µs per sample = time / 505.
    for wal in [false, true] {
        Benchmark(
            "Scrape ingest: 500-series body, warm cache, head \(wal ? "with WAL" : "in memory")",
            configuration: .init(metrics: metrics, maxDuration: .seconds(5), maxIterations: 20_000)
        ) { benchmark in
            let dir = NSTemporaryDirectory() + "sextant-bench-scrape-\(getpid())-\(wal)"
            try? FileManager.default.removeItem(atPath: dir)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let db = try! TSDB(directory: wal ? dir : nil, logger: silentLogger)
            let client = try! HTTPClient(logger: silentLogger)
            defer { client.shutdown() }
            var ts: Timestamp = 1_700_000_000_000
            var ingester = warmIngester(db: db, client: client, body: bodies[0], at: ts)
            var k = 1
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                ts += 15_000
                let report = ingester.ingest(bodies[k % bodies.count], contentType: contentType, at: ts)
                blackHole(report.samplesScraped)
                k += 1
            }
            benchmark.stopMeasurement()
            try? db.close()
        }
    }

    // The same steady-state scrape from a protobuf body (same series and values as the text one).
    let protoBodies = syntheticProtobufBodies(series: series, variants: 64)
    let protoType = "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited"
    Benchmark(
        "Scrape ingest: 500-series protobuf body, warm cache, head in memory",
        configuration: .init(metrics: metrics, maxDuration: .seconds(5), maxIterations: 20_000)
    ) { benchmark in
        let db = try! TSDB(directory: nil, logger: silentLogger)
        let client = try! HTTPClient(logger: silentLogger)
        defer { client.shutdown() }
        var ts: Timestamp = 1_700_000_000_000
        var ingester = warmIngester(db: db, client: client, body: protoBodies[0], at: ts, contentType: protoType)
        var k = 1
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            ts += 15_000
            let report = ingester.ingest(protoBodies[k % protoBodies.count], contentType: protoType, at: ts)
            precondition(report.samplesScraped == series, "protobuf scrape failed: \(report.lastError)")
            k += 1
        }
        benchmark.stopMeasurement()
        try? db.close()
    }

    // The first scrape of a target: every series misses the cache (labels built, relabeled, series created).
    Benchmark(
        "Scrape ingest: 500-series body, cold cache (new target, new series)",
        configuration: .init(metrics: metrics, maxDuration: .seconds(5), maxIterations: 500)
    ) { benchmark in
        let db = try! TSDB(directory: nil, logger: silentLogger)
        let client = try! HTTPClient(logger: silentLogger)
        defer { client.shutdown() }
        let options = ScrapeOptions(jobName: "synthetic", interval: .seconds(15), timeout: .seconds(10))
        var port = 20_000
        for _ in benchmark.scaledIterations {
            port += 1
            guard case .active(let target) = resolveTarget(
                Labels([(LabelName.address, "127.0.0.1:\(port)")]), group: .empty, options: options)
            else { fatalError("benchmark target did not resolve") }
            var ingester = ScrapeIngester(target: target, options: options, appendable: db, client: client)
            blackHole(ingester.ingest(bodies[0], contentType: contentType, at: 1_700_000_000_000).samplesScraped)
        }
    }
}
