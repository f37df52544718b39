import PromModel

extension Evaluator {
    /// The `histogram_*` functions: native histogram samples are read directly; `histogram_quantile`
    /// and `histogram_fraction` also read classic `le` bucket series.
    func histogramFunction(_ name: String, _ c: Call, _ ts: Timestamp) throws(PromQLError) -> [VSample] {
        switch name {
        case "histogram_quantile":
            let q = try scalarArg(c.args[0], ts)
            let v = try vectorArg(c.args[1], ts)
            let natives = v.filter(\.isHistogram)
            if !natives.isEmpty && (q < 0 || q > 1 || q.isNaN) {
                annotations.warn("quantile value should be between 0 and 1, got \(formatFloat(q))")
            }
            var out = try histogramQuantile(q, floatsOnly(v), warnRange: natives.isEmpty)
            for s in natives {
                let h = s.h!
                let r = h.quantile(q)
                if h.hasNaNObservations && !q.isNaN && q >= 0 && q <= 1 {
                    let how = r.isNaN ? "result is NaN" : "result is skewed higher"
                    annotations.info("input to histogram_quantile has NaN observations, \(how) for metric name \(goQuote(s.labels.metricName))")
                }
                out.append(dropped(s.labels, v: r))
            }
            return try unique(removeMixed(out, natives))
        case "histogram_fraction":
            let lower = try scalarArg(c.args[0], ts), upper = try scalarArg(c.args[1], ts)
            let v = try vectorArg(c.args[2], ts)
            var out = try histogramFraction(lower, upper, floatsOnly(v))
            for s in v {
                guard let h = s.h else { continue }
                if h.hasNaNObservations {
                    annotations.info("input to histogram_fraction has NaN observations, which are excluded from all fractions for metric name \(goQuote(s.labels.metricName))")
                }
                out.append(dropped(s.labels, v: h.fraction(lower, upper)))
            }
            return try unique(removeMixed(out, v.filter(\.isHistogram)))
        default:
            let v = try vectorArg(c.args[0], ts)
            var out: [VSample] = []
            for s in v {
                guard let h = s.h else { continue }
                let r: Double
                switch name {
                case "histogram_count": r = h.count
                case "histogram_sum": r = h.sum
                case "histogram_avg": r = h.sum / h.count
                case "histogram_stddev": r = h.variance.squareRoot()
                default: r = h.variance
                }
                out.append(dropped(s.labels, v: r))
            }
            return try unique(out)
        }
    }

    /// Where a classic bucket group and a native histogram yield the same labels, Prometheus
    /// refuses to pick one: both go, with a warning.
    func removeMixed(_ out: [VSample], _ natives: [VSample]) -> [VSample] {
        guard !natives.isEmpty, natives.count < out.count else { return out }
        var counts: [LabelsKey: Int] = [:]
        for s in out { counts[LabelsKey(s.labels), default: 0] += 1 }
        var warned = Set<String>()
        return out.filter { s in
            if counts[LabelsKey(s.labels)] == 1 { return true }
            let name = s.labels.metricName
            if warned.insert(name).inserted {
                annotations.warn("vector contains a mix of classic and native histograms for metric name \(goQuote(name))")
            }
            return false
        }
    }
}
