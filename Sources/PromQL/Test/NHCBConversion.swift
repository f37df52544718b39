import PromModel

/// promqltest's `load_with_nhcb`: classic histogram series (`x_bucket{le=…}`, `x_sum`, `x_count`)
/// are also loaded as native histograms with custom buckets named `x`, one per timestamp.
enum NHCBConversion {
    struct Group {
        var labels: Labels
        /// Upper bound → cumulative values per position; a bound spelled twice keeps the last.
        var buckets: [Double: [Double?]] = [:]
        var sum: [Double?] = []
        var count: [Double?] = []
    }

    static func convert(_ series: [LoadSeries]) -> [LoadSeries] {
        var groups: [LabelsKey: Group] = [:]
        var order: [LabelsKey] = []
        for s in series {
            let name = s.labels.metricName
            var b = s.labels.builder()
            b.delete(LabelName.bucket)
            let base: String
            if name.hasSuffix("_bucket"), let le = parseNumber(s.labels.get(LabelName.bucket)) {
                base = String(name.dropLast(7))
                b.set(LabelName.metricName, base)
                let key = LabelsKey(b.labels())
                if groups[key] == nil { order.append(key) }
                groups[key, default: Group(labels: b.labels())].buckets[le] = s.values
            } else if name.hasSuffix("_sum") || name.hasSuffix("_count") {
                let isSum = name.hasSuffix("_sum")
                base = String(name.dropLast(isSum ? 4 : 6))
                b.set(LabelName.metricName, base)
                let key = LabelsKey(b.labels())
                if groups[key] == nil { order.append(key) }
                if isSum {
                    groups[key, default: Group(labels: b.labels())].sum = s.values
                } else {
                    groups[key, default: Group(labels: b.labels())].count = s.values
                }
            }
        }
        var out: [LoadSeries] = []
        for key in order {
            guard let g = groups[key], !g.buckets.isEmpty else { continue }
            let bounds = g.buckets.keys.sorted()
            let n = g.buckets.values.map(\.count).max() ?? 0
            var hists: [ScriptHistogram?] = []
            for i in 0..<n {
                var cumulative: [Double] = []
                for le in bounds {
                    guard let vals = g.buckets[le], i < vals.count, let v = vals[i], !StaleNaN.isStale(v) else { break }
                    cumulative.append(v)
                }
                guard cumulative.count == bounds.count else {
                    hists.append(nil)
                    continue
                }
                var h = FloatHistogram(schema: FloatHistogram.customBucketsSchema)
                h.customValues = bounds.filter { $0 != .infinity }
                var prev = 0.0
                h.positive = cumulative.map { c in
                    defer { prev = c }
                    return c - prev
                }
                h.count = i < g.count.count ? (g.count[i] ?? prev) : prev
                h.sum = i < g.sum.count ? (g.sum[i] ?? 0) : 0
                h.compact()
                hists.append(ScriptHistogram(h: h, hintSet: false))
            }
            out.append(LoadSeries(labels: g.labels, values: Array(repeating: nil, count: n), histograms: hists))
        }
        return out
    }
}
