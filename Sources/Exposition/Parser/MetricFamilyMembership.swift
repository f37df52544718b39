public import PromModel

// Which family a sample belongs to. A family `foo` of type histogram owns `foo_bucket`, `foo_sum`, `foo_count`
// and (OpenMetrics) `foo_created`; a counter family may be declared as `foo` or `foo_total` and owns
// `foo_total` and `foo_created`; an info family `foo` or `foo_info` owns `foo_info`. The rules follow
// Prometheus's `isSeriesPartOfFamily`, plus the OpenMetrics `_created`, `_gsum` and `_gcount` samples.

/// Whether a sample named `seriesName` belongs to the family `familyName` declared with `type`.
public func isSeries(_ seriesName: String, partOfFamily familyName: String, type: MetricType) -> Bool {
    var s = seriesName
    var f = familyName
    return s.withUTF8 { sb in
        f.withUTF8 { fb in
            return seriesBelongs(sb, 0..<sb.count, family: fb, 0..<fb.count, type: type)
        }
    }
}

extension ExpositionParser {
    /// The type of the current sample's family: the most recent TYPE line's type when the sample belongs to that
    /// family by the suffix rules above, `.unknown` otherwise. Does not allocate.
    public var seriesMetricType: MetricType {
        guard hasTypeFamily else { return .unknown }
        return body.withUnsafeBufferPointer { b in
            seriesBelongs(b, nameRange, family: b, lastTypeNameRange, type: lastType) ? lastType : .unknown
        }
    }
}

private let suffixesByType: [MetricType: [StaticString]] = [
    .counter: ["_total", "_created"],
    .histogram: ["_bucket", "_sum", "_count", "_created"],
    .gaugehistogram: ["_bucket", "_gsum", "_gcount"],
    .summary: ["_sum", "_count", "_created"],
    .info: ["_info"],
]

func seriesBelongs(
    _ sb: UnsafeBufferPointer<UInt8>, _ series: Range<Int>, family fb: UnsafeBufferPointer<UInt8>, _ family: Range<Int>,
    type: MetricType
) -> Bool {
    var fam = family
    // Counters and infos may be declared with their suffix (`# TYPE foo_total counter`).
    if type == .counter { fam = cutSuffix(fb, fam, "_total") }
    if type == .info { fam = cutSuffix(fb, fam, "_info") }
    if equalBytes(sb, series, fb, fam) { return true }
    for suffix in suffixesByType[type] ?? [] {
        let cut = cutSuffix(sb, series, suffix)
        if cut != series && equalBytes(sb, cut, fb, fam) { return true }
    }
    return false
}

private func cutSuffix(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, _ suffix: StaticString) -> Range<Int> {
    let n = suffix.utf8CodeUnitCount
    guard r.count >= n else { return r }
    let tail = (r.upperBound - n)..<r.upperBound
    return bytesEqual(b, tail, suffix) ? r.lowerBound..<(r.upperBound - n) : r
}

private func equalBytes(
    _ a: UnsafeBufferPointer<UInt8>, _ ra: Range<Int>, _ b: UnsafeBufferPointer<UInt8>, _ rb: Range<Int>
) -> Bool {
    guard ra.count == rb.count else { return false }
    for k in 0..<ra.count where a[ra.lowerBound + k] != b[rb.lowerBound + k] { return false }
    return true
}
