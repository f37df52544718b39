import PromModel
import Testing
@_spi(Fuzzing) @testable import TSDB

/// Seeded random inputs and mutations for every decoder: none may trap, and a valid input must still decode.
/// (Stand-in for the libFuzzer targets until they exist; the seeds make failures replayable.)
struct DecoderFuzzTests {
    static func mutate(_ b: [UInt8], _ rng: inout SeededRandom) -> [UInt8] {
        var b = b
        switch rng.next() % 4 {
        case 0 where !b.isEmpty:
            b[Int(rng.next() % UInt64(b.count))] ^= UInt8(truncatingIfNeeded: rng.next() | 1)
        case 1 where !b.isEmpty:
            b.removeLast(Int(rng.next() % UInt64(b.count)))
        case 2:
            b.insert(UInt8(truncatingIfNeeded: rng.next()), at: Int(rng.next() % UInt64(b.count + 1)))
        default:
            for _ in 0..<(1 + rng.next() % 8) where !b.isEmpty {
                b[Int(rng.next() % UInt64(b.count))] = UInt8(truncatingIfNeeded: rng.next())
            }
        }
        return b
    }

    @Test func xorIteratorSurvivesGarbage() {
        var rng = SeededRandom(seed: 1)
        var c = XORChunk()
        for i in 0..<120 { c.append(t: Int64(i) * 15_000 + Int64(rng.next() % 50), v: Double(rng.next() % 100)) }
        for _ in 0..<20_000 {
            var it = XORIterator(bytes: Self.mutate(c.bytes, &rng))
            var n = 0
            while it.next() { n += 1 }
            #expect(n <= 65_535)
            var it2 = XORIterator(bytes: Self.mutate(c.bytes, &rng))
            _ = it2.seek(Int64(rng.next() % 2_000_000))
        }
    }

    @Test func histogramChunksSurviveGarbage() {
        var rng = SeededRandom(seed: 11)
        var c = FloatHistogramChunk()
        for i in 0..<60 {
            c.append(t: Int64(i) * 15_000, h: FloatHistogram(
                schema: 1, zeroThreshold: 0x1p-128, zeroCount: Double(i), count: Double(7 * i + 3), sum: Double(i) * 1.5,
                positiveOffset: -2, positive: [1, Double(i), 2, Double(2 * i)], negativeOffset: 0, negative: [Double(i)]))
        }
        for n in 0..<8_000 {
            // Both decoders over the same mutated bytes: the float and the integer histogram chunk encodings.
            TSDBFuzzing.histogramChunk([UInt8(n & 1)] + Self.mutate(c.bytes, &rng))
            var it = HistogramIterator(bytes: Self.mutate(c.bytes, &rng), encoding: n & 1 == 0 ? .floatHistogram : .histogram)
            _ = it.seek(Int64(rng.next() % 2_000_000))
            if it.error == nil && it.numRead > 0 { _ = it.histogram() }
        }
    }

    /// Inputs the libFuzzer target found (Fuzz/Crashes/HistogramChunk), kept as regressions.
    @Test func histogramChunkFuzzerFindings() {
        // A chunk whose zero threshold decodes as NaN: re-encoding it overflowed an exponent.
        TSDBFuzzing.histogramChunk([
            0x30, 0xad, 0xad, 0xff, 0xff, 0xff, 0xff, 0x3a, 0x00, 0x24, 0xae, 0x29, 0x11, 0x00, 0x00, 0x24,
            0x00, 0x00, 0x00, 0x00, 0x24, 0x00,
        ])
    }

