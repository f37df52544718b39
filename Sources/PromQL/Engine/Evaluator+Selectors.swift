import PromModel

extension Evaluator {
    /// The latest sample of each series in `(t - lookback, t]`, unless it is a staleness marker.
    func selectInstant(_ vs: VectorSelector, _ ts: Timestamp) throws(PromQLError) -> [(labels: Labels, sample: Sample)] {
        let t = resolveAt(vs.at, ts) &- vs.offset
        var out: [(labels: Labels, sample: Sample)] = []
        for s in try load(vs.matchers) {
            let i = s.firstAfter(t)
            guard i > 0 else { continue }
            let smp = s.samples[i - 1]
            // Prometheus 3: the lookback window is left-open (2.x included t - lookback).
            if smp.t <= t &- options.lookbackDelta || StaleNaN.isStale(smp.v) { continue }
            out.append((s.labels, smp))
        }
        try account(out.count)
        return out
    }

    /// Samples of each series in `(t - range, t]`, staleness markers dropped; empty series omitted.
    func selectRange(_ ms: MatrixSelector, _ ts: Timestamp) throws(PromQLError) -> [MSeries] {
        let t = resolveAt(ms.selector.at, ts) &- ms.selector.offset
        var out: [MSeries] = []
        for s in try load(ms.selector.matchers) {
            if !s.histograms.isEmpty {
                if let m = try rangeWithHistograms(s, t, ms.range) { out.append(m) }
                continue
            }
            let lo = s.firstAfter(t &- ms.range), hi = s.firstAfter(t)
            guard lo < hi else { continue }
            var pts: [Sample] = []
            pts.reserveCapacity(hi - lo)
            for j in lo..<hi where !StaleNaN.isStale(s.samples[j].v) { pts.append(s.samples[j]) }
            if !pts.isEmpty {
                try account(pts.count)
                out.append(MSeries(labels: s.labels, samples: pts, source: s))
            }
        }
        return out
    }

    /// `selectRange` for float-only series, without a matrix: calls `body` with each series and its samples in
    /// `(t - range, t]` (staleness markers dropped, empty windows skipped) as a view that is valid during the call.
    func forEachWindow(_ ms: MatrixSelector, _ ts: Timestamp,
                       _ body: (LoadedSeries, SampleWindow) throws(PromQLError) -> Void) throws(PromQLError) {
        let t = resolveAt(ms.selector.at, ts) &- ms.selector.offset
        let loaded = try load(ms.selector.matchers)
        var total = 0
        // Hints only: a cursor left by another selector at the same position can cost time, never correctness.
        var cursors = selectorCursors.removeValue(forKey: ms.selector.pos) ?? []
        if cursors.count != 2 * loaded.count { cursors = Array(repeating: 0, count: 2 * loaded.count) }
        defer { selectorCursors[ms.selector.pos] = cursors }
        var pts: [Sample] = []
        for k in loaded.indices {
            let s = loaded[k]
            let lo = s.firstAfter(t &- ms.range, hint: cursors[2 * k])
            let hi = s.firstAfter(t, hint: max(lo, cursors[2 * k + 1]))
            cursors[2 * k] = lo
            cursors[2 * k + 1] = hi
            guard lo < hi else { continue }
            if s.hasStaleMarkers {
                pts.removeAll(keepingCapacity: true)
                for j in lo..<hi where !StaleNaN.isStale(s.samples[j].v) { pts.append(s.samples[j]) }
                guard !pts.isEmpty else { continue }
                total += pts.count
                try pts.withUnsafeBufferPointer { (b) throws(PromQLError) in try body(s, b) }
            } else {
                total += hi - lo
                try s.samples.withUnsafeBufferPointer { (b) throws(PromQLError) in
                    try body(s, UnsafeBufferPointer(rebasing: b[lo..<hi]))
                }
            }
        }
        try account(total)
    }

    /// Evaluates the inner expression at step-aligned times in `(t - range, t]`.
    func evalSubquery(_ sq: SubqueryExpr, _ ts: Timestamp) throws(PromQLError) -> [MSeries] {
        subqueryDepth += 1
        defer { subqueryDepth -= 1 }
        let t = resolveAt(sq.at, ts) &- sq.offset
        let stepMs = sq.step == 0 ? options.defaultSubqueryStep : sq.step
        let lowBound = t &- sq.range
        var t0 = (lowBound / stepMs) * stepMs
        if t0 <= lowBound { t0 += stepMs }
        var index: [LabelsKey: Int] = [:]
        var out: [MSeries] = []
        var cur = t0
        // Inner points sit on absolute multiples of the step, so consecutive outer steps share most
        // of them: each is evaluated once per query (Prometheus evaluates the inner range once).
        // Only range queries revisit points, and only small windows are worth keeping.
        let window = sq.range / stepMs + 1
        let useCache = step > 0 && window <= 10_000
        var cache = useCache ? (subqueryCache.removeValue(forKey: sq.pos) ?? [:]) : [:]
        defer {
            if useCache {
                if cache.count > 2 * Int(window) + 16 { cache = cache.filter { $0.key > lowBound } }
                subqueryCache[sq.pos] = cache
            }
        }
        while cur <= t {
            let v: [VSample]
            if let hit = cache[cur] {
                v = hit
            } else if case .vector(let computed) = try eval(sq.expr, cur) {
                v = computed
                if useCache { cache[cur] = computed }
            } else {
                v = []
            }
            try account(v.count)
            do {
                for s in v {
                    if let h = s.h {
                        appendSubqueryHistogram(&out, &index, s, h, cur)
                        continue
                    }
                    if let i = index[LabelsKey(s.labels)] {
                        out[i].samples.append(Sample(t: cur, v: s.v))
                    } else {
                        index[LabelsKey(s.labels)] = out.count
                        out.append(MSeries(labels: s.labels, samples: [Sample(t: cur, v: s.v)], dropName: s.dropName))
                    }
                }
            }
            let (next, overflow) = cur.addingReportingOverflow(stepMs)
            if overflow { break }
            cur = next
        }
        return out
    }
}
