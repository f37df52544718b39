import Benchmark
import Foundation
import PromModel
import Storage
import Synchronization
import TSDB

// XORChunk and MemPostings are internal to TSDB, so their costs are measured through the public API: encode =
// appending one series' 120 samples (one full chunk) to the head, decode = iterating chunks through a querier,
// postings = `select` with matchers (postings lookup, intersection and series resolution).

/// Reads every sample of every selected series; returns the count so the work cannot be optimised away.
@inline(never)
func drain(_ series: [any Series]) -> Int {
    var n = 0
    for s in series {
        var it = s.makeIterator()
        while it.next() != .none {
            blackHole(it.at())
            n += 1
        }
    }
    return n
}

/// 100 metric names × 10 jobs × 100 instances = 100k series, label sets shaped like scraped node_exporter series.
func manySeriesLabels() -> [Labels] {
    var out: [Labels] = []
    out.reserveCapacity(100_000)
    for m in 0..<100 {
        for j in 0..<10 {
            for i in 0..<100 {
                out.append(Labels([
                    ("__name__", "node_metric_\(m)_total"), ("job", "job-\(j)"),
                    ("instance", "host-\(j * 100 + i).example.org:9100"), ("mode", i % 2 == 0 ? "user" : "system"),
                ]))
            }
        }
    }
    return out
}

let benchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident]
    let short = Benchmark.Configuration(metrics: metrics, maxDuration: .seconds(3), maxIterations: 10_000)

    // Encode: each iteration appends one new series' 120 samples in one batch (one full XOR chunk).
    let encodeDB = Slot<TSDB>()
    let encodeLabels = Slot<[Labels]>()
    let encodeCounter = Slot<Counter>()
    Benchmark("XOR encode: 120-sample chunk (head append, 1 series)", configuration: short) { benchmark in
        let db = encodeDB.get
        let samples = NodeLikeSeries.samples(series: 0, count: 120)
        let counter = encodeCounter.get
        for _ in benchmark.scaledIterations {
            let labels = encodeLabels.get[counter.next()]
            let app = db.appender()
            var ref = SeriesRef.unknown
            for s in samples { ref = try! app.append(ref, labels, t: s.t, v: s.v) }
            try! app.commit()
        }
    } setup: {
        encodeDB.set(try TSDB(directory: nil, logger: silentLogger))
        encodeLabels.set((0...20_001).map { Labels([("__name__", "node_cpu_seconds_total"), ("cpu", String($0))]) })
        encodeCounter.set(Counter())
    }

    // Decode: 1k series × 120 samples, each iteration reads all 120k samples back.
    let decodeDB = Slot<TSDB>()
    Benchmark("XOR decode: 1k chunks × 120 samples (select + iterate)", configuration: short) { benchmark in
        let db = decodeDB.get
        let m = [Matcher.equal("__name__", "node_metric_total")]
        for _ in benchmark.scaledIterations {
            let q = try! db.querier(mint: .min, maxt: .max)
            let n = drain(try! q.select(sorted: false, hints: nil, matchers: m))
            precondition(n == 120_000, "read \(n) samples")
        }
    } setup: {
        let db = try TSDB(directory: nil, logger: silentLogger)
        fill(db, labels: (0..<1000).map { Labels([("__name__", "node_metric_total"), ("id", String($0))]) },
             samplesPerSeries: 120)
        decodeDB.set(db)
    }

    // Postings: select over 100k series with matcher shapes dashboards use.
    let selectDB = Slot<TSDB>()
    let selects: [(String, [Matcher])] = [
        ("name=,job= (1k of 100k)", [.equal("__name__", "node_metric_7_total"), .equal("job", "job-3")]),
        ("name=,job=,mode= (intersection, 50)",
         [.equal("__name__", "node_metric_7_total"), .equal("job", "job-3"), .equal("mode", "user")]),
        ("name=,instance=~\"host-1.*\" (regex)",
         [.equal("__name__", "node_metric_7_total"), try! Matcher(.regexMatch, "instance", "host-1.*")]),
        ("job=,mode!=user (negation, 5k)", [.equal("job", "job-3"), .notEqual("mode", "user")]),
    ]
    for (name, matchers) in selects {
        Benchmark("Select over 100k series: \(name)", configuration: short) { benchmark in
            let db = selectDB.get
            for _ in benchmark.scaledIterations {
                let q = try! db.querier(mint: .min, maxt: .max)
                blackHole(try! q.select(sorted: true, hints: nil, matchers: matchers).count)
            }
        } setup: {
            let db = try TSDB(directory: nil, logger: silentLogger)
            fill(db, labels: manySeriesLabels(), samplesPerSeries: 1)
            selectDB.set(db)
        }
    }

    // Head append: batches of 1k samples onto 1k existing series with cached refs, as a scrape loop does.
    for withWAL in [false, true] {
        let appendDB = Slot<TSDB>()
        let appendState = Slot<AppendState>()
        Benchmark(
            "Head append: 1k-sample batch (\(withWAL ? "with WAL" : "in-memory"))",
            configuration: .init(metrics: metrics, maxDuration: .seconds(5), maxIterations: 20_000)
        ) { benchmark in
            let db = appendDB.get
            let st = appendState.get
            for _ in benchmark.scaledIterations {
                st.step()
                let app = db.appender()
                for i in 0..<st.labels.count {
                    st.refs[i] = try! app.append(st.refs[i], st.labels[i], t: st.t, v: st.value(i))
                }
                try! app.commit()
            }
        } setup: {
            let dir = withWAL ? scratchDirectory("append") : nil
            let db = try TSDB(directory: dir, logger: silentLogger)
            appendDB.set(db)
            appendState.set(AppendState(labels: (0..<1000).map {
                Labels([("__name__", "node_network_receive_bytes_total"), ("device", "eth\($0)"), ("job", "node")])
            }))
        } teardown: {
            try appendDB.get.close()
            if let dir = appendDB.get.directory { try? FileManager.default.removeItem(atPath: dir) }
        }
    }

    // WAL replay: opening a directory whose WAL holds 10k series × 100 samples (below one chunk, so all from the WAL).
    let replayDir = Slot<String>()
    Benchmark(
        "WAL replay: open 10k series × 100 samples (1M samples)",
        configuration: .init(metrics: metrics, maxDuration: .seconds(10), maxIterations: 20)
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            let db = try! TSDB(directory: replayDir.get, logger: silentLogger)
            precondition(db.stats.numSeries == 10_000, "replayed \(db.stats.numSeries) series")
            benchmark.stopMeasurement()
            try! db.close()
        }
    } setup: {
        let dir = scratchDirectory("replay")
        let db = try TSDB(directory: dir, logger: silentLogger)
        fill(db, labels: (0..<10_000).map {
            Labels([("__name__", "node_metric_\($0 % 100)"), ("instance", "host-\($0 / 100):9100"), ("job", "node")])
        }, samplesPerSeries: 100)
        try db.close()
        replayDir.set(dir)
    } teardown: {
        try? FileManager.default.removeItem(atPath: replayDir.get)
    }
}

/// Series numbers for the encode benchmark: every iteration needs a series that has no samples yet.
final class Counter: Sendable {
    private let n = Atomic<Int>(0)
    func next() -> Int { n.add(1, ordering: .relaxed).newValue }
}

/// The scrape-like state of the append benchmark: labels, cached refs and the current timestamp.
final class AppendState: @unchecked Sendable {  // used by one benchmark thread only
    let labels: [Labels]
    var refs: [SeriesRef]
    var t: Timestamp = NodeLikeSeries.start
    var counter: Double = 0
    init(labels: [Labels]) {
        self.labels = labels
        refs = [SeriesRef](repeating: .unknown, count: labels.count)
    }
    func step() {
        t += NodeLikeSeries.interval
        counter += 1234
    }
    func value(_ i: Int) -> Double { counter + Double(i) }
}
