import PromModel
import Testing
@testable import TSDB

struct WALRecordTests {
    @Test func seriesRoundTrip() throws {
        let series = [
            WALRecord.RefSeries(ref: 1, labels: Labels(["__name__": "up", "job": "node"])),
            WALRecord.RefSeries(ref: 1 << 40, labels: Labels(["a": "ü✓", "b": String(repeating: "x", count: 300)])),
        ]
        let bytes = WALRecord.encodeSeries(series)
        #expect(bytes.first == 1)
        #expect(try WALRecord.decode(bytes) == .series(series))
    }

    @Test func samplesRoundTripWithDeltasFromTheFirstSample() throws {
        let samples = [
            WALRecord.RefSample(ref: 10, t: 1000, valueBits: StaleNaN.bits),
            WALRecord.RefSample(ref: 3, t: 999, valueBits: (1.5).bitPattern),
            WALRecord.RefSample(ref: 12, t: -5, valueBits: Double.nan.bitPattern),
        ]
        let bytes = WALRecord.encodeSamples(samples)
        // type | ref 10 (BE64) | t 1000 (BE64) | Δref 0, Δt 0, value | …
        #expect(Array(bytes.prefix(19)) == [2, 0, 0, 0, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0x03, 0xe8, 0, 0])
        #expect(try WALRecord.decode(bytes) == .samples(samples))
        #expect(try WALRecord.decode([2]) == .samples([]))
    }

    @Test func truncatedRecordsThrow() throws {
        let s = WALRecord.encodeSeries([.init(ref: 1, labels: Labels(["a": "b"]))])
        let m = WALRecord.encodeSamples([.init(ref: 1, t: 1, valueBits: 1), .init(ref: 2, t: 2, valueBits: 2)])
        // Cuts at entry boundaries leave valid shorter records; every other cut must throw.
        for cut in 2..<s.count { #expect(throws: DecodeError.self) { try WALRecord.decode(Array(s.prefix(cut))) } }
        for cut in 2..<m.count where ![17, 27].contains(cut) {
            #expect(throws: DecodeError.self, "cut \(cut)") { try WALRecord.decode(Array(m.prefix(cut))) }
        }
        #expect(try WALRecord.decode(Array(m.prefix(27))) == .samples([.init(ref: 1, t: 1, valueBits: 1)]))
        // Exemplars (4) and metadata (6) are not replayed.
        #expect(try WALRecord.decode([4, 1, 2]) == .unknown(4))
        #expect(try WALRecord.decode([6, 1, 2]) == .unknown(6))
    }

    @Test func floatHistogramRecordsRoundTripAndSplitCustomBuckets() throws {
        let exp = FloatHistogram(
            schema: 3, zeroThreshold: 0x1p-128, zeroCount: 2, count: 20, sum: 12.5, positiveOffset: -1,
            positive: [1, 0, 0, 4, 5], negativeOffset: 2, negative: [3, 5], counterResetHint: .notCounterReset)
        let nhcb = FloatHistogram(
            schema: -53, count: 6, sum: 1.5, positiveOffset: 0, positive: [1, 2, 3], customValues: [0.1, 1],
            counterResetHint: .unknown)
        let list = [
            WALRecord.RefFloatHistogram(ref: 7, t: 1000, h: exp),
            WALRecord.RefFloatHistogram(ref: 9, t: 1500, h: nhcb),
            WALRecord.RefFloatHistogram(ref: 5, t: 900, h: exp),
        ]
        let records = WALRecord.encodeFloatHistograms(list)
        #expect(records.map { $0.first } == [8, 10])
        guard case .histograms(let a) = try WALRecord.decode(records[0]),
            case .histograms(let b) = try WALRecord.decode(records[1])
        else {
            Issue.record("not histogram records")
            return
        }
        #expect(a.map(\.ref) == [7, 5] && a.map(\.t) == [1000, 900] && b.map(\.ref) == [9])
        #expect(a[0].h == exp && b[0].h == nhcb)
        // Prometheus's layout: type, base ref and time, then per sample Δref, Δt, hint, schema, threshold, counts.
        #expect(Array(records[0].prefix(20)) == [8, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0x03, 0xe8, 0, 0, 2])
        for cut in 18..<records[0].count where cut != records[0].count {
            var ok = true
            do { if case .histograms(let l) = try WALRecord.decode(Array(records[0].prefix(cut))), l.count == 2 { ok = false } } catch {}
            #expect(ok, "cut \(cut) decoded as whole")
        }
    }

    /// Integer histograms, as Prometheus writes them (type 7): counts as varints, bucket counts as deltas.
    @Test func integerHistogramRecordsDecodeToFloatCounts() throws {
        var w: [UInt8] = [7]
        func be64(_ v: UInt64) { for s in stride(from: 56, through: 0, by: -8) { w.append(UInt8(truncatingIfNeeded: v >> UInt64(s))) } }
        func uvarint(_ v: UInt64) { var v = v; while v >= 0x80 { w.append(UInt8(v & 0x7f) | 0x80); v >>= 7 }; w.append(UInt8(v)) }
        func varint(_ v: Int64) { uvarint(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }
        be64(3); be64(5000)
        varint(0); varint(0)
        w.append(1)  // counter reset
        varint(0); be64(0.001.bitPattern)  // schema 0, zero threshold
        uvarint(4); uvarint(15); be64(42.0.bitPattern)  // zero count, count, sum
        uvarint(2); varint(-1); uvarint(2); varint(2); uvarint(1)  // positive spans [-1,2] [2,1]
        uvarint(0)  // no negative spans
        uvarint(3); varint(5); varint(-3); varint(2)  // positive deltas: 5, 2, 4
        uvarint(0)
        guard case .histograms(let l) = try WALRecord.decode(w) else {
            Issue.record("not a histogram record")
            return
        }
        #expect(l.count == 1 && l[0].ref == 3 && l[0].t == 5000)
        let h = l[0].h
        #expect(h.counterResetHint == .counterReset && h.zeroCount == 4 && h.count == 15 && h.sum == 42)
        #expect(h.positiveOffset == -1 && h.positive == [5, 2, 0, 0, 4])
    }
}