    @Test func walFramingSurvivesGarbage() {
        var rng = SeededRandom(seed: 2)
        var w = ByteWriter()
        // A valid segment prefix: three full records.
        for len in [10, 200, 3] {
            let payload = (0..<len).map { UInt8(truncatingIfNeeded: $0) }
            w.writeByte(FragmentType.full.rawValue)
            w.writeByte(UInt8(len >> 8))
            w.writeByte(UInt8(len & 0xff))
            let crc = CRC32C.checksum(payload)
            for s in [24, 16, 8, 0] { w.writeByte(UInt8(truncatingIfNeeded: crc >> UInt32(s))) }
            w.bytes += payload
        }
        #expect(SegmentRecords(w.bytes).records.count == 3)
        for _ in 0..<20_000 {
            let parsed = SegmentRecords(Self.mutate(w.bytes, &rng))
            #expect(parsed.records.count <= 4)
            #expect(parsed.validEnd <= w.bytes.count + 1)
        }
    }

    @Test func walRecordsSurviveGarbage() {
        var rng = SeededRandom(seed: 3)
        let series = WALRecord.encodeSeries([.init(ref: 7, labels: Labels(["__name__": "up", "job": "x"]))])
        let samples = WALRecord.encodeSamples((0..<20).map { .init(ref: UInt64($0), t: Int64($0), valueBits: 1) })
        for _ in 0..<20_000 {
            _ = try? WALRecord.decode(Self.mutate(series, &rng))
            _ = try? WALRecord.decode(Self.mutate(samples, &rng))
        }
    }

    @Test func blockIndexSurvivesGarbage() throws {
        var rng = SeededRandom(seed: 4)
        let series = (0..<30).map { i in
            (labels: Labels(["__name__": "m", "i": "\(i)"]), chunks: [ChunkMeta(minT: Int64(i), maxT: Int64(i) + 5, ref: UInt64(i) * 40)])
        }.sorted { $0.labels < $1.labels }
        let bytes = IndexWriter.encode(series)
        let clean = try IndexReader(path: "mem", bytes: bytes)
        #expect(clean.all().count == 30)
        #expect(clean.series(clean.postings("i", "7")[0])?.chunks == [ChunkMeta(minT: 7, maxT: 12, ref: 280)])
        var opened = 0
        for _ in 0..<5_000 {
            guard let r = try? IndexReader(path: "mem", bytes: Self.mutate(bytes, &rng)) else { continue }
            opened += 1
            for ref in r.all().prefix(40) { _ = r.series(ref) }
            _ = r.postings(for: [.equal("i", "3")])
            _ = r.values(of: "i")
        }
        #expect(opened > 0)
    }

    @Test func headChunkFileScanSurvivesGarbage() {
        var rng = SeededRandom(seed: 5)
        var file: [UInt8] = [0x01, 0x30, 0xBC, 0x91, 1, 0, 0, 0]
        for i in 0..<5 {
            var w = ByteWriter()
            w.writeBE64(UInt64(i + 1))
            w.writeBE64(0)
            w.writeBE64(10)
            w.writeByte(1)
            let data = XORChunk.emptyBytes + [UInt8](repeating: UInt8(i), count: 20)
            w.writeUvarint(UInt64(data.count))
            w.bytes += data
            let crc = CRC32C.checksum(w.bytes)
            for s in [24, 16, 8, 0] { w.writeByte(UInt8(truncatingIfNeeded: crc >> UInt32(s))) }
            file += w.bytes
        }
        let clean = file.withUnsafeBytes { ChunkDiskMapper.scan($0, sequence: 1) }
        #expect(clean.chunks.count == 5 && clean.problem == nil)
        for _ in 0..<20_000 {
            let b = Self.mutate(file, &rng)
            let r = b.withUnsafeBytes { ChunkDiskMapper.scan($0, sequence: 1) }
            #expect(r.chunks.count <= 6)
        }
    }

    @Test func crc32cKnownVectors() {
        // RFC 3720 test vectors.
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum(Array(0..<32)) == 0x46DD_794E)
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        // Continuing a checksum equals checksumming the concatenation.
        let a = Array("hello, ".utf8), b = Array("world".utf8)
        #expect(CRC32C.checksum(b, continuing: CRC32C.checksum(a)) == CRC32C.checksum(a + b))
    }
}
