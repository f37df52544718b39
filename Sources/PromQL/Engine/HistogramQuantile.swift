import PromModel

extension Evaluator {
    /// `histogram_quantile` over classic `le` buckets, grouped by all labels but `le`.
    func histogramQuantile(_ q: Double, _ v: [VSample], warnRange: Bool = true) throws(PromQLError) -> [VSample] {
        if warnRange && (q < 0 || q > 1 || q.isNaN) {
            annotations.warn("quantile value should be between 0 and 1, got \(formatFloat(q))")
        }
        var out: [VSample] = []
        for (labels, name, buckets) in bucketGroups(v, function: "histogram_quantile") {
            let (r, forced) = bucketQuantile(q, buckets)
            if forced {
                annotations.info("input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) for metric name \(goQuote(name))")
            }
            out.append(dropped(labels, v: r))
        }
        return out
    }

    /// `histogram_fraction` over classic buckets: the share of observations in `(lower, upper]`.
    func histogramFraction(_ lower: Double, _ upper: Double, _ v: [VSample]) throws(PromQLError) -> [VSample] {
        var out: [VSample] = []
        for (labels, _, buckets) in bucketGroups(v, function: "histogram_fraction") {
            out.append(dropped(labels, v: bucketFraction(lower, upper, buckets)))
        }
        return out
    }

    /// Samples grouped into classic histograms: labels without `le` (name kept for collision
    /// checks), the metric name, and (upper bound, count) pairs. Series without a valid `le` warn.
    func bucketGroups(_ v: [VSample], function: String) -> [(Labels, String, [(Double, Double)])] {
        var index: [LabelsKey: Int] = [:]
        var groups: [(Labels, String, [(Double, Double)])] = []
        for s in v {
            let leStr = s.labels.get(LabelName.bucket)
            guard let le = parseNumber(leStr), !leStr.isEmpty else {
                annotations.warn("bucket label \"le\" is missing or has a malformed value of \(goQuote(leStr)) for metric name \(goQuote(s.labels.metricName))")
                continue
            }
            var b = s.labels.builder()
            b.delete(LabelName.bucket)
            let key = b.labels()
            if let i = index[LabelsKey(key)] {
                groups[i].2.append((le, s.v))
            } else {
                index[LabelsKey(key)] = groups.count
                groups.append((key, s.labels.metricName, [(le, s.v)]))
            }
        }
        return groups
    }
}

/// Sorted by upper bound, equal bounds merged.
func coalescedBuckets(_ input: [(Double, Double)]) -> [(upper: Double, count: Double)] {
    var b: [(upper: Double, count: Double)] = []
    for x in input.sorted(by: { $0.0 < $1.0 }) {
        if let l = b.last, l.upper == x.0 {
            b[b.count - 1].count += x.1
        } else {
            b.append((x.0, x.1))
        }
    }
    return b
}

/// Prometheus's classic `BucketFraction`: ranks at `lower` and `upper` by linear interpolation
/// inside their buckets; the first bucket starts at 0 when its bound is positive.
func bucketFraction(_ lower: Double, _ upper: Double, _ input: [(Double, Double)]) -> Double {
    let b = coalescedBuckets(input)
    guard let last = b.last, last.upper == .infinity else { return .nan }
    let count = last.count
    if count == 0 || lower.isNaN || upper.isNaN { return .nan }
    if lower >= upper { return 0 }
    var rank = 0.0, lowerRank = 0.0, upperRank = 0.0
    var lowerSet = false, upperSet = false
    for (i, bucket) in b.enumerated() {
        let lowerBound = i > 0 ? b[i - 1].upper : (bucket.upper > 0 ? 0 : -Double.infinity)
        let upperBound = bucket.upper
        func interpolate(_ x: Double) -> Double {
            if lowerBound.isInfinite || upperBound.isInfinite { return rank }
            return rank + (bucket.count - rank) * (x - lowerBound) / (upperBound - lowerBound)
        }
        if !lowerSet && lowerBound >= lower {
            lowerRank = rank
            lowerSet = true
        }
        if !upperSet && lowerBound >= upper {
            upperRank = rank
            upperSet = true
        }
        if lowerSet && upperSet { break }
        if !lowerSet && lowerBound < lower && upperBound > lower {
            lowerRank = interpolate(lower)
            lowerSet = true
        }
        if !upperSet && lowerBound < upper && upperBound > upper {
            upperRank = interpolate(upper)
            upperSet = true
        }
        if lowerSet && upperSet { break }
        rank = bucket.count
    }
    if !lowerSet || lowerRank > count { lowerRank = count }
    if !upperSet || upperRank > count { upperRank = count }
    return (upperRank - lowerRank) / count
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
