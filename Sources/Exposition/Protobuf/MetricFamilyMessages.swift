import PromModel

// The messages of `io.prometheus.client` (metrics.proto in prometheus/client_model; Prometheus keeps a proto3
// copy in prompb/io/prometheus/client/metrics.proto) that a scrape needs, decoded into reusable structs.
// Strings stay ranges into the body; repeated fields go into arrays that keep their capacity from metric to
// metric, so a steady scrape decodes without allocating. Field numbers are written next to each case; the
// layout is described in Format.md beside this file.

/// `MetricType` of metrics.proto.
enum ProtoMetricType: UInt64 {
    case counter = 0
    case gauge = 1
    case summary = 2
    case untyped = 3
    case histogram = 4
    case gaugeHistogram = 5

    var metricType: MetricType {
        switch self {
        case .counter: return .counter
        case .gauge: return .gauge
        case .summary: return .summary
        case .untyped: return .unknown
        case .histogram: return .histogram
        case .gaugeHistogram: return .gaugehistogram
        }
    }
}

/// `MetricFamily`: name = 1, help = 2, type = 3, metric = 4 (repeated), unit = 5.
struct FamilyMessage {
    var name: Range<Int> = 0..<0
    var help: Range<Int> = 0..<0
    var unit: Range<Int> = 0..<0
    var rawType: UInt64 = 0
    var metrics: [Range<Int>] = []

    mutating func decode(_ b: UnsafeRawBufferPointer, _ range: Range<Int>) throws(ExpositionError) {
        name = 0..<0
        help = 0..<0
        unit = 0..<0
        rawType = 0
        metrics.removeAll(keepingCapacity: true)
        var r = ProtoWireReader(b, range, message: "MetricFamily")
        while !r.atEnd {
            let (field, wire) = try r.readTag()
            switch field {
            case 1: name = try r.readMessage(wire)
            case 2: help = try r.readMessage(wire)
            case 3: rawType = try r.readUInt64(wire)
            case 4: metrics.append(try r.readMessage(wire))
            case 5: unit = try r.readMessage(wire)
            default: try r.skip(wire, field: field)
            }
        }
    }
}

/// A `LabelPair` (name = 1, value = 2) as ranges into the body.
struct LabelPairRange {
    var name: Range<Int>
    var value: Range<Int>
}

/// A `Quantile` of a summary: quantile = 1, value = 2.
struct QuantileMessage {
    var quantile: Double = 0
    var value: Double = 0
}

/// A classic histogram `Bucket`: cumulative_count = 1, upper_bound = 2, exemplar = 3 (skipped),
/// cumulative_count_float = 4.
struct BucketMessage {
    var cumulativeCount: UInt64 = 0
    var cumulativeCountFloat: Double = 0
    var upperBound: Double = 0

    /// Prometheus: the float count overrides the integer one when it is > 0.
    var count: Double { cumulativeCountFloat > 0 ? cumulativeCountFloat : Double(cumulativeCount) }
}

/// `Histogram`: the classic part (sample_count = 1, sample_sum = 2, bucket = 3, sample_count_float = 4) and the
/// native part (schema = 5, zero_threshold = 6, zero_count = 7, zero_count_float = 8, negative_span = 9,
/// negative_delta = 10, negative_count = 11, positive_span = 12, positive_delta = 13, positive_count = 14).
/// created_timestamp = 15 and exemplars = 16 are skipped.
struct HistogramMessage {
    var sampleCount: UInt64 = 0
    var sampleCountFloat: Double = 0
    var sampleSum: Double = 0
    var buckets: [BucketMessage] = []
    var schema: Int32 = 0
    var zeroThreshold: Double = 0
    var zeroCount: UInt64 = 0
    var zeroCountFloat: Double = 0
    var negativeSpans: [HistogramSpan] = []
    var negativeDeltas: [Int64] = []
    var negativeCounts: [Double] = []
    var positiveSpans: [HistogramSpan] = []
    var positiveDeltas: [Int64] = []
    var positiveCounts: [Double] = []

    /// Prometheus: the float count overrides the integer one when it is > 0.
    var count: Double { sampleCountFloat > 0 ? sampleCountFloat : Double(sampleCount) }

