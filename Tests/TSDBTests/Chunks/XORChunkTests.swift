import PromModel
import Testing
@testable import TSDB

struct XORChunkTests {
    /// Decodes every sample of a chunk.
    static func decode(_ bytes: [UInt8]) -> (samples: [(t: Int64, bits: UInt64)], error: ChunkError?) {
        var it = XORIterator(bytes: bytes)
        var out: [(Int64, UInt64)] = []
        while it.next() { out.append((it.t, it.valueBits)) }
        return (out, it.error)
    }

    static func encode(_ samples: [(t: Int64, bits: UInt64)]) -> XORChunk {
        var c = XORChunk()
        for s in samples { c.append(t: s.t, v: Double(bitPattern: s.bits)) }
        return c
    }

    /// Bytes of a chunk written by Prometheus 2.x (`promtool tsdb create-blocks-from openmetrics`, block chunk file
    /// `chunks/000001`, payload after the length and encoding bytes) for the samples below, NaN being Go's
    /// `math.NaN()` (0x7ff8000000000001).
    static let prometheusBytes: [UInt8] = [
        0x00, 0x06, 0x80, 0x89, 0x7a, 0x3f, 0xf0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xe8, 0x07, 0x30, 0x97, 0xff,
        0xe6, 0xd6, 0x36, 0x83, 0xa4, 0xa8, 0xc5, 0xf7, 0xff, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3c, 0xee, 0x48,
        0x18, 0x00, 0xbf, 0xe5, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00,
    ]
    static let prometheusSamples: [(t: Int64, bits: UInt64)] = [
        (1_000_000, (1.0).bitPattern), (1_001_000, (1.0).bitPattern), (1_002_000, (2.0).bitPattern),
        (1_010_000, (2.5).bitPattern), (1_011_000, 0x7ff8_0000_0000_0001), (1_500_000, (-7.25).bitPattern),
    ]

    @Test func encodesByteForByteLikePrometheus() {
        let c = Self.encode(Self.prometheusSamples)
        #expect(c.bytes == Self.prometheusBytes)
        #expect(c.numSamples == 6)
    }

    @Test func decodesPrometheusChunk() {
        let (got, err) = Self.decode(Self.prometheusBytes)
        #expect(err == nil)
        #expect(got.map(\.t) == Self.prometheusSamples.map(\.t))
        #expect(got.map(\.bits) == Self.prometheusSamples.map(\.bits))
    }

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var samples: [(t: Int64, bits: UInt64)]
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "single", samples: [(5, (1.5).bitPattern)]),
        Case(name: "negative timestamps", samples: [(-10_000, 0), (-5_000, 1), (0, 2), (7, 3)]),
        Case(name: "stale and other NaNs", samples: [
            (1, StaleNaN.bits), (2, Double.nan.bitPattern), (3, 0x7ff8_0000_0000_0001), (4, StaleNaN.bits),
            (5, 0xfff0_0000_0000_0001), (6, (-0.0).bitPattern), (7, (0.0).bitPattern),
        ]),
        Case(name: "infinities and extremes", samples: [
            (10, Double.infinity.bitPattern), (20, (-Double.infinity).bitPattern),
            (30, Double.greatestFiniteMagnitude.bitPattern), (40, Double.leastNonzeroMagnitude.bitPattern),
        ]),
        // Delta-of-delta exactly at each encoding boundary (see the asymmetric ranges in chunks.md).
        Case(name: "dod boundaries", samples: {
            var t: Int64 = 0
            var d: Int64 = 1
            var out: [(Int64, UInt64)] = [(0, 0)]
            for dod: Int64 in [0, 8192, -8191, 8193, -8192, 65536, -65535, 65537, 524_288, -524_287, 524_289, -524_288,
                               1 << 40, -(1 << 40)] {
                d += dod
                if d <= 0 { d = 1 }
                t += d
                out.append((t, UInt64(bitPattern: t)))
            }
            return out
        }()),
        Case(name: "huge jumps", samples: [(Int64.min / 2, 1), (0, 2), (Int64.max / 2, 3)]),
    ]

    @Test(arguments: cases)
    func roundTrip(_ c: Case) {
        let chunk = Self.encode(c.samples)
        let (got, err) = Self.decode(chunk.bytes)
        #expect(err == nil)
        #expect(got.map(\.t) == c.samples.map(\.t))
        #expect(got.map(\.bits) == c.samples.map(\.bits))
    }

    @Test func seededRandomRoundTrip() {
        var rng = SeededRandom(seed: 0x5eed)
        for round in 0..<200 {
            var samples: [(t: Int64, bits: UInt64)] = []
            var t = Int64(bitPattern: rng.next() % (1 << 42))
            let n = 1 + Int(rng.next() % 300)
            var v = 100.0
            for _ in 0..<n {
                // Mostly regular scrape intervals with jitter, sometimes large gaps.
                switch rng.next() % 10 {
                case 0: t += Int64(rng.next() % 10_000_000) + 1
                case 1, 2: t += 15_000 + Int64(rng.next() % 200) - 100
                default: t += 15_000
                }
                switch rng.next() % 6 {
                case 0: v = Double(bitPattern: rng.next())  // arbitrary bits, including NaN payloads
                case 1: v += 1
                case 2: v = Double(rng.next() % 1000)
                case 3: v = StaleNaN.value
                default: break
                }
                samples.append((t, v.bitPattern))
            }
            let (got, err) = Self.decode(Self.encode(samples).bytes)
            #expect(err == nil, "round \(round)")
            #expect(got.map(\.t) == samples.map(\.t), "round \(round)")
            #expect(got.map(\.bits) == samples.map(\.bits), "round \(round)")
        }
    }

    @Test func staleMarkerKeepsItsBits() {
        let c = Self.encode([(1, (1.0).bitPattern), (2, StaleNaN.bits), (3, (1.0).bitPattern)])
        var it = c.makeIterator()
        var ok = it.next() && it.next()
        #expect(ok)
        #expect(StaleNaN.isStale(it.v))
        ok = it.next()
        #expect(ok)
        #expect(!StaleNaN.isStale(it.v) && it.v == 1)
    }

    @Test func seekMovesForwardOnly() {
        let samples: [(t: Int64, bits: UInt64)] = (0..<50).map { (Int64($0) * 10, UInt64($0)) }
        let c = Self.encode(samples)
        var it = c.makeIterator()
        var ok = it.seek(95)
        #expect(ok && it.t == 100)
        ok = it.seek(100)
        #expect(ok && it.t == 100)  // already there: stays
        ok = it.seek(0)
        #expect(ok && it.t == 100)  // never backwards
        ok = it.next()
        #expect(ok && it.t == 110)
        ok = it.seek(490)
        #expect(ok && it.t == 490)
        ok = it.seek(491)
        #expect(!ok)
        ok = it.next()
        #expect(!ok)
    }

    @Test func truncatedChunkReportsError() {
        let bytes = Self.prometheusBytes
        for cut in [1, 5, 20, 40] {
            let (got, err) = Self.decode(Array(bytes.prefix(cut)))
            #expect(err != nil, "cut at \(cut)")
            #expect(got.count < 6)
        }
    }
}
