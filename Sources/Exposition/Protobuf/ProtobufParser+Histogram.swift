public import PromModel

extension ProtobufParser {
    /// The exponential schemas a native histogram may use in the exposition (custom buckets, -53, exist
    /// only inside Prometheus).
    static let schemaRange: ClosedRange<Int32> = -4...8

    /// Most buckets (including gaps between spans) one side of a histogram may span. Buckets are stored densely,
    /// so a hostile span offset must not turn into a giant allocation; real histograms stay far below this
    /// (schema 8 covers all finite doubles in about 530,000 buckets, and exporters cap theirs at a few hundred).
    static let maxDenseBuckets = 1 << 20

    /// The current native histogram (valid after `next()` returned `.histogram`), as Prometheus's parser reads
    /// it: a float histogram when `sample_count_float` or `zero_count_float` is set, otherwise an integer one
    /// whose delta-encoded bucket counts are summed up. Gauge histograms get the `.gauge` reset hint. Empty
    /// buckets at the ends are trimmed.
    ///
    /// Throws for what Prometheus's histogram validation refuses: a schema outside -4...8, spans that do not
    /// add up to the number of bucket counts, a negative span gap, negative counts.
    public func nativeHistogram() throws(ExpositionError) -> FloatHistogram {
        let h = metric.histogram
        let isFloat = h.sampleCountFloat > 0 || h.zeroCountFloat > 0
        guard Self.schemaRange.contains(h.schema) else {
            throw histogramError("native histogram schema \(h.schema) outside -4...8")
        }
        var fh = FloatHistogram(
            schema: h.schema, zeroThreshold: h.zeroThreshold,
            zeroCount: isFloat ? h.zeroCountFloat : Double(h.zeroCount),
            count: isFloat ? h.sampleCountFloat : Double(h.sampleCount), sum: h.sampleSum,
            counterResetHint: familyType == .gaugeHistogram ? .gauge : .unknown)
        (fh.positiveOffset, fh.positive) = try dense(
            h.positiveSpans, deltas: h.positiveDeltas, counts: h.positiveCounts, isFloat: isFloat, side: "positive")
        (fh.negativeOffset, fh.negative) = try dense(
            h.negativeSpans, deltas: h.negativeDeltas, counts: h.negativeCounts, isFloat: isFloat, side: "negative")
        fh.compact()
        return fh
    }

    private func histogramError(_ reason: String) -> ExpositionError {
        let name = body.withUnsafeBufferPointer { quoteForError($0[family.name]) }
        return ExpositionError(byteOffset: family.metrics[metricIndex].lowerBound, reason: "\(reason) in metric \(name)")
    }

    /// Spans plus per-bucket counts (absolute floats, or deltas between neighbours) → first index and dense
    /// absolute counts with zeros for the gaps.
    private func dense(
        _ spans: [HistogramSpan], deltas: [Int64], counts: [Double], isFloat: Bool, side: StaticString
    ) throws(ExpositionError) -> (Int32, [Double]) {
        let n = isFloat ? counts.count : deltas.count
        var inSpans = 0
        var width = 0
        for (i, s) in spans.enumerated() {
            if i > 0 && s.offset < 0 {
                throw histogramError("\(side) span \(i) has negative offset \(s.offset)")
            }
            inSpans += Int(s.length)
            width += Int(s.length) + (i > 0 ? Int(s.offset) : 0)
            if width > Self.maxDenseBuckets {
                throw histogramError("\(side) spans cover more than \(Self.maxDenseBuckets) buckets")
            }
        }
        guard inSpans == n else {
            throw histogramError("\(side) spans need \(inSpans) buckets, have \(n)")
        }
        guard let first = spans.first else { return (0, []) }
        var out: [Double] = []
        out.reserveCapacity(width)
        var k = 0
        var running: Int64 = 0
        for (i, s) in spans.enumerated() {
            if i > 0 { out.append(contentsOf: repeatElement(0, count: Int(s.offset))) }
            for _ in 0..<Int(s.length) {
                let c: Double
                if isFloat {
                    c = counts[k]
                } else {
                    running &+= deltas[k]
                    c = Double(running)
                }
                if c < 0 { throw histogramError("\(side) bucket \(k) has negative count \(formatPromFloat(c))") }
                out.append(c)
                k += 1
            }
        }
        return (first.offset, out)
    }
}
