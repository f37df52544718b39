import PromModel
import Storage

/// A function result that is either a float or a native histogram.
enum SampleValue {
    case float(Double)
    case histogram(FloatHistogram)
}

extension Evaluator {
    /// Range functions over a window that holds native histograms (and possibly floats).
    /// nil: no result for this series.
    func histogramRangeFunction(_ name: String, _ s: MSeries, _ w: RangeWindow, _ scalars: [Double]) -> SampleValue? {
        let hs = s.histograms
        let fs = w.samples
        let metric = s.labels.metricName
        func mixed() -> SampleValue? {
            annotations.warn("encountered a mix of histograms and floats for metric name \(goQuote(metric))")
            return nil
        }
        switch name {
        case "rate", "increase", "delta":
            if !fs.isEmpty { return mixed() }
            guard hs.count >= 2 else { return nil }
            return histogramRate(hs, w, isCounter: name != "delta", isRate: name == "rate", metric: metric).map { .histogram($0) }
        case "irate", "idelta":
            // The last two samples, whatever their kind.
            let lastIsFloat = fs.last.map { $0.t > hs[hs.count - 1].t } ?? false
            if lastIsFloat {
                if fs.count >= 2 && (hs.last!.t < fs[fs.count - 2].t) { return rangeFunction(name, w, scalars).map { .float($0) } }
                return mixed()
            }
            if let f = fs.last, hs.count < 2 || f.t > hs[hs.count - 2].t { return hs.count + fs.count >= 2 ? mixed() : nil }
            guard hs.count >= 2 else { return nil }
            let last = hs[hs.count - 1], prev = hs[hs.count - 2]
            let gauges = (last.h.counterResetHint == .gauge, prev.h.counterResetHint == .gauge)
            if gauges.0 != gauges.1 {
                annotations.warn("this native histogram metric is a mix of gauge and counter: \(goQuote(metric))")
            } else if name == "irate" && gauges.0 {
                annotations.warn("this native histogram metric is not a counter: \(goQuote(metric))")
            }
            var r = last.h
            if name == "idelta" || !last.h.detectReset(previous: prev.h) {
                guard subtract(&r, prev.h, metric) else { return nil }
            }
            if name == "irate" {
                let dt = Double(last.t - prev.t) / 1000
                if dt == 0 { return nil }
                r.divide(by: dt)
            }
            r.counterResetHint = .gauge
            r.compact()
            return .histogram(r)
        case "resets", "changes":
            return .float(countTransitions(fs, hs, resets: name == "resets"))
        case "sum_over_time", "avg_over_time":
            if !fs.isEmpty { return mixed() }
            var acc = hs[0].h
            for p in hs.dropFirst() {
                do {
                    try acc.add(p.h)
                } catch {
                    warnCombine(error, metric: metric)
                    return nil
                }
            }
            if name == "avg_over_time" { acc.divide(by: Double(hs.count)) }
            acc.compact()
            return .histogram(acc)
        case "count_over_time": return .float(Double(fs.count + hs.count))
        case "present_over_time": return .float(1)
        case "last_over_time", "ts_of_last_over_time":
            let h = hs[hs.count - 1]
            if let f = fs.last, f.t > h.t { return .float(name == "last_over_time" ? f.v : Double(f.t) / 1000) }
            return name == "last_over_time" ? .histogram(h.h) : .float(Double(h.t) / 1000)
        case "first_over_time", "ts_of_first_over_time":
            let h = hs[0]
            if let f = fs.first, f.t < h.t { return .float(name == "first_over_time" ? f.v : Double(f.t) / 1000) }
            return name == "first_over_time" ? .histogram(h.h) : .float(Double(h.t) / 1000)
        default:
            // Float-only functions ignore histogram samples.
            guard !fs.isEmpty else { return nil }
            annotations.info("ignored histograms in a range containing both floats and histograms for metric name \(goQuote(metric))")
            return rangeFunction(name, w, scalars).map { .float($0) }
        }
    }

    /// `a - b` with Prometheus's annotation when the schemas cannot be combined; false then.
    func subtract(_ a: inout FloatHistogram, _ b: FloatHistogram, _ metric: String) -> Bool {
        do {
            try a.subtract(b)
            return true
        } catch {
            warnCombine(error, metric: metric)
            return false
        }
    }

