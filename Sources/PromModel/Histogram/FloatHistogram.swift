/// What a native histogram sample says about counter resets (Prometheus's `CounterResetHint`).
public enum CounterResetHint: UInt8, Sendable, Equatable {
    /// Nothing is known; the query engine compares with the previous sample.
    case unknown
    /// The sample follows a counter reset.
    case counterReset
    /// The sample does not follow a counter reset.
    case notCounterReset
    /// A gauge histogram: counts may go up and down, resets make no sense.
    case gauge
}

/// A run of consecutive buckets in Prometheus's sparse notation: `offset` is the gap in bucket
/// indexes to the previous span (to index 0 for the first span), `length` the number of buckets.
public struct HistogramSpan: Sendable, Equatable {
    public var offset: Int32
    public var length: UInt32
    public init(offset: Int32, length: UInt32) {
        self.offset = offset
        self.length = length
    }
}

/// A native histogram with float counts (Prometheus's `FloatHistogram`).
///
/// Buckets are stored densely: `positive[i]` is the count of bucket index `positiveOffset + i`
/// (gaps are zeros), and likewise for `negative`. Counts are absolute per bucket, not cumulative.
/// With exponential schemas (-4...8) bucket `i` of the positive side covers
/// `(2^((i-1)·2^-schema), 2^(i·2^-schema)]`, mirrored on the negative side; observations with
/// `|x| <= zeroThreshold` land in `zeroCount`. With the custom-bucket schema (-53, NHCB) only the
/// positive side exists: bucket `i` covers `(customValues[i-1], customValues[i]]`, the first one
/// starting at -Inf and the one past the last bound ending at +Inf.
///
/// Dense storage keeps arithmetic simple; Prometheus caps the bucket count of real histograms,
/// so the gaps stay small.
public struct FloatHistogram: Sendable, Equatable {
    /// The schema of native histograms with custom bucket bounds.
    public static let customBucketsSchema: Int32 = -53

    public var schema: Int32
    public var zeroThreshold: Double
    public var zeroCount: Double
    public var count: Double
    public var sum: Double
    public var positiveOffset: Int32
    public var positive: [Double]
    public var negativeOffset: Int32
    public var negative: [Double]
    /// Upper bounds of the custom buckets, ascending and without +Inf (schema -53 only).
    public var customValues: [Double]
    public var counterResetHint: CounterResetHint

    public init(schema: Int32 = 0, zeroThreshold: Double = 0, zeroCount: Double = 0, count: Double = 0,
                sum: Double = 0, positiveOffset: Int32 = 0, positive: [Double] = [], negativeOffset: Int32 = 0,
                negative: [Double] = [], customValues: [Double] = [], counterResetHint: CounterResetHint = .unknown) {
        self.schema = schema
        self.zeroThreshold = zeroThreshold
        self.zeroCount = zeroCount
        self.count = count
        self.sum = sum
        self.positiveOffset = positiveOffset
        self.positive = positive
        self.negativeOffset = negativeOffset
        self.negative = negative
        self.customValues = customValues
        self.counterResetHint = counterResetHint
    }

    /// Builds a histogram from Prometheus's span notation (as in remote write and chunk encodings).
    public init(schema: Int32, zeroThreshold: Double, zeroCount: Double, count: Double, sum: Double,
                positiveSpans: [HistogramSpan], positiveBuckets: [Double],
                negativeSpans: [HistogramSpan], negativeBuckets: [Double],
                customValues: [Double] = [], counterResetHint: CounterResetHint = .unknown) {
        self.init(schema: schema, zeroThreshold: zeroThreshold, zeroCount: zeroCount, count: count, sum: sum,
                  customValues: customValues, counterResetHint: counterResetHint)
        (positiveOffset, positive) = Self.dense(positiveSpans, positiveBuckets)
        (negativeOffset, negative) = Self.dense(negativeSpans, negativeBuckets)
    }