    /// Prometheus's `isNativeHistogram`: any span, a zero threshold or zero count makes a native histogram.
    /// A native histogram without observations and threshold is recognisable only by a no-op span, which
    /// client libraries add for that reason.
    var isNative: Bool {
        !positiveSpans.isEmpty || !negativeSpans.isEmpty || zeroThreshold > 0 || zeroCount > 0 || zeroCountFloat > 0
    }

    mutating func reset() {
        sampleCount = 0
        sampleCountFloat = 0
        sampleSum = 0
        buckets.removeAll(keepingCapacity: true)
        schema = 0
        zeroThreshold = 0
        zeroCount = 0
        zeroCountFloat = 0
        negativeSpans.removeAll(keepingCapacity: true)
        negativeDeltas.removeAll(keepingCapacity: true)
        negativeCounts.removeAll(keepingCapacity: true)
        positiveSpans.removeAll(keepingCapacity: true)
        positiveDeltas.removeAll(keepingCapacity: true)
        positiveCounts.removeAll(keepingCapacity: true)
    }

    /// Decodes one occurrence of the message. Called again for a repeated occurrence it merges, as protobuf
    /// requires: scalars are overwritten, repeated fields appended.
    mutating func decode(_ b: UnsafeRawBufferPointer, _ range: Range<Int>) throws(ExpositionError) {
        var r = ProtoWireReader(b, range, message: "Histogram")
        while !r.atEnd {
            let (field, wire) = try r.readTag()
            switch field {
            case 1: sampleCount = try r.readUInt64(wire)
            case 2: sampleSum = try r.readDouble(wire)
            case 3: buckets.append(try Self.decodeBucket(b, try r.readMessage(wire)))
            case 4: sampleCountFloat = try r.readDouble(wire)
            case 5:
                let s = try r.readSInt64(wire)
                guard let s32 = Int32(exactly: s) else { throw r.error("schema \(s) out of range") }
                schema = s32
            case 6: zeroThreshold = try r.readDouble(wire)
            case 7: zeroCount = try r.readUInt64(wire)
            case 8: zeroCountFloat = try r.readDouble(wire)
            case 9: negativeSpans.append(try Self.decodeSpan(b, try r.readMessage(wire)))
            case 10: try forEachRepeated(&r, wire, scalar: .varint) { (p, w) throws(ExpositionError) in negativeDeltas.append(try p.readSInt64(w)) }
            case 11: try forEachRepeated(&r, wire, scalar: .fixed64) { (p, w) throws(ExpositionError) in negativeCounts.append(try p.readDouble(w)) }
            case 12: positiveSpans.append(try Self.decodeSpan(b, try r.readMessage(wire)))
            case 13: try forEachRepeated(&r, wire, scalar: .varint) { (p, w) throws(ExpositionError) in positiveDeltas.append(try p.readSInt64(w)) }
            case 14: try forEachRepeated(&r, wire, scalar: .fixed64) { (p, w) throws(ExpositionError) in positiveCounts.append(try p.readDouble(w)) }
            default: try r.skip(wire, field: field)
            }
        }
    }

    static func decodeBucket(_ b: UnsafeRawBufferPointer, _ range: Range<Int>) throws(ExpositionError) -> BucketMessage {
        var bucket = BucketMessage()
        var r = ProtoWireReader(b, range, message: "Bucket")
        while !r.atEnd {
            let (field, wire) = try r.readTag()
            switch field {
            case 1: bucket.cumulativeCount = try r.readUInt64(wire)
            case 2: bucket.upperBound = try r.readDouble(wire)
            case 4: bucket.cumulativeCountFloat = try r.readDouble(wire)
            default: try r.skip(wire, field: field)
            }
        }
        return bucket
    }

    /// `BucketSpan`: offset = 1 (sint32), length = 2 (uint32).
    static func decodeSpan(_ b: UnsafeRawBufferPointer, _ range: Range<Int>) throws(ExpositionError) -> HistogramSpan {
        var span = HistogramSpan(offset: 0, length: 0)
        var r = ProtoWireReader(b, range, message: "BucketSpan")
        while !r.atEnd {
            let (field, wire) = try r.readTag()
            switch field {
            case 1:
                let o = try r.readSInt64(wire)
                guard let o32 = Int32(exactly: o) else { throw r.error("span offset \(o) out of range") }
                span.offset = o32
            case 2:
                let l = try r.readUInt64(wire)
                guard let l32 = UInt32(exactly: l) else { throw r.error("span length \(l) out of range") }
                span.length = l32
            default: try r.skip(wire, field: field)
            }
        }
        return span
    }
}