    /// rate/increase/delta of histograms: last minus first, plus the value before every counter
    /// reset, extrapolated like floats (without the zero-count limit).
    func histogramRate(_ hs: [HistogramSample], _ w: RangeWindow, isCounter: Bool, isRate: Bool, metric: String) -> FloatHistogram? {
        let first = hs[0], last = hs[hs.count - 1]
        if isCounter && hs.contains(where: { $0.h.counterResetHint == .gauge }) {
            annotations.warn("this native histogram metric is not a counter: \(goQuote(metric))")
        }
        if !isCounter && hs.contains(where: { $0.h.counterResetHint != .gauge }) {
            annotations.warn("this native histogram metric is not a gauge: \(goQuote(metric))")
        }
        // Every point but the first must be combinable with the last. A first point that is not
        // (other bucket layout) marks a counter reset at the window start: counting starts at zero.
        func compatible(_ a: FloatHistogram, _ b: FloatHistogram) -> Bool {
            a.usesCustomBuckets == b.usesCustomBuckets && (!a.usesCustomBuckets || a.customValues == b.customValues)
        }
        for p in hs.dropFirst() where !compatible(p.h, last.h) {
            warnCombine(p.h.usesCustomBuckets != last.h.usesCustomBuckets ? .mixedSchemas : .incompatibleCustomBuckets,
                        metric: metric)
            return nil
        }
        let restart = !compatible(first.h, last.h)
        if restart && !isCounter {
            warnCombine(first.h.usesCustomBuckets != last.h.usesCustomBuckets ? .mixedSchemas : .incompatibleCustomBuckets,
                        metric: metric)
            return nil
        }
        let used = restart ? hs.dropFirst() : hs[...]
        var r = last.h
        r.reduceResolution(to: used.map(\.h.schema).min() ?? r.schema)
        if !restart {
            guard subtract(&r, first.h, metric) else { return nil }
        }
        if isCounter {
            for i in (used.startIndex + 1)..<hs.count where hs[i].h.detectReset(previous: hs[i - 1].h) {
                do {
                    try r.add(hs[i - 1].h)
                } catch {
                    warnCombine(error, metric: metric)
                    return nil
                }
            }
        }
        r.counterResetHint = .gauge
        let firstT = first.t, lastT = last.t
        var durationToStart = Double(firstT - w.start) / 1000
        var durationToEnd = Double(w.end - lastT) / 1000
        let sampled = Double(lastT - firstT) / 1000
        let avgBetween = sampled / Double(hs.count - 1)
        let threshold = avgBetween * 1.1
        if durationToStart >= threshold { durationToStart = avgBetween / 2 }
        if durationToEnd >= threshold { durationToEnd = avgBetween / 2 }
        var factor = (sampled + durationToStart + durationToEnd) / sampled
        if isRate { factor /= w.rangeSeconds }
        r.scale(by: factor)
        r.compact()
        return r
    }

    /// `resets` / `changes` over floats and histograms in time order; a switch between a float
    /// and a histogram counts as both.
    func countTransitions(_ fs: SampleWindow, _ hs: [HistogramSample], resets: Bool) -> Double {
        var n = 0.0
        var fi = 0, hi = 0
        var prevF: Double? = nil
        var prevH: FloatHistogram? = nil
        while fi < fs.count || hi < hs.count {
            if hi >= hs.count || (fi < fs.count && fs[fi].t < hs[hi].t) {
                let v = fs[fi].v
                if let p = prevF {
                    if resets ? v < p : (v != p && !(v.isNaN && p.isNaN)) { n += 1 }
                } else if prevH != nil {
                    n += 1
                }
                prevF = v
                prevH = nil
                fi += 1
            } else {
                let h = hs[hi].h
                if let p = prevH {
                    // A switch between counter and gauge histograms is a reset too.
                    let reset = h.detectReset(previous: p) || (h.counterResetHint == .gauge) != (p.counterResetHint == .gauge)
                    if resets ? reset : !h.sameValue(as: p) { n += 1 }
                } else if prevF != nil {
                    n += 1
                }
                prevH = h
                prevF = nil
                hi += 1
            }
        }
        return n
    }

    /// A result value as a sample with `labels`.
    func sample(_ labels: Labels, _ v: SampleValue, dropName: Bool) -> VSample {
        switch v {
        case .float(let x): return VSample(labels: labels, v: x, dropName: dropName)
        case .histogram(let h): return VSample(labels: labels, h: h, dropName: dropName)
        }
    }
}

extension FloatHistogram {
    /// Equality of the distribution (compacted buckets, count, sum, zero bucket, schema), ignoring the hint.
    func sameValue(as o: FloatHistogram) -> Bool {
        schema == o.schema && count == o.count && (sum == o.sum || (sum.isNaN && o.sum.isNaN))
            && zeroCount == o.zeroCount && zeroThreshold == o.zeroThreshold && customValues == o.customValues
            && sameBuckets(as: o, within: ==)
    }
}
