import PromModel
import Storage

/// A value during evaluation at one timestamp.
enum Value {
    case vector([VSample])
    case matrix([MSeries])
    case scalar(Double)
    case string(String)
}

struct VSample {
    var labels: Labels
    /// The float value; meaningless (0) when `hbox` holds a histogram.
    var v: Double
    /// Delayed name removal: the name is still needed by label functions but goes at the end.
    var dropName = false
    /// A native histogram sample, boxed so that float samples stay small and allocation-free.
    var hbox: HistogramBox? = nil
}

struct MSeries {
    var labels: Labels
    var samples: [Sample]
    var dropName = false
    /// The stored series these are raw samples of (range selectors), for per-series caches.
    var source: LoadedSeries? = nil
    /// Native histogram samples in the window, in time order (empty for float series).
    var histograms: [HistogramSample] = []
}

/// A selected series with all its samples in the query's time range, stale markers included.
final class LoadedSeries {
    let labels: Labels
    let samples: [Sample]
    /// Native histogram samples, separate so that float-only series pay nothing for them.
    let histograms: [HistogramSample]
    /// `labels` without the metric name, computed once per query rather than once per step.
    private(set) lazy var labelsWithoutName: Labels = labels.droppingName()
    /// Whether any sample is a staleness marker (range windows must then be filtered).
    private(set) lazy var hasStaleMarkers: Bool = samples.contains { StaleNaN.isStale($0.v) }
    /// The metric name when it does not look like a counter's (rate/increase annotate it), else nil.
    private(set) lazy var nonCounterName: String? = notACounterName(labels.metricName)

    init(labels: Labels, samples: [Sample], histograms: [HistogramSample] = []) {
        self.labels = labels
        self.samples = samples
        self.histograms = histograms
    }

    /// Index of the first sample with `t > bound`, searching from `hint` when the answer cannot lie before it:
    /// consecutive steps of a range query move forward by a sample or two, which a binary search over the
    /// whole series would turn into a dozen cache misses.
    @inline(__always)
    func firstAfter(_ bound: Timestamp, hint: Int) -> Int {
        guard hint <= samples.count, hint == 0 || samples[hint - 1].t <= bound else { return firstAfter(bound) }
        var i = hint
        let end = min(samples.count, hint + 8)
        while i < end {
            if samples[i].t > bound { return i }
            i += 1
        }
        return firstAfter(bound, from: i)
    }

