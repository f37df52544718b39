import PromModel

/// Native histogram records, as Prometheus's `tsdb/record` encodes them (Docs/wal.md).
extension WALRecord {
    /// Records for `list`: exponential-schema histograms in one float-histogram record, custom-bucket ones in
    /// another (Prometheus keeps them apart so that older readers skip what they cannot read).
    static func encodeFloatHistograms(_ list: [RefFloatHistogram]) -> [[UInt8]] {
        let custom = list.filter { $0.h.usesCustomBuckets }
        let exponential = list.filter { !$0.h.usesCustomBuckets }
        var out: [[UInt8]] = []
        if !exponential.isEmpty { out.append(encode(exponential, type: floatHistogramsType)) }
        if !custom.isEmpty { out.append(encode(custom, type: customBucketsFloatHistogramsType)) }
        return out
    }

    private static func encode(_ list: [RefFloatHistogram], type: UInt8) -> [UInt8] {
        var w = ByteWriter()
        w.writeByte(type)
        guard let first = list.first else { return w.bytes }
        w.writeBE64(first.ref)
        w.writeBE64(UInt64(bitPattern: first.t))
        for s in list {
            w.writeVarint(Int64(bitPattern: s.ref &- first.ref))
            w.writeVarint(s.t &- first.t)
            let h = s.h
            w.writeByte(h.counterResetHint.rawValue)
            w.writeVarint(Int64(h.schema))
            w.writeBE64(h.zeroThreshold.bitPattern)
            w.writeBE64(h.zeroCount.bitPattern)
            w.writeBE64(h.count.bitPattern)
            w.writeBE64(h.sum.bitPattern)
            let (ps, pb) = h.positiveSpans
            let (ns, nb) = h.negativeSpans
            writeSpans(&w, ps)
            writeSpans(&w, ns)
            w.writeUvarint(UInt64(pb.count))
            for b in pb { w.writeBE64(b.bitPattern) }
            w.writeUvarint(UInt64(nb.count))
            for b in nb { w.writeBE64(b.bitPattern) }
            if h.usesCustomBuckets {
                w.writeUvarint(UInt64(h.customValues.count))
                for v in h.customValues { w.writeBE64(v.bitPattern) }
            }
        }
        return w.bytes
    }

    private static func writeSpans(_ w: inout ByteWriter, _ spans: [HistogramSpan]) {
        w.writeUvarint(UInt64(spans.count))
        for s in spans {
            w.writeVarint(Int64(s.offset))
            w.writeUvarint(UInt64(s.length))
        }
    }

    /// Decodes the body of a histogram record (after the type byte). Integer histograms (types 7 and 9) carry
    /// counts as varints and bucket counts as deltas; they come back with float counts.
    static func decodeHistograms(_ r: inout ByteReader, integer: Bool) throws(DecodeError) -> [RefFloatHistogram] {
        var out: [RefFloatHistogram] = []
        if r.isAtEnd { return out }
        let baseRef = try r.readBE64()
        let baseT = Int64(bitPattern: try r.readBE64())
        while !r.isAtEnd {
            let ref = baseRef &+ UInt64(bitPattern: try r.readVarint())
            let t = baseT &+ (try r.readVarint())
            let hintByte = try r.readByte()
            let schema = try r.readVarint()
            guard let schema32 = Int32(exactly: schema) else {
                throw DecodeError(reason: "histogram schema \(schema) out of range", offset: r.position)
            }
            let zeroThreshold = Double(bitPattern: try r.readBE64())
            let zeroCount: Double, count: Double
            if integer {
                zeroCount = Double(try r.readUvarint())
                count = Double(try r.readUvarint())
            } else {
                zeroCount = Double(bitPattern: try r.readBE64())
                count = Double(bitPattern: try r.readBE64())
            }
            let sum = Double(bitPattern: try r.readBE64())
            let ps = try readSpans(&r)
            let ns = try readSpans(&r)
            let pb = try readBuckets(&r, integer: integer)
            let nb = try readBuckets(&r, integer: integer)
            guard HistogramSpan.decodable(schema: schema, ps, ns) else {
                throw DecodeError(reason: "histogram with schema \(schema) or spans out of range", offset: r.position)
            }
            var custom: [Double] = []
            if schema32 == FloatHistogram.customBucketsSchema {
                let n = try r.readUvarintInt(limit: r.remaining / 8)
                for _ in 0..<n { custom.append(Double(bitPattern: try r.readBE64())) }
            }
            let h = FloatHistogram(
                schema: schema32, zeroThreshold: zeroThreshold, zeroCount: zeroCount, count: count, sum: sum,
                positiveSpans: ps, positiveBuckets: pb, negativeSpans: ns, negativeBuckets: nb, customValues: custom,
                counterResetHint: CounterResetHint(rawValue: hintByte) ?? .unknown)
            out.append(RefFloatHistogram(ref: ref, t: t, h: h))
        }
        return out
    }

    private static func readSpans(_ r: inout ByteReader) throws(DecodeError) -> [HistogramSpan] {
        let n = try r.readUvarintInt(limit: r.remaining)
        var out: [HistogramSpan] = []
        out.reserveCapacity(n)
        for _ in 0..<n {
            let offset = try r.readVarint()
            let length = try r.readUvarint()
            guard let o = Int32(exactly: offset), let l = UInt32(exactly: length), l < 1 << 20 else {
                throw DecodeError(reason: "histogram span (\(offset), \(length)) out of range", offset: r.position)
            }
            out.append(HistogramSpan(offset: o, length: l))
        }
        return out
    }

    private static func readBuckets(_ r: inout ByteReader, integer: Bool) throws(DecodeError) -> [Double] {
        let n = try r.readUvarintInt(limit: r.remaining)
        var out: [Double] = []
        out.reserveCapacity(n)
        var running: Int64 = 0
        for _ in 0..<n {
            if integer {
                running = running &+ (try r.readVarint())
                out.append(Double(running))
            } else {
                out.append(Double(bitPattern: try r.readBE64()))
            }
        }
        return out
    }
}
