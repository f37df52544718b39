/// A tiny protobuf writer for tests: builds `io.prometheus.client` messages field by field, so decoder tests
/// can state exactly which bytes a body holds (unpacked or packed repeated fields, unknown fields, truncation)
/// without swift-protobuf or generated code.
public struct ProtoMessage: Sendable {
    public var bytes: [UInt8] = []

    public init() {}

    public mutating func rawVarint(_ v: UInt64) {
        var v = v
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    public mutating func tag(_ field: Int, _ wire: UInt8) { rawVarint(UInt64(field) << 3 | UInt64(wire)) }

    public mutating func varint(_ field: Int, _ v: UInt64) {
        tag(field, 0)
        rawVarint(v)
    }

    public mutating func int64(_ field: Int, _ v: Int64) { varint(field, UInt64(bitPattern: v)) }

    /// sint32/sint64 (zigzag).
    public mutating func sint(_ field: Int, _ v: Int64) { varint(field, zigzag(v)) }

    public mutating func double(_ field: Int, _ v: Double) {
        tag(field, 1)
        var bits = v.bitPattern
        for _ in 0..<8 {
            bytes.append(UInt8(truncatingIfNeeded: bits))
            bits >>= 8
        }
    }

    public mutating func fixed32(_ field: Int, _ v: UInt32) {
        tag(field, 5)
        var bits = v
        for _ in 0..<4 {
            bytes.append(UInt8(truncatingIfNeeded: bits))
            bits >>= 8
        }
    }

    public mutating func lengthDelimited(_ field: Int, _ payload: [UInt8]) {
        tag(field, 2)
        rawVarint(UInt64(payload.count))
        bytes += payload
    }

    public mutating func string(_ field: Int, _ s: String) { lengthDelimited(field, Array(s.utf8)) }

    public mutating func message(_ field: Int, _ m: ProtoMessage) { lengthDelimited(field, m.bytes) }

    /// A packed run of zigzag varints (proto3's encoding of `repeated sint64`).
    public mutating func packedSInt(_ field: Int, _ values: [Int64]) {
        var p = ProtoMessage()
        for v in values { p.rawVarint(zigzag(v)) }
        lengthDelimited(field, p.bytes)
    }

    /// A packed run of doubles.
    public mutating func packedDouble(_ field: Int, _ values: [Double]) {
        var p = ProtoMessage()
        for v in values {
            var bits = v.bitPattern
            for _ in 0..<8 {
                p.bytes.append(UInt8(truncatingIfNeeded: bits))
                bits >>= 8
            }
        }
        lengthDelimited(field, p.bytes)
    }

    private func zigzag(_ v: Int64) -> UInt64 { UInt64(bitPattern: (v << 1) ^ (v >> 63)) }

    /// Messages framed as a scrape body: each preceded by its varint length.
    public static func delimited(_ messages: [ProtoMessage]) -> [UInt8] {
        var out = ProtoMessage()
        for m in messages {
            out.rawVarint(UInt64(m.bytes.count))
            out.bytes += m.bytes
        }
        return out.bytes
    }
}

/// Builders for the metrics.proto messages, with its field numbers.
public enum ProtoMetrics {
    public enum FamilyType: UInt64 { case counter = 0, gauge, summary, untyped, histogram, gaugeHistogram }

    public static func family(
        _ name: String, help: String = "", type: FamilyType, unit: String = "", metrics: [ProtoMessage]
    ) -> ProtoMessage {
        var m = ProtoMessage()
        m.string(1, name)
        if !help.isEmpty { m.string(2, help) }
        m.varint(3, type.rawValue)
        for x in metrics { m.message(4, x) }
        if !unit.isEmpty { m.string(5, unit) }
        return m
    }

    /// A `Metric`; `value` goes into the message for `type` (counter = 3, gauge = 2, untyped = 5).
    public static func metric(
        labels: [(String, String)] = [], type: FamilyType = .untyped, value: Double = 0, timestampMs: Int64? = nil
    ) -> ProtoMessage {
        var v = ProtoMessage()
        v.double(1, value)
        let field: Int
        switch type {
        case .counter: field = 3
        case .gauge: field = 2
        default: field = 5
        }
        var m = withLabels(labels)
        m.message(field, v)
        if let timestampMs { m.int64(6, timestampMs) }
        return m
    }

    public static func withLabels(_ labels: [(String, String)]) -> ProtoMessage {
        var m = ProtoMessage()
        for (n, v) in labels {
            var p = ProtoMessage()
            p.string(1, n)
            p.string(2, v)
            m.message(1, p)
        }
        return m
    }

    public static func summaryMetric(
        labels: [(String, String)] = [], count: UInt64, sum: Double, quantiles: [(Double, Double)]
    ) -> ProtoMessage {
        var s = ProtoMessage()
        s.varint(1, count)
        s.double(2, sum)
        for (q, v) in quantiles {
            var qm = ProtoMessage()
            qm.double(1, q)
            qm.double(2, v)
            s.message(3, qm)
        }
        var m = withLabels(labels)
        m.message(4, s)
        return m
    }

    /// A `Histogram` with classic buckets `(upper bound, cumulative count)` and optionally native parts.
    public struct Native: Sendable {
        public var schema: Int64
        public var zeroThreshold: Double
        public var zeroCount: UInt64
        public var positiveSpans: [(Int64, UInt64)]
        public var positiveDeltas: [Int64]
        public var negativeSpans: [(Int64, UInt64)] = []
        public var negativeDeltas: [Int64] = []
        /// Write the deltas packed (proto3) instead of one tag per value (proto2).
        public var packed = false

        public init(
            schema: Int64, zeroThreshold: Double = 0, zeroCount: UInt64 = 0, positiveSpans: [(Int64, UInt64)],
            positiveDeltas: [Int64], negativeSpans: [(Int64, UInt64)] = [], negativeDeltas: [Int64] = [],
            packed: Bool = false
        ) {
            self.schema = schema
            self.zeroThreshold = zeroThreshold
            self.zeroCount = zeroCount
            self.positiveSpans = positiveSpans
            self.positiveDeltas = positiveDeltas
            self.negativeSpans = negativeSpans
            self.negativeDeltas = negativeDeltas
            self.packed = packed
        }
    }

    public static func histogramMetric(
        labels: [(String, String)] = [], count: UInt64, sum: Double, buckets: [(Double, UInt64)],
        native: Native? = nil
    ) -> ProtoMessage {
        var h = ProtoMessage()
        h.varint(1, count)
        h.double(2, sum)
        for (bound, c) in buckets {
            var b = ProtoMessage()
            b.varint(1, c)
            b.double(2, bound)
            h.message(3, b)
        }
        if let n = native {
            h.sint(5, n.schema)
            h.double(6, n.zeroThreshold)
            h.varint(7, n.zeroCount)
            func spans(_ field: Int, _ spans: [(Int64, UInt64)]) {
                for (o, l) in spans {
                    var s = ProtoMessage()
                    s.sint(1, o)
                    s.varint(2, l)
                    h.message(field, s)
                }
            }
            func deltas(_ field: Int, _ d: [Int64]) {
                if n.packed { h.packedSInt(field, d) } else { for x in d { h.sint(field, x) } }
            }
            spans(9, n.negativeSpans)
            deltas(10, n.negativeDeltas)
            spans(12, n.positiveSpans)
            deltas(13, n.positiveDeltas)
        }
        var m = withLabels(labels)
        m.message(7, h)
        return m
    }
}