/// `Metric`: label = 1, gauge = 2, counter = 3, summary = 4, untyped = 5, timestamp_ms = 6, histogram = 7.
/// Only the value message matching the family's type is decoded (Prometheus reads that one and ignores the
/// others); a missing one reads as zero.
struct MetricMessage {
    var labels: [LabelPairRange] = []
    /// 0 when absent: Prometheus cannot tell an unset timestamp from 0 either.
    var timestampMs: Int64 = 0
    /// The value of a counter, gauge or untyped metric.
    var value: Double = 0
    var summaryCount: UInt64 = 0
    var summarySum: Double = 0
    var quantiles: [QuantileMessage] = []
    var histogram = HistogramMessage()

    mutating func decode(_ b: UnsafeRawBufferPointer, _ range: Range<Int>, type: ProtoMetricType) throws(ExpositionError) {
        labels.removeAll(keepingCapacity: true)
        timestampMs = 0
        value = 0
        // Only what the type can fill needs resetting: the others are never read for this family.
        switch type {
        case .summary:
            summaryCount = 0
            summarySum = 0
            quantiles.removeAll(keepingCapacity: true)
        case .histogram, .gaugeHistogram: histogram.reset()
        case .counter, .gauge, .untyped: break
        }
        var r = ProtoWireReader(b, range, message: "Metric")
        while !r.atEnd {
            let (field, wire) = try r.readTag()
            switch (field, type) {
            case (1, _): labels.append(try Self.decodeLabelPair(b, try r.readMessage(wire)))
            case (2, .gauge), (3, .counter), (5, .untyped):
                try decodeSingleValue(b, try r.readMessage(wire))
            case (4, .summary): try decodeSummary(b, try r.readMessage(wire))
            case (6, _): timestampMs = try r.readInt64(wire)
            case (7, .histogram), (7, .gaugeHistogram): try histogram.decode(b, try r.readMessage(wire))
            default: try r.skip(wire, field: field)
            }
        }
    }

    static func decodeLabelPair(_ b: UnsafeRawBufferPointer, _ range: Range<Int>) throws(ExpositionError) -> LabelPairRange {
        var pair = LabelPairRange(name: range.lowerBound..<range.lowerBound, value: range.lowerBound..<range.lowerBound)
        var r = ProtoWireReader(b, range, message: "LabelPair")
        while !r.atEnd {
            let (field, wire) = try r.readTag()
            switch field {
            case 1: pair.name = try r.readMessage(wire)
            case 2: pair.value = try r.readMessage(wire)
            default: try r.skip(wire, field: field)
            }
        }
        return pair
    }

    /// `Counter`, `Gauge` and `Untyped` all keep their value in field 1 (Counter's exemplar = 2 and
    /// created_timestamp = 3 are skipped).
    mutating func decodeSingleValue(_ b: UnsafeRawBufferPointer, _ range: Range<Int>) throws(ExpositionError) {
        var r = ProtoWireReader(b, range, message: "Counter/Gauge/Untyped")
        while !r.atEnd {
            let (field, wire) = try r.readTag()
            if field == 1 { value = try r.readDouble(wire) } else { try r.skip(wire, field: field) }
        }
    }

    /// `Summary`: sample_count = 1, sample_sum = 2, quantile = 3; created_timestamp = 4 is skipped.
    mutating func decodeSummary(_ b: UnsafeRawBufferPointer, _ range: Range<Int>) throws(ExpositionError) {
        var r = ProtoWireReader(b, range, message: "Summary")
        while !r.atEnd {
            let (field, wire) = try r.readTag()
            switch field {
            case 1: summaryCount = try r.readUInt64(wire)
            case 2: summarySum = try r.readDouble(wire)
            case 3:
                var q = QuantileMessage()
                var qr = ProtoWireReader(b, try r.readMessage(wire), message: "Quantile")
                while !qr.atEnd {
                    let (f, w) = try qr.readTag()
                    switch f {
                    case 1: q.quantile = try qr.readDouble(w)
                    case 2: q.value = try qr.readDouble(w)
                    default: try qr.skip(w, field: f)
                    }
                }
                quantiles.append(q)
            default: try r.skip(wire, field: field)
            }
        }
    }
}
