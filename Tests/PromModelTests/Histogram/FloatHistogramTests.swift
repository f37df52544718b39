import Testing
import PromModel

struct FloatHistogramTests {
    /// schema 0, buckets (0.5,1]:1 (1,2]:2 (2,4]:1, count 4, sum 5.
    static let h0 = FloatHistogram(schema: 0, count: 4, sum: 5, positiveOffset: 0, positive: [1, 2, 1])

    struct BoundCase: Sendable, CustomStringConvertible {
        var schema: Int32
        var index: Int32
        var upper: Double
        var description: String { "schema \(schema) index \(index)" }
    }

    @Test(arguments: [
        BoundCase(schema: 0, index: 0, upper: 1), BoundCase(schema: 0, index: 1, upper: 2),
        BoundCase(schema: 0, index: -1, upper: 0.5), BoundCase(schema: 1, index: 1, upper: 2.0.squareRoot()),
        BoundCase(schema: 1, index: -1, upper: 0.5.squareRoot()), BoundCase(schema: -1, index: 1, upper: 4),
        BoundCase(schema: 3, index: 8, upper: 2),
    ])
    func bucketBounds(_ c: BoundCase) {
        let h = FloatHistogram(schema: c.schema)
        #expect(abs(h.positiveBounds(c.index).upper - c.upper) < 1e-12)
    }

    @Test func spansRoundTrip() {
        let h = FloatHistogram(schema: 0, zeroThreshold: 0, zeroCount: 0, count: 3, sum: 3,
                               positiveSpans: [HistogramSpan(offset: -1, length: 1), HistogramSpan(offset: 2, length: 2)],
                               positiveBuckets: [1, 1, 1], negativeSpans: [], negativeBuckets: [])
        #expect(h.positiveOffset == -1)
        #expect(h.positive == [1, 0, 0, 1, 1])
        let (spans, buckets) = h.positiveSpans
        #expect(spans == [HistogramSpan(offset: -1, length: 1), HistogramSpan(offset: 2, length: 2)])
        #expect(buckets == [1, 1, 1])
    }

    @Test func addAlignsOffsetsAndReducesSchema() throws {
        var a = Self.h0
        // schema 1: (1,1.41]:1 (1.41,2]:1 → schema 0 bucket (1,2]:2.
        let b = FloatHistogram(schema: 1, count: 2, sum: 3, positiveOffset: 1, positive: [1, 1])
        try a.add(b)
        #expect(a.schema == 0)
        #expect(a.count == 6 && a.sum == 8)
        #expect(a.positiveOffset == 0 && a.positive == [1, 4, 1])
        try a.subtract(b)
        #expect(a.positive == [1, 2, 1] && a.count == 4)
    }

    @Test func addWidensZeroBucket() throws {
        var a = FloatHistogram(schema: 0, zeroThreshold: 0.6, zeroCount: 1, count: 2, sum: 1, positiveOffset: 1, positive: [1])
        // (0.5,1] straddles 0.6: the zero bucket widens to 1 and swallows it.
        try a.add(FloatHistogram(schema: 0, count: 1, sum: 1, positiveOffset: 0, positive: [1]))
        #expect(a.zeroThreshold == 1)
        #expect(a.zeroCount == 2)
        #expect(a.positiveOffset == 1 && a.positive == [1])
    }

    @Test func incompatibleLayoutsRefuse() {
        var a = Self.h0
        let custom = FloatHistogram(schema: -53, count: 1, sum: 1, positive: [1], customValues: [5])
        #expect(throws: HistogramError.mixedSchemas) { try a.add(custom) }
        var c = custom
        let other = FloatHistogram(schema: -53, count: 1, sum: 1, positive: [1], customValues: [10])
        #expect(throws: HistogramError.incompatibleCustomBuckets) { try c.add(other) }
    }

    @Test func counterResetHints() throws {
        var a = FloatHistogram(counterResetHint: .counterReset)
        let notes = try a.add(FloatHistogram(counterResetHint: .notCounterReset))
        #expect(notes.counterResetCollision)
        #expect(a.counterResetHint == .unknown)
        var g = FloatHistogram(counterResetHint: .unknown)
        try g.add(FloatHistogram(counterResetHint: .gauge))
        #expect(g.counterResetHint == .gauge)
    }

    @Test func detectReset() {
        let prev = Self.h0
        var same = Self.h0
        #expect(!same.detectReset(previous: prev))
        same.positive[1] = 1
        same.count = 4
        #expect(same.detectReset(previous: prev), "a bucket went down")
        var hinted = Self.h0
        hinted.counterResetHint = .counterReset
        #expect(hinted.detectReset(previous: prev))
        let finer = FloatHistogram(schema: 1, count: 4, sum: 5, positiveOffset: 0, positive: [1, 1, 1, 1])
        #expect(finer.detectReset(previous: prev), "a finer schema is a reset")
    }

    struct QuantileCase: Sendable, CustomStringConvertible {
        var q: Double
        var want: Double
        var description: String { "q=\(q)" }
    }

    @Test(arguments: [
        QuantileCase(q: 0.5, want: 2.0.squareRoot()), QuantileCase(q: 0.25, want: 1),
        QuantileCase(q: 1, want: 4), QuantileCase(q: -1, want: -.infinity), QuantileCase(q: 2, want: .infinity),
    ])
    func quantile(_ c: QuantileCase) {
        #expect(abs(Self.h0.quantile(c.q) - c.want) < 1e-12 || Self.h0.quantile(c.q) == c.want)
    }

    @Test func fractionInvertsQuantile() {
        #expect(abs(Self.h0.fraction(1, 2) - 0.5) < 1e-12)
        #expect(abs(Self.h0.fraction(-.infinity, 2.0.squareRoot()) - 0.5) < 1e-12)
        #expect(Self.h0.fraction(2, 1) == 0)
        #expect(FloatHistogram().fraction(0, 1).isNaN)
    }

    @Test func customBucketQuantile() {
        // (-Inf,1]:2 (1,2]:2 (2,+Inf]:0 → the first bucket starts at 0.
        let h = FloatHistogram(schema: -53, count: 4, sum: 4, positive: [2, 2], customValues: [1, 2])
        #expect(h.quantile(0.25) == 0.5)
        #expect(h.quantile(0.75) == 1.5)
    }

    @Test func scaleAndDivide() {
        var h = Self.h0
        h.scale(by: 2)
        #expect(h.count == 8 && h.positive == [2, 4, 2])
        h.divide(by: 0)
        #expect(h.count == .infinity && h.positive.isEmpty)
    }
}
