import PromModel
import Storage
import Testing
@testable import PromQL

/// A range query must give, at every step, exactly what an instant query at that time gives. Range queries
/// take shortcuts an instant query does not (range functions computed ahead in runs of steps, series by
/// series; aggregation groups and window positions carried from step to step), so this compares the two on
/// irregular data: counter resets, gaps longer than the lookback, staleness markers, a series that starts late
/// and one that ends early, over more steps than one run holds.
struct RangeStepEquivalenceTests {
    static func storage() -> MemoryStorage {
        let st = MemoryStorage()
        var rng = SplitMix64(state: 42)
        for i in 0..<24 {
            let job = "j\(i % 3)", instance = "i\(i)"
            var samples: [Sample] = []
            var t: Timestamp = Timestamp(rng.below(30_000))
            var counter = 0.0
            // Series 5 starts an hour in, series 6 ends after two hours.
            if i == 5 { t += 3_600_000 }
            let stop: Timestamp = i == 6 ? 7_200_000 : 14_400_000
            while t < stop {
                switch rng.below(100) {
                case 0: counter = 0  // counter reset
                case 1: t += 600_000  // a gap longer than the lookback
                case 2 where i % 4 == 0: samples.append(Sample(t: t, v: StaleNaN.value))
                default: counter += Double(rng.below(1000)) / 10
                }
                if samples.last.map({ !StaleNaN.isStale($0.v) || $0.t < t }) ?? true {
                    samples.append(Sample(t: t, v: i % 2 == 0 ? counter : Double(rng.below(500)) - 250))
                }
                t += 15_000 + Timestamp(rng.below(10_000))
            }
            let name = i % 2 == 0 ? "requests_total" : "temperature"
            st.add(Labels(["__name__": name, "job": job, "instance": instance]), samples)
        }
        return st
    }

    static let queries = [
        "rate(requests_total[5m])",
        "sum by (job) (rate(requests_total[5m]))",
        "increase(requests_total[10m] offset 3m)",
        "delta(temperature[5m])",
        "irate(requests_total[2m])",
        "idelta(temperature[2m])",
        "deriv(temperature[10m])",
        "changes(temperature[15m])",
        "resets(requests_total[30m])",
        "avg_over_time(temperature[5m])",
        "min_over_time(temperature[5m])",
        "max_over_time(temperature[7m])",
        "sum_over_time(temperature[5m])",
        "count_over_time({__name__=~\"requests_total|temperature\"}[5m])",
        "stddev_over_time(temperature[10m])",
        "last_over_time(temperature[3m])",
        "first_over_time(temperature[3m])",
        "present_over_time(temperature[1m])",
        "mad_over_time(temperature[10m])",
        "ts_of_max_over_time(temperature[10m])",
        "rate(requests_total[5m] @ 5000)",
        "rate(temperature[5m])",
        "avg without (instance) (rate(requests_total[5m]))",
        "min by (job) (temperature)",
        "max by (job) (max_over_time(temperature[5m]))",
        "count by (job) (temperature)",
        "quantile by (job) (0.9, temperature)",
        "stddev(temperature)",
        "group by (job) (requests_total)",
        "sum(rate(requests_total[5m])) / sum(rate(requests_total[10m]))",
        "max_over_time(rate(requests_total[5m])[10m:1m])",
        "topk(3, rate(requests_total[5m]))",
    ]

    @Test(arguments: queries)
    func rangeStepsEqualInstantQueries(_ q: String) async throws {
        let st = Self.storage()
        let engine = Engine(options: {
            var o = EngineOptions()
            o.enableExperimentalFunctions = true
            return o
        }())
        let start: Timestamp = 60_000, end: Timestamp = 14_400_000, step: Int64 = 45_000
        let range = try await engine.rangeQuery(q, start: start, end: end, step: step, queryable: st)
        guard case .matrix(let matrix) = range.value else {
            Issue.record("not a matrix")
            return
        }
        // Labels → time → value, from the range query.
        var got: [String: [Timestamp: Double]] = [:]
        for s in matrix {
            for p in s.samples { got[s.labels.description, default: [:]][p.t] = p.v }
        }
        var want: [String: [Timestamp: Double]] = [:]
        var infos = Set<String>(), warnings = Set<String>()
        var ts = start
        while ts <= end {
            let r = try await engine.instantQuery(q, at: ts, queryable: st)
            infos.formUnion(r.infos)
            warnings.formUnion(r.warnings)
            switch r.value {
            case .vector(let v): for s in v { want[s.labels.description, default: [:]][ts] = s.v }
            case .scalar(_, let v): want["{}", default: [:]][ts] = v
            default: Issue.record("unexpected instant result")
            }
            ts += step
        }
        #expect(Set(got.keys) == Set(want.keys), "\(q): series differ")
        var points = 0
        for (labels, values) in want {
            let other = got[labels] ?? [:]
            #expect(Set(values.keys) == Set(other.keys), "\(q): steps of \(labels) differ")
            for (t, v) in values {
                guard let o = other[t] else { continue }
                points += 1
                #expect(v.bitPattern == o.bitPattern || (v.isNaN && o.isNaN), "\(q) \(labels) at \(t): instant \(v), range \(o)")
            }
        }
        #expect(points > 100, "\(q): too few points to compare (\(points))")
        #expect(Set(range.infos) == infos, "\(q): infos differ")
        #expect(Set(range.warnings) == warnings, "\(q): warnings differ")
    }
}