    public var usesCustomBuckets: Bool { schema == Self.customBucketsSchema }

    /// Spans and counts of the non-empty positive buckets (compacted, as Prometheus's `Compact(0)`).
    public var positiveSpans: (spans: [HistogramSpan], buckets: [Double]) { Self.sparse(positiveOffset, positive) }
    public var negativeSpans: (spans: [HistogramSpan], buckets: [Double]) { Self.sparse(negativeOffset, negative) }

    static func dense(_ spans: [HistogramSpan], _ buckets: [Double]) -> (Int32, [Double]) {
        guard let first = spans.first else { return (0, []) }
        var out: [Double] = []
        var k = 0
        for (n, s) in spans.enumerated() {
            if n > 0 { out.append(contentsOf: repeatElement(0, count: Int(s.offset))) }
            for _ in 0..<Int(s.length) where k < buckets.count {
                out.append(buckets[k])
                k += 1
            }
        }
        return (first.offset, out)
    }

    static func sparse(_ offset: Int32, _ dense: [Double]) -> ([HistogramSpan], [Double]) {
        var spans: [HistogramSpan] = []
        var buckets: [Double] = []
        var lastEnd: Int32? = nil
        for (i, c) in dense.enumerated() where c != 0 {
            let idx = offset + Int32(i)
            if let e = lastEnd, e == idx {
                spans[spans.count - 1].length += 1
            } else {
                spans.append(HistogramSpan(offset: lastEnd.map { idx - $0 } ?? idx, length: 1))
            }
            lastEnd = idx + 1
            buckets.append(c)
        }
        return (spans, buckets)
    }

    /// Drops empty buckets at both ends of each side (inner zeros stay: storage is dense).
    public mutating func compact() {
        Self.trim(&positiveOffset, &positive)
        Self.trim(&negativeOffset, &negative)
    }

    static func trim(_ offset: inout Int32, _ b: inout [Double]) {
        guard let lo = b.firstIndex(where: { $0 != 0 }) else {
            b.removeAll()
            offset = 0
            return
        }
        let hi = b.lastIndex(where: { $0 != 0 })!
        if lo > 0 || hi < b.count - 1 {
            b = Array(b[lo...hi])
            offset += Int32(lo)
        }
    }

    /// Whether both describe the same distribution after compaction (exact comparison).
    public func sameBuckets(as o: FloatHistogram, within equal: (Double, Double) -> Bool) -> Bool {
        let (ps1, pb1) = positiveSpans, (ps2, pb2) = o.positiveSpans
        let (ns1, nb1) = negativeSpans, (ns2, nb2) = o.negativeSpans
        guard ps1 == ps2, ns1 == ns2, pb1.count == pb2.count, nb1.count == nb2.count else { return false }
        for (a, b) in zip(pb1, pb2) where !equal(a, b) { return false }
        for (a, b) in zip(nb1, nb2) where !equal(a, b) { return false }
        return true
    }

    /// The sum of all bucket counts including the zero bucket; below `count` when NaN was observed.
    public var bucketTotal: Double {
        var t = zeroCount
        for c in positive { t += c }
        for c in negative { t += c }
        return t
    }

    /// Multiplies every count and the sum by `f` (histogram * scalar, division by its inverse).
    public mutating func scale(by f: Double) {
        count *= f
        sum *= f
        zeroCount *= f
        for i in positive.indices { positive[i] *= f }
        for i in negative.indices { negative[i] *= f }
    }

    /// Divides every count and the sum by `d` (histogram / scalar). Division by zero keeps only
    /// count, sum and zero count (±Inf or NaN), as Prometheus does: the buckets lose meaning.
    public mutating func divide(by d: Double) {
        count /= d
        sum /= d
        zeroCount /= d
        if d == 0 {
            positive = []
            negative = []
            positiveOffset = 0
            negativeOffset = 0
            return
        }
        for i in positive.indices { positive[i] /= d }
        for i in negative.indices { negative[i] /= d }
    }
}
