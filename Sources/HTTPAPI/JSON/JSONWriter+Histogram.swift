import PromModel

extension JSONWriter {
    /// A native histogram as Prometheus's API writes it: count and sum as strings, then the non-empty buckets from
    /// the lowest to the highest, each `[boundaries, lower, upper, count]`. `boundaries` says which ends are
    /// inclusive: 0 upper only, 1 lower only, 2 neither, 3 both; an end is inclusive when it lies beyond zero on
    /// its side (negative lower, positive upper), and the zero bucket is closed.
    mutating func histogram(_ h: FloatHistogram) {
        raw(#"{"count":"#)
        sampleValue(h.count)
        raw(#","sum":"#)
        sampleValue(h.sum)
        let buckets = h.buckets
        if !buckets.isEmpty {
            raw(#","buckets":["#)
            for (i, b) in buckets.enumerated() {
                if i > 0 { raw(",") }
                let lowerInclusive = b.isZeroBucket || b.lower < 0
                let upperInclusive = b.isZeroBucket || b.upper > 0
                let boundaries = lowerInclusive ? (upperInclusive ? 3 : 1) : (upperInclusive ? 0 : 2)
                raw("[\(boundaries),")
                sampleValue(b.lower)
                raw(",")
                sampleValue(b.upper)
                raw(",")
                sampleValue(b.count)
                raw("]")
            }
            raw("]")
        }
        raw("}")
    }
}