    /// Index of the first sample with `t > bound`, at or after `from`.
    func firstAfter(_ bound: Timestamp, from: Int = 0) -> Int {
        var lo = from, hi = samples.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if samples[mid].t <= bound { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

/// Deduplicated, ordered annotation messages.
struct Annotations {
    var warnings: [String] = []
    var infos: [String] = []
    mutating func warn(_ s: String) {
        let m = "PromQL warning: " + s
        if !warnings.contains(m) { warnings.append(m) }
    }
    mutating func info(_ s: String) {
        let m = "PromQL info: " + s
        if !infos.contains(m) { infos.append(m) }
    }
}

/// Evaluates one query. Range queries are evaluated step by step, each step as an instant query,
/// over series loaded once for the whole query range: simple and exactly Prometheus's semantics.
/// Used by one task only.
final class Evaluator {
    let options: EngineOptions
    let start: Timestamp
    let end: Timestamp
    let step: Int64
    let deadline: ContinuousClock.Instant
    var querier: (any Querier)?
    var cache: [[Matcher]: [LoadedSeries]] = [:]
    /// Whether the series of a selector include native histograms (see `selectsHistograms`).
    var histogramSelectors: [[Matcher]: Bool] = [:]
    var annotations = Annotations()
    var mint: Timestamp = .max
    var maxt: Timestamp = .min
    var checks = 0
    /// Samples loaded by selectors for the current top-level step (Prometheus's max-samples limit).
    var stepSamples = 0
    var query = ""
    /// Inner results of each subquery (keyed by its position in the query) by evaluation time.
    var subqueryCache: [PosRange: [Timestamp: [VSample]]] = [:]
    /// Group assignments of each aggregation, reused from step to step.
    var aggregationCache: [AggregationKey: AggregationGroups] = [:]
    /// Per selector (by position): each loaded series' window bounds at the last step, as search hints.
    var selectorCursors: [PosRange: [Int]] = [:]
    /// Range functions over selectors computed ahead for runs of steps (see `RangeFunctionBlock`).
    var rangeBlocks: [RangeBlockKey: RangeFunctionBlock] = [:]
    /// The range query's step being evaluated, and how many subqueries the evaluation is inside.
    var outerStep: Timestamp = .min
    var subqueryDepth = 0

    init(options: EngineOptions, start: Timestamp, end: Timestamp, step: Int64) {
        self.options = options
        self.start = start
        self.end = end
        self.step = step
        self.deadline = ContinuousClock.now.advanced(by: options.timeout)
    }

    // MARK: setup

    func open(_ expr: Expr, queryable: any Queryable) throws(PromQLError) {
        extendRange(expr, start, end)
        guard mint <= maxt else { return }  // no selectors at all
        do {
            querier = try queryable.querier(mint: mint, maxt: maxt)
        } catch {
            throw PromQLError(.execution, error.message)
        }
    }

    func resolveAt(_ at: AtModifier?, _ ts: Timestamp) -> Timestamp {
        switch at {
        case .none: return ts
        case .start: return start
        case .end: return end
        case .timestamp(let t): return t
        }
    }

    /// Widens `[mint, maxt]` to cover every sample `e` can read when evaluated over `[s, e]`.
    func extendRange(_ e: Expr, _ s: Timestamp, _ en: Timestamp) {
        func cover(_ lo: Timestamp, _ hi: Timestamp) {
            mint = min(mint, lo)
            maxt = max(maxt, hi)
        }
        switch e {
        case .number, .string: break
        case .vectorSelector(let vs):
            let a = vs.at == nil ? s : resolveAt(vs.at, s), b = vs.at == nil ? en : resolveAt(vs.at, en)
            cover(a &- vs.offset &- options.lookbackDelta, b &- vs.offset)
        case .matrixSelector(let ms):
            let vs = ms.selector
            let a = vs.at == nil ? s : resolveAt(vs.at, s), b = vs.at == nil ? en : resolveAt(vs.at, en)
            cover(a &- vs.offset &- ms.range, b &- vs.offset)
        case .subquery(let sq):
            let a = sq.at == nil ? s : resolveAt(sq.at, s), b = sq.at == nil ? en : resolveAt(sq.at, en)
            extendRange(sq.expr, a &- sq.offset &- sq.range, b &- sq.offset)
        case .call(let c):
            for a in c.args { extendRange(a, s, en) }
            if c.function.name == "info" { cover(s &- options.lookbackDelta, en) }
        case .aggregate(let a):
            extendRange(a.expr, s, en)
            if let p = a.param { extendRange(p, s, en) }
        case .binary(let b):
            extendRange(b.lhs, s, en)
            extendRange(b.rhs, s, en)
        case .unary(let u): extendRange(u.expr, s, en)
        case .paren(let p): extendRange(p.expr, s, en)
        }
    }

    /// Series matching `matchers`, loaded once per query.
    func load(_ matchers: [Matcher]) throws(PromQLError) -> [LoadedSeries] {
        if let c = cache[matchers] { return c }
        guard let querier else { return [] }
        let set: [any Series]
        do {
            set = try querier.select(sorted: true, hints: SelectHints(start: mint, end: maxt), matchers: matchers)
        } catch {
            throw PromQLError(.execution, error.message)
        }
        var out: [LoadedSeries] = []
        out.reserveCapacity(set.count)
        for s in set {
            var it = s.makeIterator()
            var samples: [Sample] = []
            var histograms: [HistogramSample] = []
            var k = it.seek(mint)
            while k != .none {
                if k == .float {
                    let smp = it.at()
                    if smp.t > maxt { break }
                    samples.append(smp)
                } else if let hs = it.atFloatHistogram() {
                    if hs.t > maxt { break }
                    // A histogram stale marker (as Prometheus's storage writes them) ends the series like a float
                    // one: the float paths already know staleness.
                    if hs.h.sum.bitPattern == StaleNaN.bits {
                        samples.append(Sample(t: hs.t, v: hs.h.sum))
                    } else {
                        histograms.append(hs)
                    }
                }
                k = it.next()
            }
            out.append(LoadedSeries(labels: s.labels, samples: samples, histograms: histograms))
        }
        cache[matchers] = out
        return out
    }

    func checkLimits() throws(PromQLError) {
        checks += 1
        if checks & 63 != 0 { return }
        if Task.isCancelled { throw PromQLError(.canceled, "query was canceled in query execution") }
        if ContinuousClock.now > deadline { throw PromQLError(.timeout, "query timed out in query execution") }
    }

    // MARK: results

    /// Counts samples a selector brings into memory and enforces `maxSamples`.
    func account(_ n: Int) throws(PromQLError) {
        stepSamples += n
        try checkSamples(stepSamples)
    }

    func instantValue(_ expr: Expr) throws(PromQLError) -> QueryValue {
        switch try eval(expr, start) {
        case .vector(let v0):
            let v = try cleanupNames(v0)
            try checkSamples(v.count)
            return .vector(v.map { VectorSample(labels: $0.labels, t: start, v: $0.v, h: $0.h) })
        case .matrix(let m0):
            var m = m0
            for i in m.indices where m[i].dropName { m[i].labels = m[i].labels.droppingName() }
            try checkSamples(m.reduce(0) { $0 + $1.samples.count + $1.histograms.count })
            return .matrix(m.map { RangeSeries(labels: $0.labels, samples: $0.samples, histograms: $0.histograms) })
        case .scalar(let v): return .scalar(start, v)
        case .string(let s): return .string(start, s)
        }
    }

    /// A sample whose metric name an operation removes: now, or at the end with delayed name removal.
    func dropped(_ labels: Labels, v: Double) -> VSample {
        if options.enableDelayedNameRemoval { return VSample(labels: labels, v: v, dropName: true) }
        return VSample(labels: labels.droppingName(), v: v)
    }

    /// The end of delayed name removal: drop flagged names, then refuse duplicate label sets.
    func cleanupNames(_ v: [VSample]) throws(PromQLError) -> [VSample] {
        guard options.enableDelayedNameRemoval, v.contains(where: \.dropName) else { return v }
        var out = v
        var seen = Set<LabelsKey>()
        for i in out.indices {
            if out[i].dropName {
                out[i].labels = out[i].labels.droppingName()
                out[i].dropName = false
            }
            if !seen.insert(LabelsKey(out[i].labels)).inserted {
                throw PromQLError(.execution, "vector cannot contain metrics with the same labelset")
            }
        }
        return out
    }

    func checkSamples(_ n: Int) throws(PromQLError) {
        if n > options.maxSamples {
            throw PromQLError(.execution, "query processing would load too many samples into memory in query execution")
        }
    }

    /// Steps through the range; yields to other tasks between steps so a long query does not hold
    /// a cooperative thread.
    func rangeValue(_ expr: Expr) async throws(PromQLError) -> QueryValue {
        var index: [LabelsKey: Int] = [:]
        var series: [RangeSeries] = []
        var total = 0
        var ts = start
        var lastOrder: [Int] = [], order: [Int] = []
        var stepCount = 0
        while ts <= end {
            stepCount += 1
            if stepCount & 15 == 0 { await Task.yield() }
            swap(&lastOrder, &order)
            order.removeAll(keepingCapacity: true)
            try checkLimits()
            stepSamples = total
            outerStep = ts
            switch try eval(expr, ts) {
            case .vector(let v0):
                let v = try cleanupNames(v0)
                for (pos, s) in v.enumerated() {
                    if let h = s.h {
                        appendHistogram(&series, &index, &order, s.labels, HistogramSample(t: ts, h: h))
                        continue
                    }
                    // Fast path: the same series at the same position as at the previous step.
                    if pos < lastOrder.count, fastEqual(series[lastOrder[pos]].labels, s.labels) {
                        series[lastOrder[pos]].samples.append(Sample(t: ts, v: s.v))
                        order.append(lastOrder[pos])
                    } else if let i = index[LabelsKey(s.labels)] {
                        series[i].samples.append(Sample(t: ts, v: s.v))
                        order.append(i)
                    } else {
                        order.append(series.count)
                        index[LabelsKey(s.labels)] = series.count
                        series.append(RangeSeries(labels: s.labels, samples: [Sample(t: ts, v: s.v)]))
                    }
                }
                total += v.count
            case .scalar(let v):
                if series.isEmpty { series.append(RangeSeries(labels: .empty, samples: [])) }
                series[0].samples.append(Sample(t: ts, v: v))
                total += 1
            default:
                throw PromQLError(.execution, "unexpected range query result")
            }
            try checkSamples(total)
            let (next, overflow) = ts.addingReportingOverflow(step)
            if overflow { break }
            ts = next
        }
        series.sort { $0.labels < $1.labels }
        return .matrix(series)
    }

    // MARK: evaluation

    func eval(_ e: Expr, _ ts: Timestamp) throws(PromQLError) -> Value {
        try checkLimits()
        switch e {
        case .number(let n): return .scalar(n.value)
        case .string(let s): return .string(s.value)
        case .paren(let p): return try eval(p.expr, ts)
        case .unary(let u):
            let v = try eval(u.expr, ts)
            guard u.negate else { return v }
            switch v {
            case .scalar(let x): return .scalar(-x)
            case .vector(let vec):
                return .vector(vec.map { s in
                    guard var h = s.h else { return dropped(s.labels, v: -s.v) }
                    h.scale(by: -1)
                    return droppedH(s.labels, h)
                })
            default: return v
            }
        case .vectorSelector(let vs):
            if try selectsHistograms(vs.matchers) { return .vector(try selectInstantWithHistograms(vs, ts)) }
            return .vector(try selectInstant(vs, ts).map { VSample(labels: $0.labels, v: $0.sample.v) })
        case .matrixSelector(let ms):
            return .matrix(try selectRange(ms, ts))
        case .subquery(let sq):
            return .matrix(try evalSubquery(sq, ts))
        case .call(let c):
            return try evalCall(c, ts)
        case .aggregate(let a):
            return try evalAggregate(a, ts)
        case .binary(let b):
            return try evalBinary(b, ts)
        }
    }
}

extension Labels {
    /// Labels without the metric name and its companions `__type__` and `__unit__` (Prometheus 3.6
    /// type-and-unit labels), as every name-dropping operation removes them together.
    func droppingName() -> Labels {
        guard contains(where: { isNameLabel($0.name) }) else { return self }
        return Labels(sortedUnchecked: filter { !isNameLabel($0.name) })
    }
}

/// `name` when it is a metric name that does not end like a counter's (`_total`, `_sum`, `_count`, `_bucket`),
/// else nil.
func notACounterName(_ name: String) -> String? {
    if name.isEmpty || name.hasSuffix("_total") || name.hasSuffix("_sum") || name.hasSuffix("_count")
        || name.hasSuffix("_bucket") {
        return nil
    }
    return name
}

@inline(__always) func isNameLabel(_ n: String) -> Bool {
    n == "__name__" || n == "__type__" || n == "__unit__"
}
