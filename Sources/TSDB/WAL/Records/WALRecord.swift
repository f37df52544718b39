import PromModel

/// The content of WAL records: series definitions and float samples, encoded as Prometheus's `tsdb/record`
/// (see Docs/wal.md). Independent of the framing layer.
enum WALRecord {
    static let seriesType: UInt8 = 1
    static let samplesType: UInt8 = 2
    static let tombstonesType: UInt8 = 3
    /// Prometheus's integer-count histograms: read on replay (a Prometheus WAL), never written.
    static let histogramsType: UInt8 = 7
    static let floatHistogramsType: UInt8 = 8
    /// The same two for custom-bucket histograms (schema -53), which Prometheus keeps in records of their own.
    static let customBucketsHistogramsType: UInt8 = 9
    static let customBucketsFloatHistogramsType: UInt8 = 10
    /// Sextant's own type: samples accepted behind their series' newest one (the out-of-order window), encoded
    /// as `samplesType`. Kept apart so that replay buffers them as late samples instead of guessing, and so that
    /// replay may skip in-order samples that head chunk files already hold.
    static let lateSamplesType: UInt8 = 64

    struct RefSeries: Equatable {
        var ref: UInt64
        var labels: Labels
    }

    struct RefSample: Equatable {
        var ref: UInt64
        var t: Int64
        var valueBits: UInt64
    }

    /// Samples of series `ref` in `[mint, maxt]` are deleted.
    struct Tombstone: Equatable, Sendable {
        var ref: UInt64
        var mint: Int64
        var maxt: Int64
    }

    struct RefFloatHistogram: Equatable {
        var ref: UInt64
        var t: Int64
        var h: FloatHistogram
    }

    enum Decoded: Equatable {
        case series([RefSeries])
        case samples([RefSample])
        /// Native histograms of any of the four histogram record types, counts as floats.
        case histograms([RefFloatHistogram])
        case lateSamples([RefSample])
        case tombstones([Tombstone])
        /// A record type Sextant does not replay (exemplars, metadata).
        case unknown(UInt8)
    }

    static func encodeSeries(_ series: [RefSeries]) -> [UInt8] {
        var w = ByteWriter()
        w.writeByte(seriesType)
        for s in series {
            w.writeBE64(s.ref)
            w.writeUvarint(UInt64(s.labels.count))
            for l in s.labels {
                w.writeUvarintString(l.name)
                w.writeUvarintString(l.value)
            }
        }
        return w.bytes
    }

    static func encodeSamples(_ samples: [RefSample], type: UInt8 = samplesType) -> [UInt8] {
        var w = ByteWriter()
        w.bytes.reserveCapacity(1 + 16 + samples.count * 12)
        w.writeByte(type)
        guard let first = samples.first else { return w.bytes }
        w.writeBE64(first.ref)
        w.writeBE64(UInt64(bitPattern: first.t))
        for s in samples {
            w.writeVarint(Int64(bitPattern: s.ref &- first.ref))
            w.writeVarint(s.t &- first.t)
            w.writeBE64(s.valueBits)
        }
        return w.bytes
    }

    static func encodeTombstones(_ stones: [Tombstone]) -> [UInt8] {
        var w = ByteWriter()
        w.writeByte(tombstonesType)
        for s in stones {
            w.writeBE64(s.ref)
            w.writeVarint(s.mint)
            w.writeVarint(s.maxt)
        }
        return w.bytes
    }

    static func decode(_ bytes: [UInt8]) throws(DecodeError) -> Decoded {
        var r = ByteReader(bytes[...])
        let type = try r.readByte()
        switch type {
        case seriesType:
            var out: [RefSeries] = []
            while !r.isAtEnd {
                let ref = try r.readBE64()
                let n = try r.readUvarint()
                guard n <= UInt64(r.remaining) else {
                    throw DecodeError(reason: "series \(ref) claims \(n) labels", offset: r.position)
                }
                var labels: [Label] = []
                labels.reserveCapacity(Int(n))  // n ≤ remaining bytes, checked above
                for _ in 0..<n {
                    let name = try r.readUvarintString()
                    let value = try r.readUvarintString()
                    labels.append(Label(name: name, value: value))
                }
                out.append(RefSeries(ref: ref, labels: Labels(sortedUnchecked: labels)))
            }
            return .series(out)
        case samplesType:
            var out: [RefSample] = []
            try decodeSamples(bytes, into: &out)
            return .samples(out)
        case lateSamplesType:
            var out: [RefSample] = []
            try decodeSamples(bytes, into: &out)
            return .lateSamples(out)
        case histogramsType, floatHistogramsType, customBucketsHistogramsType, customBucketsFloatHistogramsType:
            return .histograms(try decodeHistograms(&r, integer: type == histogramsType || type == customBucketsHistogramsType))
        case tombstonesType:
            var out: [Tombstone] = []
            while !r.isAtEnd {
                out.append(Tombstone(ref: try r.readBE64(), mint: try r.readVarint(), maxt: try r.readVarint()))
            }
            return .tombstones(out)
        default:
            return .unknown(type)
        }
    }

    /// Decodes a samples record (type byte included) into `out`, replacing its contents; reuses its capacity.
    ///
    /// Reads through one unsafe pointer with explicit bounds checks: WAL replay spends most of its decoding time
    /// here. A short or malformed record throws with the offset, as `ByteReader` does.
    static func decodeSamples(_ bytes: [UInt8], into out: inout [RefSample]) throws(DecodeError) {
        out.removeAll(keepingCapacity: true)
        guard bytes.first == samplesType || bytes.first == lateSamplesType else {
            throw DecodeError(reason: "not a samples record", offset: 0)
        }
        if bytes.count == 1 { return }
        let result: DecodeError? = bytes.withUnsafeBufferPointer { b -> DecodeError? in
            let n = b.count
            var o = 1
            @inline(__always) func be64(_ at: Int) -> UInt64 {
                var v: UInt64 = 0
                for i in 0..<8 { v = v << 8 | UInt64(b[at + i]) }
                return v
            }
            @inline(__always) func uvarint() -> UInt64? {
                var x: UInt64 = 0
                var s: UInt64 = 0
                var i = 0
                while o < n && i < Varint.maxLength {
                    let c = b[o]
                    o += 1
                    if c < 0x80 {
                        if i == Varint.maxLength - 1 && c > 1 { return nil }
                        return x | UInt64(c) << s
                    }
                    x |= UInt64(c & 0x7f) << s
                    s += 7
                    i += 1
                }
                return nil
            }
            guard n - o >= 16 else { return DecodeError(reason: "unexpected end reading 8 bytes", offset: o) }
            let baseRef = be64(o)
            let baseT = Int64(bitPattern: be64(o + 8))
            o += 16
            out.reserveCapacity((n - o) / 10)
            while o < n {
                let start = o
                guard let dRef = uvarint() else { return DecodeError(reason: "invalid or truncated varint", offset: start) }
                let tStart = o
                guard let dT = uvarint() else { return DecodeError(reason: "invalid or truncated varint", offset: tStart) }
                guard n - o >= 8 else { return DecodeError(reason: "unexpected end reading 8 bytes", offset: o) }
                let v = be64(o)
                o += 8
                out.append(RefSample(
                    ref: baseRef &+ UInt64(bitPattern: Varint.unzigzag(dRef)), t: baseT &+ Varint.unzigzag(dT),
                    valueBits: v))
            }
            return nil
        }
        if let result { throw result }
    }
}
