import PromModel

/// Which range function over which selector a block of results belongs to.
struct RangeBlockKey: Hashable {
    let pos: PosRange
    let function: String
    let matchers: [Matcher]
    let range: Int64
    let offset: Int64
    let at: AtModifier?
}

/// Results of a range function over a float-only selector for a run of consecutive steps of a range query,
/// computed series by series.
///
/// Step by step, every step touches one window of every series, and with thousands of series each of those is
/// a cache miss; series by series over a run of steps, a series' windows are neighbours in memory. Prometheus
/// evaluates such calls series by series over the whole range; a run of `width` steps keeps the memory at
/// `width` values per series instead of one per step.
final class RangeFunctionBlock {
    static let width = 64

    var firstT: Timestamp = 0
    var steps = 0
    var series: [LoadedSeries] = []
    /// The labels each series' results carry (name dropped or kept, as the function and options say).
    var labels: [Labels] = []
    /// Whether `labels` still hold names that delayed name removal drops at the end.
    var dropName = false
    /// `values[k * width + j]`: series k at step j, meaningful where bit j of `present[k]` is set.
    var values: [Double] = []
    var present: [UInt64] = []
    /// Samples the windows of each step held (the max-samples limit is applied as the step is read).
    var samplesPerStep: [Int] = []

    func covers(_ ts: Timestamp, step: Int64) -> Bool {
        guard steps > 0, ts >= firstT else { return false }
        let d = ts - firstT
        return d % step == 0 && d / step < Int64(steps)
    }
}

extension Evaluator {
    /// Range functions whose only argument is the range vector: their value at a step depends on the window
    /// alone, so steps can be computed ahead.
    static let blockFunctions: Set<String> = [
        "rate", "irate", "increase", "delta", "idelta", "deriv", "changes", "resets",
        "avg_over_time", "min_over_time", "max_over_time", "sum_over_time", "count_over_time",
        "stddev_over_time", "stdvar_over_time", "last_over_time", "present_over_time",
        "mad_over_time", "ts_of_min_over_time", "ts_of_max_over_time", "ts_of_last_over_time",
        "first_over_time", "ts_of_first_over_time",
    ]

    /// Whether this call, evaluated at `ts`, can be read from (and fill) a block: a step of the range query
    /// itself, outside subqueries, so that the steps computed ahead are ones the query evaluates anyway.
    func usesRangeBlock(_ c: Call, _ ts: Timestamp) -> Bool {
        step > 0 && subqueryDepth == 0 && ts == outerStep && c.args.count == 1
            && Evaluator.blockFunctions.contains(c.function.name)
    }

    /// The call's value at `ts` from its block, computing the next block when `ts` is past the last one.
    func rangeFunctionFromBlock(_ c: Call, _ ms: MatrixSelector, _ ts: Timestamp) throws(PromQLError) -> Value {
        let name = c.function.name
        let key = RangeBlockKey(pos: c.pos, function: name, matchers: ms.selector.matchers, range: ms.range,
                                offset: ms.selector.offset, at: ms.selector.at)
        let block = rangeBlocks[key] ?? RangeFunctionBlock()
        rangeBlocks[key] = block
        if !block.covers(ts, step: step) { try fill(block, name, ms, from: ts) }
        let j = Int((ts - block.firstT) / step)
        try account(block.samplesPerStep[j])
        let bit = UInt64(1) << UInt64(j)
        let width = RangeFunctionBlock.width
        let dropName = block.dropName
        var out: [VSample] = []
        out.reserveCapacity(block.series.count)
        block.present.withUnsafeBufferPointer { present in
            block.values.withUnsafeBufferPointer { values in
                block.labels.withUnsafeBufferPointer { labels in
                    for k in present.indices where present[k] & bit != 0 {
                        out.append(VSample(labels: labels[k], v: values[k * width + j], dropName: dropName))
                    }
                }
            }
        }
        // Series of one selector with a fixed metric name stay distinct without it.
        if ms.selector.fixedName != nil { return .vector(out) }
        return .vector(try unique(out))
    }

    private func fill(_ block: RangeFunctionBlock, _ name: String, _ ms: MatrixSelector, from ts: Timestamp) throws(PromQLError) {
        let width = RangeFunctionBlock.width
        let loaded = try load(ms.selector.matchers)
        let steps = Int(min(Int64(width - 1), (end - ts) / step)) + 1
        var values = [Double](repeating: 0, count: loaded.count * width)
        var present = [UInt64](repeating: 0, count: loaded.count)
        var samplesPerStep = [Int](repeating: 0, count: steps)
        let counterCheck = name == "rate" || name == "increase"
        let rangeSeconds = Double(ms.range) / 1000
        var pts: [Sample] = []
        for k in loaded.indices {
            try checkLimits()
            let s = loaded[k]
            var lo = 0, hi = 0
            var mask: UInt64 = 0
            var anyWindow = false
            s.samples.withUnsafeBufferPointer { buf in
                for j in 0..<steps {
                    let evalTime = ts + Int64(j) * step
                    let t = resolveAt(ms.selector.at, evalTime) &- ms.selector.offset
                    lo = s.firstAfter(t &- ms.range, hint: lo)
                    hi = s.firstAfter(t, hint: max(lo, hi))
                    guard lo < hi else { continue }
                    let result: Double?
                    if s.hasStaleMarkers {
                        pts.removeAll(keepingCapacity: true)
                        for i in lo..<hi where !StaleNaN.isStale(buf[i].v) { pts.append(buf[i]) }
                        if pts.isEmpty { continue }
                        samplesPerStep[j] += pts.count
                        result = pts.withUnsafeBufferPointer { w in
                            rangeFunction(name, RangeWindow(samples: w, start: t - ms.range, end: t,
                                                            rangeSeconds: rangeSeconds, evalTime: evalTime), [])
                        }
                    } else {
                        samplesPerStep[j] += hi - lo
                        result = rangeFunction(name, RangeWindow(samples: UnsafeBufferPointer(rebasing: buf[lo..<hi]),
                                                                 start: t - ms.range, end: t,
                                                                 rangeSeconds: rangeSeconds, evalTime: evalTime), [])
                    }
                    anyWindow = true
                    if let v = result {
                        values[k * width + j] = v
                        mask |= UInt64(1) << UInt64(j)
                    }
                }
            }
            present[k] = mask
            if counterCheck && anyWindow, let mn = s.nonCounterName { annotateNotACounter(mn, ms.pos) }
        }
        block.firstT = ts
        block.steps = steps
        block.series = loaded
        let keepName = name == "last_over_time" || name == "first_over_time"
        block.labels = loaded.map { resultLabels($0, keepName: keepName).labels }
        // The same for every series: whether the names go at the end (delayed name removal).
        block.dropName = loaded.first.map { resultLabels($0, keepName: keepName).dropName } ?? false
        block.values = values
        block.present = present
        block.samplesPerStep = samplesPerStep
    }
}
