import PromModel
import Testing
@testable import TSDB

/// The float histogram chunk: Prometheus's encoding details, round trips, and when the head must cut a chunk.
struct FloatHistogramChunkTests {
    /// A counter histogram at schema 1 whose buckets all grow by `step` each sample.
    static func counter(_ i: Int, step: Double = 1, offset: Int32 = -2, buckets: Int = 5) -> FloatHistogram {
        let n = Double(i)
        let positive = (0..<buckets).map { Double($0 + 1) + n * step }
        let negative = [2 + n * step, 1 + n * step]
        let zero = 3 + n
        return FloatHistogram(
            schema: 1, zeroThreshold: 0x1p-128, zeroCount: zero,
            count: zero + positive.reduce(0, +) + negative.reduce(0, +), sum: 100.5 * n - 7,
            positiveOffset: offset, positive: positive, negativeOffset: 1, negative: negative)
    }

    static func decode(_ bytes: [UInt8]) -> [(t: Int64, h: FloatHistogram)] {
        var it = HistogramIterator(bytes: bytes)
        var out: [(Int64, FloatHistogram)] = []
        while it.next() { out.append((it.t, it.histogram())) }
        #expect(it.error == nil)
        return out
    }

    @Test func varbitIntegersRoundTripAtEveryWidthBoundary() {
        let ints: [Int64] = [0, 1, -1, 4, -3, 5, -4, 32, -31, 33, 256, -255, 257, 2048, -2047, 2049, 1 << 17, -(1 << 17) + 1,
                             1 << 24, 1 << 55, -(1 << 55) + 1, 1 << 56, .max, .min, 1_733_594_400_000]
        let uints: [UInt64] = [0, 1, 7, 8, 63, 64, 511, 512, 4095, 4096, 262_143, 262_144, 33_554_431, 33_554_432,
                               (1 << 56) - 1, 1 << 56, .max]
        var w = BitWriter()
        for v in ints { Varbit.putInt(&w, v) }
        for v in uints { Varbit.putUint(&w, v) }
        var r = BitReader(w.bytes)
        for v in ints { #expect(Varbit.readInt(&r) == v) }
        for v in uints { #expect(Varbit.readUint(&r) == v) }
    }

    @Test func varbitWidthsAreTheOnesPrometheusWrites() {
        // 4 fits 3 bits (`10` + `100`), -4 does not (the range is asymmetric) and takes `110` + 6 bits.
        var w = BitWriter()
        Varbit.putInt(&w, 4)
        Varbit.putInt(&w, -4)
        #expect(w.bytes == [0b1010_0110, 0b1111_0000])
        // 0 is a single 0 bit; 8 needs 6 bits (`110` + `001000`).
        var u = BitWriter()
        Varbit.putUint(&u, 0)
        Varbit.putUint(&u, 8)
        #expect(u.bytes == [0b0110_0010, 0b0000_0000])
    }

    @Test func zeroThresholdsTakeOneByteForPowersOfTwo() {
        // Prometheus documents the default threshold 2^-128 as the single byte 116.
        for (v, bytes) in [(0x1p-128, [UInt8(116)]), (0.0, [0]), (1.0, [244]), (0x1p10, [254]), (0x1p-243, [1])] as [(Double, [UInt8])] {
            var w = BitWriter()
            FloatHistogramChunk.putZeroThreshold(&w, v)
            // Like Prometheus's bstream, an aligned whole byte leaves an empty byte after it.
            #expect(w.bytes == bytes + [0], "\(v)")
            var r = BitReader(w.bytes)
            #expect(FloatHistogramChunk.readZeroThreshold(&r) == v)
        }
        // Infinities and NaN (found by the fuzzer: their exponent overflowed) take the raw form too.
        for v in [Double.infinity, -0x1p-128] {
            var w = BitWriter()
            FloatHistogramChunk.putZeroThreshold(&w, v)
            var r = BitReader(w.bytes)
            #expect(FloatHistogramChunk.readZeroThreshold(&r) == v)
        }
        var nan = BitWriter()
        FloatHistogramChunk.putZeroThreshold(&nan, .nan)
        var nanReader = BitReader(nan.bytes)
        #expect(FloatHistogramChunk.readZeroThreshold(&nanReader)?.isNaN == true)
        for v in [0.001, 0x1p11, 0x1p-244, 3.0] {
            var w = BitWriter()
            FloatHistogramChunk.putZeroThreshold(&w, v)
            #expect(w.bytes.count == 10 && w.bytes[0] == 255, "\(v)")
            var r = BitReader(w.bytes)
            #expect(FloatHistogramChunk.readZeroThreshold(&r) == v)
        }
    }

    @Test func customBoundsAreCompactForMillisecondMultiples() {
        var w = BitWriter()
        FloatHistogramChunk.putCustomBound(&w, 0.25)  // 250 + 1 = 251: `1110` + 9 bits
        #expect(w.bytes.count == 2)
        for v in [0.25, 0, 33_554.43, 33_554.431, -1, 0.0001, 1e300] {
            var w = BitWriter()
            FloatHistogramChunk.putCustomBound(&w, v)
            var r = BitReader(w.bytes)
            #expect(FloatHistogramChunk.readCustomBound(&r) == v, "\(v)")
        }
    }

    @Test func samplesWithTheSameLayoutRoundTripBitForBit() {
        var c = FloatHistogramChunk()
        var expected: [(Int64, FloatHistogram)] = []
        var t: Int64 = 1_733_594_400_000
        for i in 0..<60 {
            t += i % 7 == 0 ? 15_003 : 15_000
            let h = Self.counter(i)
            #expect(c.appendability(of: h) == .append)
            c.append(t: t, h: h)
            expected.append((t, h))
        }
        #expect(c.numSamples == 60 && c.header == .unknown)
        let got = Self.decode(c.bytes)
        #expect(got.count == 60)
        for (i, (g, e)) in zip(got, expected).enumerated() {
            #expect(g.t == e.0)
            #expect(g.h.sameSample(as: e.1), "sample \(i): \(g.h) != \(e.1)")
            #expect(g.h.counterResetHint == (i == 0 ? .unknown : .notCounterReset))
        }
    }

    @Test func fewerBucketsArePaddedAndMoreBucketsNeedANewChunk() {
        var c = FloatHistogramChunk()
        c.append(t: 1000, h: Self.counter(0))
        // The first and last bucket missing: still inside the layout, no counts lost? They were 1 and 5 before:
        // a missing bucket that had observations is a counter reset.
        var fewer = Self.counter(1)
        fewer.positive = Array(fewer.positive.dropFirst())
        fewer.positiveOffset += 1
        #expect(c.appendability(of: fewer) == .cut(.counterReset))
        // A new bucket beyond the layout is no reset, but needs a new layout.
        var more = Self.counter(1)
        more.positive.append(1)
        #expect(c.appendability(of: more) == .cut(.notCounterReset))
        // Counts that went down: a reset.
        #expect(c.appendability(of: Self.counter(0, step: 1, offset: -2)) == .append)
        var lower = Self.counter(1)
        lower.count = 1
        #expect(c.appendability(of: lower) == .cut(.counterReset))
        #expect(c.appendability(of: FloatHistogram(schema: 2, count: 100)) == .cut(.unknown))
        var explicitReset = Self.counter(2)
        explicitReset.counterResetHint = .counterReset
        #expect(c.appendability(of: explicitReset) == .cut(.counterReset))

        // A layout with an empty edge bucket takes a histogram without it, padded with zero.
        var first = Self.counter(0)
        first.positive[0] = 0
        first.compact()
        var d = FloatHistogramChunk()
        var withEmpty = Self.counter(0)
        withEmpty.positive[0] = 0
        d.append(t: 1000, h: withEmpty)
        var inner = Self.counter(1)
        inner.positive[0] = 0
        inner.positive = Array(inner.positive.dropFirst())
        inner.positiveOffset += 1
        #expect(d.appendability(of: inner) == .append)
        d.append(t: 2000, h: inner)
        let got = Self.decode(d.bytes)
        #expect(got.count == 2 && got[1].h.sameSample(as: inner))
        #expect(got[0].h.sameSample(as: first))
    }

    @Test func staleMarkersCarryNoBucketsAndEndTheChunkForRealSamples() {
        var c = FloatHistogramChunk()
        c.append(t: 1000, h: Self.counter(0))
        c.append(t: 2000, h: Self.counter(1))
        let stale = FloatHistogram(sum: Double(bitPattern: StaleNaN.bits))
        #expect(c.appendability(of: stale) == .append)
        c.append(t: 3000, h: stale)
        #expect(c.appendability(of: stale) == .append)
        c.append(t: 4000, h: stale)
        #expect(c.appendability(of: Self.counter(2)) == .cut(.unknown))
        let got = Self.decode(c.bytes)
        #expect(got.map(\.t) == [1000, 2000, 3000, 4000])
        #expect(got[2].h.sum.bitPattern == StaleNaN.bits && got[3].h.sum.bitPattern == StaleNaN.bits)
        #expect(got[1].h.sameSample(as: Self.counter(1)))
        // A chunk that starts with a stale marker.
        var s = FloatHistogramChunk()
        s.append(t: 5000, h: stale)
        #expect(Self.decode(s.bytes).first?.h.sum.bitPattern == StaleNaN.bits)
    }

    @Test func gaugeAndCustomBucketHistogramsRoundTrip() {
        var g = FloatHistogramChunk(header: .gauge)
        var values: [FloatHistogram] = []
        for i in 0..<10 {
            var h = Self.counter(i % 3 == 0 ? 5 : i)  // goes down: fine for a gauge
            h.counterResetHint = .gauge
            #expect(g.appendability(of: h) == .append, "gauge \(i)")
            g.append(t: Int64(i) * 1000, h: h)
            values.append(h)
        }
        for (got, want) in zip(Self.decode(g.bytes), values) {
            #expect(got.h.sameSample(as: want) && got.h.counterResetHint == .gauge)
        }
        var c = FloatHistogramChunk()
        let bounds = [0.005, 0.25, 1, 2.5, 1e6]
        var nhcb: [FloatHistogram] = []
        for i in 0..<5 {
            let h = FloatHistogram(
                schema: FloatHistogram.customBucketsSchema, count: Double(10 * i + 6), sum: 3.5 * Double(i),
                positiveOffset: 0, positive: [1, Double(i), 2, 0, 3, Double(10 * i + 1)], customValues: bounds)
            c.append(t: Int64(i) * 1000, h: h)
            nhcb.append(h)
        }
        let got = Self.decode(c.bytes)
        #expect(got.count == 5)
        for (g, w) in zip(got, nhcb) { #expect(g.h.sameSample(as: w) && g.h.customValues == bounds) }
        var other = nhcb[4]
        other.customValues = [1, 2]
        other.positive = [100, 100, 100]
        #expect(c.appendability(of: other) == .cut(.counterReset))
    }

    @Test func truncatedChunksEndWithAnErrorNotACrash() {
        var c = FloatHistogramChunk()
        for i in 0..<20 { c.append(t: Int64(i) * 1000, h: Self.counter(i)) }
        let bytes = c.bytes
        for cut in stride(from: 0, to: bytes.count, by: 3) {
            var it = HistogramIterator(bytes: Array(bytes.prefix(cut)))
            var n = 0
            while it.next() { n += 1 }
            #expect(n < 20 && it.error != nil, "cut at \(cut)")
        }
    }
}
