import Foundation
import Logging
import PromModel
import Storage
import Synchronization
import TSDB

/// Holds a fixture built by a benchmark's setup hook, so that building it stays out of the measurement.
final class Slot<T: Sendable>: Sendable {
    private let value = Mutex<T?>(nil)
    func set(_ v: T) { value.withLock { $0 = v } }
    var get: T {
        guard let v = value.withLock({ $0 }) else { fatalError("fixture used before its setup hook ran") }
        return v
    }
}

/// A deterministic generator (no Foundation random: the same data on every run).
struct LCG {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state >> 33
    }
    /// A double in [0, 1).
    mutating func unit() -> Double { Double(next() & 0xFFFFFF) / Double(0x1000000) }
}

/// node_exporter-like values: counters that grow by a jittery amount per 15s scrape, gauges that wander around a
/// level, all with realistic precision; timestamps 15s apart with a few ms of jitter as real scrapes have.
struct NodeLikeSeries {
    static let start: Timestamp = 1_700_000_000_000
    static let interval: Int64 = 15_000

    /// `count` samples of series number `i`: even series are counters, odd series gauges.
    static func samples(series i: Int, count: Int, interval: Int64 = interval) -> [Sample] {
        var rng = LCG(state: UInt64(i) &+ 1)
        var out: [Sample] = []
        out.reserveCapacity(count)
        var v = Double(rng.next() % 1_000_000) / 100
        for k in 0..<count {
            let t = start + Int64(k) * interval + Int64(rng.next() % 5)
            if i % 2 == 0 {
                v += (Double(rng.next() % 3000) / 100).rounded(.down)  // e.g. cpu seconds ×100, bytes
            } else {
                v = (8_000_000_000 + Double(rng.next() % 50_000) * 4096)  // memory bytes, page granular
            }
            out.append(Sample(t: t, v: v))
        }
        return out
    }
}

let silentLogger = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })

/// A fresh scratch directory under the system temp dir.
func scratchDirectory(_ name: String) -> String {
    let path = NSTemporaryDirectory() + "sextant-bench-\(name)-\(getpid())"
    try? FileManager.default.removeItem(atPath: path)
    return path
}

/// Appends `samples[k]` for every series at step k, one commit per step, as scrapes would.
func fill(_ db: TSDB, labels: [Labels], samplesPerSeries: Int, interval: Int64 = NodeLikeSeries.interval) {
    let data = labels.indices.map { NodeLikeSeries.samples(series: $0, count: samplesPerSeries, interval: interval) }
    var refs = [SeriesRef](repeating: .unknown, count: labels.count)
    do {
        for k in 0..<samplesPerSeries {
            let app = db.appender()
            for i in labels.indices {
                refs[i] = try app.append(refs[i], labels[i], t: data[i][k].t, v: data[i][k].v)
            }
            try app.commit()
        }
    } catch {
        fatalError("filling the fixture failed: \(error)")
    }
}
