import PromModel
import Storage
import Testing
import TestSupport
@testable import TSDB

/// Random operations (batches with refused samples, commits, rollbacks, compactions, clean and crash restarts,
/// queries) against a real on-disk TSDB and against a plain dictionary model; every query must agree.
struct ModelBasedTests {
    struct Model {
        var series: [Labels: [(t: Int64, bits: UInt64)]] = [:]

        func lastT(_ l: Labels) -> Int64? { series[l]?.last?.t }

        func expected(mint: Int64, maxt: Int64, _ filter: (Labels) -> Bool) -> [String: [UInt64]] {
            var out: [String: [UInt64]] = [:]
            for (l, samples) in series where filter(l) {
                let inRange = samples.filter { $0.t >= mint && $0.t <= maxt }
                if !inRange.isEmpty { out[l.description] = inRange.flatMap { [UInt64(bitPattern: $0.t), $0.bits] } }
            }
            return out
        }
    }

    /// Like Prometheus, a select may return a series whose chunks overlap the range but whose samples all fall
    /// outside it; such empty series are dropped before comparing.
    static func flatten(_ d: [String: [Sample]]) -> [String: [UInt64]] {
        d.filter { !$0.value.isEmpty }.mapValues { $0.flatMap { [UInt64(bitPattern: $0.t), $0.v.bitPattern] } }
    }

    @Test(arguments: Array(1...8) as [UInt64])
    func randomOperationsMatchTheModel(seed: UInt64) throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let options = TSDBOptions(blockDuration: 10_000, samplesPerChunk: 7, retentionDuration: 0,
                                  walSegmentSize: 32 * 1024)
        var rng = SeededRandom(seed: seed)
        var db: TSDB? = try makeDB(options, directory: tmp.path)
        var model = Model()
        let universe = (0..<30).map { Labels.metric("m\($0 % 3)", ["i": "\($0)", "g": "\($0 % 4)"]) }
        var now: Int64 = 0
        var ops: [String] = []
        for step in 0..<400 {
            now += Int64(200 + rng.next() % 600)
            let op = rng.next() % 100
            ops.append("\(step):\(op < 70 ? "app" : op < 80 ? "compact" : op < 84 ? "reopen" : op < 88 ? "crash" : op < 91 ? "delete" : "query")@\(now)")
            switch op {
            case 0..<70:
                let app = db!.appender()
                var staged: [Labels: [(t: Int64, bits: UInt64)]] = [:]
                for l in universe where rng.next() % 3 != 0 {
                    let last = staged[l]?.last?.t ?? model.lastT(l)
                    let v: Double = rng.next() % 10 == 0 ? StaleNaN.value : Double(rng.next() % 1000) / 8
                    let kind = rng.next() % 20
                    if let last, kind == 0 {
                        // Older than the last sample: refused.
                        let t = last - Int64(1 + rng.next() % 300)
                        #expect(throws: AppendError.self, "step \(step)") { try app.append(.unknown, l, t: t, v: v) }
                    } else if let last, kind == 1 {
                        // Same timestamp, different value: refused (or out of bounds for a long-dead series).
                        let prev = staged[l]?.last?.bits ?? model.series[l]!.last!.bits
                        let other = Double(bitPattern: prev) == 1 ? 2.0 : 1.0
                        #expect(throws: AppendError.self, "step \(step)") { try app.append(.unknown, l, t: last, v: other) }
                    } else {
                        let t = max(now - Int64(rng.next() % 100), (last ?? Int64.min) + 1)
                        try app.append(.unknown, l, t: t, v: v)
                        staged[l, default: []].append((t, v.bitPattern))
                    }
                }
                if rng.next() % 10 == 0 {
                    app.rollback()
                } else {
                    try app.commit()
                    for (l, s) in staged { model.series[l, default: []] += s }
                }
            case 70..<80:
                try db!.compact()
            case 80..<84:
                try db!.close()
                db = nil
                db = try makeDB(options, directory: tmp.path)
            case 84..<88:
                db = nil  // crash: nothing closed
                db = try makeDB(options, directory: tmp.path)
            case 88..<91:
                let mint = Int64(rng.next() % UInt64(now + 1))
                let maxt = mint + Int64(rng.next() % 20_000)
                let g = "\(rng.next() % 4)"
                try db!.deleteSeries(matchers: [.equal("g", g)], mint: mint, maxt: maxt)
                ops.append("  del g=\(g) [\(mint),\(maxt)]")
                for (l, samples) in model.series where l.get("g") == g {
                    model.series[l] = samples.filter { $0.t < mint || $0.t > maxt }
                }
            default:
                let mint = Int64(rng.next() % UInt64(now + 1))
                let maxt = mint + Int64(rng.next() % 40_000)
                let g = "\(rng.next() % 4)"
                let got = Self.flatten(try readAll(db!, mint: mint, maxt: maxt, [.equal("g", g)]))
                let want = model.expected(mint: mint, maxt: maxt) { $0.get("g") == g }
                #expect(got == want, "step \(step): [\(mint), \(maxt)] g=\(g)")
                if got != want {
                    for k in Set(got.keys).union(want.keys) where got[k] != want[k] {
                        let gt = (got[k] ?? []).enumerated().filter { $0.offset % 2 == 0 }.map { Int64(bitPattern: $0.element) }
                        let wt = (want[k] ?? []).enumerated().filter { $0.offset % 2 == 0 }.map { Int64(bitPattern: $0.element) }
                        print("DIFF \(k)\n got \(gt)\n want \(wt)")
                        break
                    }
                    print("OPS \(ops.filter { !$0.contains("app@") && !$0.contains("query@") })")
                    return
                }
            }
        }
        let got = Self.flatten(try readAll(db!, mint: Int64.min, maxt: Int64.max, [try Matcher(.regexMatch, "i", ".+")]))
        let want = model.expected(mint: Int64.min, maxt: Int64.max) { _ in true }
        #expect(got == want)
        for k in Set(got.keys).union(want.keys) where got[k] != want[k] {
            let gt = (got[k] ?? []).enumerated().filter { $0.offset % 2 == 0 }.map { Int64(bitPattern: $0.element) }
            let wt = (want[k] ?? []).enumerated().filter { $0.offset % 2 == 0 }.map { Int64(bitPattern: $0.element) }
            print("DIFF \(k)\n got \(gt)\n want \(wt)")
            print("OPS \(ops.filter { !$0.contains("app@") && !$0.contains("query@") })")
            break
        }
        #expect(db!.blockCount > 0)
    }
}
