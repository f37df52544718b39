import PromModel

/// The content of WAL records: series definitions and float samples, encoded as Prometheus's `tsdb/record`
/// (see Docs/wal.md). Independent of the framing layer.
enum WALRecord {
    static let seriesType: UInt8 = 1
    static let samplesType: UInt8 = 2

    struct RefSeries: Equatable {
        var ref: UInt64
        var labels: Labels
    }

    struct RefSample: Equatable {
        var ref: UInt64
        var t: Int64
        var valueBits: UInt64
    }

    enum Decoded: Equatable {
        case series([RefSeries])
        case samples([RefSample])
        /// A record type Sextant does not replay (tombstones, exemplars, histograms, metadata).
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

    static func encodeSamples(_ samples: [RefSample]) -> [UInt8] {
        var w = ByteWriter()
        w.bytes.reserveCapacity(1 + 16 + samples.count * 12)
        w.writeByte(samplesType)
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
                labels.reserveCapacity(Int(n))
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
            if r.isAtEnd { return .samples(out) }
            let baseRef = try r.readBE64()
            let baseT = Int64(bitPattern: try r.readBE64())
            out.reserveCapacity(r.remaining / 10)
            while !r.isAtEnd {
                let dRef = try r.readVarint()
                let dT = try r.readVarint()
                let v = try r.readBE64()
                out.append(RefSample(ref: baseRef &+ UInt64(bitPattern: dRef), t: baseT &+ dT, valueBits: v))
            }
            return .samples(out)
        default:
            return .unknown(type)
        }
    }
}
