import PromModel
import Storage

/// A native histogram held by reference, so that `VSample` stays small for float samples.
final class HistogramBox: Sendable {
    let h: FloatHistogram
    init(_ h: FloatHistogram) { self.h = h }
}

extension VSample {
    init(labels: Labels, h: FloatHistogram, dropName: Bool = false) {
        self.init(labels: labels, v: 0, dropName: dropName, hbox: HistogramBox(h))
    }

    /// The histogram value, nil for float samples.
    var h: FloatHistogram? { hbox?.h }
    var isHistogram: Bool { hbox != nil }
}

extension LoadedSeries {
    /// Index of the first histogram sample with `t > bound`.
    func firstHistogramAfter(_ bound: Timestamp) -> Int {
        var lo = 0, hi = histograms.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if histograms[mid].t <= bound { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

extension Evaluator {
    /// `dropped` for histogram samples.
    func droppedH(_ labels: Labels, _ h: FloatHistogram) -> VSample {
        if options.enableDelayedNameRemoval { return VSample(labels: labels, h: h, dropName: true) }
        return VSample(labels: labels.droppingName(), h: h)
    }

    /// Whether any series the matchers select has histogram samples (float-only selectors keep the
    /// float-only code paths).
    func selectsHistograms(_ matchers: [Matcher]) throws(PromQLError) -> Bool {
        if let known = histogramSelectors[matchers] { return known }
        let has = try load(matchers).contains { !$0.histograms.isEmpty }
        histogramSelectors[matchers] = has
        return has
    }

    /// `selectInstant` for selectors that reach histogram series: the latest sample of either kind.
    func selectInstantWithHistograms(_ vs: VectorSelector, _ ts: Timestamp) throws(PromQLError) -> [VSample] {
        let t = resolveAt(vs.at, ts) &- vs.offset
        let oldest = t &- options.lookbackDelta
        var out: [VSample] = []
        for s in try load(vs.matchers) {
            let i = s.firstAfter(t)
            let f: Sample? = i > 0 ? s.samples[i - 1] : nil
            let j = s.histograms.isEmpty ? 0 : s.firstHistogramAfter(t)
            let h: HistogramSample? = j > 0 ? s.histograms[j - 1] : nil
            if let h, h.t > (f?.t ?? .min) {
                if h.t > oldest { out.append(VSample(labels: s.labels, h: h.h)) }
            } else if let f, f.t > oldest, !StaleNaN.isStale(f.v) {
                out.append(VSample(labels: s.labels, v: f.v))
            }
        }
        try account(out.count)
        return out
    }

    /// `timestamp(selector)` when the selector reaches histogram series.
    func timestampsWithHistograms(_ vs: VectorSelector, _ ts: Timestamp) throws(PromQLError) -> [VSample] {
        let t = resolveAt(vs.at, ts) &- vs.offset
        var out: [VSample] = []
        for s in try load(vs.matchers) {
            let i = s.firstAfter(t), j = s.firstHistogramAfter(t)
            let ft = i > 0 ? s.samples[i - 1].t : .min, ht = j > 0 ? s.histograms[j - 1].t : .min
            let latest = max(ft, ht)
            guard latest != .min, latest > t &- options.lookbackDelta else { continue }
            if ft > ht && StaleNaN.isStale(s.samples[i - 1].v) { continue }
            out.append(dropped(s.labels, v: Double(latest) / 1000))
        }
        return out
    }

    /// The window `(t - range, t]` of a series with histogram samples; nil when it is empty.
    func rangeWithHistograms(_ s: LoadedSeries, _ t: Timestamp, _ range: Int64) throws(PromQLError) -> MSeries? {
        let lo = s.firstAfter(t &- range), hi = s.firstAfter(t)
        var pts: [Sample] = []
        for j in lo..<max(lo, hi) where !StaleNaN.isStale(s.samples[j].v) { pts.append(s.samples[j]) }
        let hlo = s.firstHistogramAfter(t &- range), hhi = s.firstHistogramAfter(t)
        let hs = hlo < hhi ? Array(s.histograms[hlo..<hhi]) : []
        guard !pts.isEmpty || !hs.isEmpty else { return nil }
        try account(pts.count + hs.count)
        return MSeries(labels: s.labels, samples: pts, source: s, histograms: hs)
    }

    /// Adds a histogram point of a range query's step to its series.
    func appendHistogram(_ series: inout [RangeSeries], _ index: inout [LabelsKey: Int], _ order: inout [Int],
                         _ labels: Labels, _ p: HistogramSample) {
        if let i = index[LabelsKey(labels)] {
            series[i].histograms.append(p)
            order.append(i)
        } else {
            order.append(series.count)
            index[LabelsKey(labels)] = series.count
            series.append(RangeSeries(labels: labels, samples: [], histograms: [p]))
        }
    }
}

extension Evaluator {
    /// Adds a histogram point of a subquery's inner step to its series.
    func appendSubqueryHistogram(_ out: inout [MSeries], _ index: inout [LabelsKey: Int], _ s: VSample,
                                 _ h: FloatHistogram, _ t: Timestamp) {
        var p = HistogramSample(t: t, h: h)
        if let i = index[LabelsKey(s.labels)] {
            // A stored sample repeated at several inner steps carries its reset hint once only.
            if p.h.counterResetHint == .counterReset, let prev = out[i].histograms.last, prev.h.sameValue(as: p.h) {
                p.h.counterResetHint = .notCounterReset
            }
            out[i].histograms.append(p)
        } else {
            index[LabelsKey(s.labels)] = out.count
            out.append(MSeries(labels: s.labels, samples: [], dropName: s.dropName, histograms: [p]))
        }
    }
}

extension Evaluator {
    /// Prometheus's warning for histograms that cannot be added or subtracted.
    func warnCombine(_ e: HistogramError, metric: String?) {
        let suffix = metric.map { " for metric name \(goQuote($0))" } ?? ""
        switch e {
        case .mixedSchemas:
            annotations.warn("vector contains a mix of histograms with exponential and custom buckets schemas\(suffix)")
        case .incompatibleCustomBuckets:
            annotations.warn("vector contains histograms with incompatible custom buckets\(suffix)")
        }
    }
}

/// `v` without its histogram samples, for functions that ignore them; float-only vectors are
/// returned as they are (no copy).
func floatsOnly(_ v: [VSample]) -> [VSample] {
    v.contains { $0.hbox != nil } ? v.filter { $0.hbox == nil } : v
}
