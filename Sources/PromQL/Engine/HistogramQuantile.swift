import PromModel

extension Evaluator {
    /// `histogram_quantile` over classic `le` buckets, grouped by all labels but `le` and `__name__`.
    func histogramQuantile(_ q: Double, _ v: [VSample]) throws(PromQLError) -> [VSample] {
        if q < 0 || q > 1 || q.isNaN {
            annotations.warn("quantile value should be between 0 and 1, got \(formatFloat(q))")
        }
        var index: [Labels: Int] = [:]
        var groups: [(Labels, [(Double, Double)])] = []
        for s in v {
            let leStr = s.labels.get(LabelName.bucket)
            guard let le = parseNumber(leStr), !leStr.isEmpty else {
                annotations.warn("bucket label \"le\" is missing or has a malformed value of \(goQuote(leStr)) for metric name \(goQuote(s.labels.metricName))")
                continue
            }
            var b = s.labels.builder()
            b.delete(LabelName.bucket)
            let key = b.labels()
            if let i = index[key] {
                groups[i].1.append((le, s.v))
            } else {
                index[key] = groups.count
                groups.append((key, [(le, s.v)]))
            }
        }
        var out: [VSample] = []
        for (labels, buckets) in groups {
            let (r, forced) = bucketQuantile(q, buckets)
            if forced {
                annotations.info("input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) for metric name \(goQuote(v.first?.labels.metricName ?? ""))")
            }
            out.append(dropped(labels, v: r))
        }
        return try unique(out)
    }
}

/// Prometheus's `BucketQuantile`: sorts, merges equal bounds, forces monotonicity, interpolates.
func bucketQuantile(_ q: Double, _ input: [(Double, Double)]) -> (Double, Bool) {
    if q.isNaN { return (.nan, false) }
    if q < 0 { return (-.infinity, false) }
    if q > 1 { return (.infinity, false) }
    let sorted = input.sorted { $0.0 < $1.0 }
    guard let last = sorted.last, last.0 == .infinity else { return (.nan, false) }
    var b: [(upper: Double, count: Double)] = []
    for x in sorted {
        if let l = b.last, l.upper == x.0 {
            b[b.count - 1].count += x.1
        } else {
            b.append((x.0, x.1))
        }
    }
    var forced = false
    var prev = b[0].count
    for i in 1..<b.count {
        let cur = b[i].count
        if cur == prev { continue }
        if almostEqual(prev, cur, 1e-12) {
            b[i].count = prev
            continue
        }
        if cur < prev {
            b[i].count = prev
            forced = true
            continue
        }
        prev = cur
    }
    guard b.count >= 2 else { return (.nan, forced) }
    let observations = b[b.count - 1].count
    if observations == 0 { return (.nan, forced) }
    var rank = q * observations
    var idx = 0
    while idx < b.count - 1 && b[idx].count < rank { idx += 1 }
    if idx == b.count - 1 { return (b[b.count - 2].upper, forced) }
    if idx == 0 && b[0].upper <= 0 { return (b[0].upper, forced) }
    var bucketStart = 0.0
    let bucketEnd = b[idx].upper
    var count = b[idx].count
    if idx > 0 {
        bucketStart = b[idx - 1].upper
        count -= b[idx - 1].count
        rank -= b[idx - 1].count
    }
    return (bucketStart + (bucketEnd - bucketStart) * (rank / count), forced)
}

/// Relative comparison as Prometheus's `almost.Equal`.
func almostEqual(_ a: Double, _ b: Double, _ epsilon: Double) -> Bool {
    if a.isNaN && b.isNaN { return true }
    if a == b { return true }
    let minNormal = Double(bitPattern: 0x0010_0000_0000_0000)
    let absSum = abs(a) + abs(b)
    let diff = abs(a - b)
    if a == 0 || b == 0 || absSum < minNormal { return diff < epsilon * minNormal }
    return diff / min(absSum, .greatestFiniteMagnitude) < epsilon
}
