import Benchmark
import Logging
import PromModel
import PromQL
import Storage
import Synchronization
import TSDB

// Dashboard-style queries against an in-memory TSDB holding 10k series over 24h at a 60s scrape interval
// (14.4M samples): 5k counter series `x` and 5k histogram buckets `h_bucket` (10 `le` × 500 instances).

/// Holds the database built by the setup hook, so that building it stays out of the measurement.
final class Slot<T: Sendable>: Sendable {
    private let value = Mutex<T?>(nil)
    func set(_ v: T) { value.withLock { $0 = v } }
    var get: T {
        guard let v = value.withLock({ $0 }) else { fatalError("fixture used before its setup hook ran") }
        return v
    }
}

enum Dataset {
    static let start: Timestamp = 1_700_000_000_000
    static let interval: Int64 = 60_000
    static let steps = 24 * 60  // 24h
    static var end: Timestamp { start + Int64(steps - 1) * interval }
    static let les = ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf"]

    static func labels() -> [Labels] {
        var out: [Labels] = []
        for i in 0..<5000 {
            out.append(Labels([
                ("__name__", "x"), ("job", "job-\(i % 10)"), ("instance", "host-\(i / 10):9100"), ("code", "200"),
            ]))
        }
        for i in 0..<500 {
            for le in les {
                out.append(Labels([
                    ("__name__", "h_bucket"), ("job", "job-\(i % 10)"), ("instance", "host-\(i):9100"), ("le", le),
                ]))
            }
        }
        return out
    }

    /// Fills `db` one scrape (commit) per step; counters grow by a per-series rate with deterministic jitter.
    static func fill(_ db: TSDB) throws {
        let labels = labels()
        var refs = [SeriesRef](repeating: .unknown, count: labels.count)
        var values = [Double](repeating: 0, count: labels.count)
        var rng: UInt64 = 42
        for k in 0..<steps {
            let app = db.appender()
            let t = start + Int64(k) * interval
            for i in labels.indices {
                rng = rng &* 6364136223846793005 &+ 1442695040888963407
                // Histogram buckets are cumulative: bucket j of an instance gets at least bucket j-1's increments.
                let bucket = i >= 5000 ? (i - 5000) % 10 : 9
                values[i] += Double((rng >> 40) % 10 + UInt64(bucket) * 5)
                refs[i] = try app.append(refs[i], labels[i], t: t, v: values[i])
            }
            try app.commit()
        }
    }
}

let benchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident]
    let db = Slot<TSDB>()
    let engine = Engine()
    let setup: Benchmark.BenchmarkSetupHook = {
        let tsdb = try TSDB(directory: nil, logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }))
        try Dataset.fill(tsdb)
        db.set(tsdb)
    }
    let instant: [(String, String)] = [
        ("sum by (job) (rate)", "sum by (job) (rate(x[5m]))"),
        ("histogram_quantile 0.99", "histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m])))"),
        ("topk 10", "topk(10, rate(x[5m]))"),
        ("regex selector", #"sum(rate(x{instance=~"host-1.*:9100",job!~"job-[0-4]"}[5m]))"#),
    ]
    for (name, query) in instant {
        Benchmark(
            "Instant over 10k series: \(name)",
            configuration: .init(metrics: metrics, maxDuration: .seconds(5), maxIterations: 2000)
        ) { benchmark in
            for _ in benchmark.scaledIterations {
                let r = try await engine.instantQuery(query, at: Dataset.end, queryable: db.get)
                blackHole(r)
            }
        } setup: {
            try await setup()
        }
    }
    Benchmark(
        "Range 24h step 60s: sum by (job) (rate(x[5m]))",
        configuration: .init(metrics: metrics, maxDuration: .seconds(10), maxIterations: 50)
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            let r = try await engine.rangeQuery(
                "sum by (job) (rate(x[5m]))", start: Dataset.end - 24 * 3_600_000 + Dataset.interval, end: Dataset.end,
                step: 60_000, queryable: db.get)
            blackHole(r)
        }
    } setup: {
        try await setup()
    }
}
