import PromModel
import Storage
import Testing
@testable import PromQL

/// The histogram additions to `Storage`, as the engine consumes them.
struct StorageHistogramsTests {
    static let h1 = FloatHistogram(schema: 0, count: 1, sum: 1, positive: [1])
    static let h2 = FloatHistogram(schema: 0, count: 2, sum: 3, positive: [2])

    @Test func mixedSeriesIteratesInTimeOrder() {
        let s = MixedListSeries(labels: Labels([("__name__", "m")]),
                                floats: [Sample(t: 10, v: 1), Sample(t: 40, v: 4)],
                                histograms: [HistogramSample(t: 20, h: Self.h1), HistogramSample(t: 30, h: Self.h2)])
        var it = s.makeIterator()
        var seen: [(ValueKind, Timestamp)] = []
        var k = it.next()
        while k != .none {
            seen.append((k, it.atT))
            if k == .floatHistogram { #expect(it.atFloatHistogram()?.h == (it.atT == 20 ? Self.h1 : Self.h2)) }
            k = it.next()
        }
        #expect(seen.map(\.0) == [.float, .floatHistogram, .floatHistogram, .float])
        #expect(seen.map(\.1) == [10, 20, 30, 40])

        var it2 = s.makeIterator()
        #expect(it2.seek(25) == .floatHistogram && it2.atT == 30)
        #expect(it2.seek(35) == .float && it2.at().v == 4)
        #expect(it2.seek(50) == .none)
    }

    @Test func floatIteratorsHandOutNoHistograms() {
        var it = ListSampleIterator([Sample(t: 1, v: 1)])
        #expect(it.next() == .float)
        #expect(it.atFloatHistogram() == nil)
    }

    final class FloatOnlyAppender: Appender {
        var appended: [(Labels, Sample)] = []
        func append(_ ref: SeriesRef, _ labels: Labels, t: Timestamp, v: Double) throws(AppendError) -> SeriesRef {
            appended.append((labels, Sample(t: t, v: v)))
            return ref
        }
        func commit() throws(AppendError) {}
        func rollback() {}
    }

    final class HistogramCapableAppender: HistogramAppender {
        var histograms: [HistogramSample] = []
        func append(_ ref: SeriesRef, _ labels: Labels, t: Timestamp, v: Double) throws(AppendError) -> SeriesRef { ref }
        func appendFloatHistogram(_ ref: SeriesRef, _ labels: Labels, t: Timestamp, h: FloatHistogram) throws(AppendError) -> SeriesRef {
            histograms.append(HistogramSample(t: t, h: h))
            return SeriesRef(7)
        }
        func commit() throws(AppendError) {}
        func rollback() {}
    }

    @Test func appendHistogramNeedsAHistogramAppender() throws {
        let plain: any Appender = FloatOnlyAppender()
        #expect(throws: AppendError.self) { try plain.appendHistogram(.unknown, Labels([("__name__", "m")]), t: 1, h: Self.h1) }
        do {
            try plain.appendHistogram(.unknown, Labels([("__name__", "m")]), t: 1, h: Self.h1)
        } catch {
            #expect(error.description.contains("native histograms are not supported"))
        }
        let capable = HistogramCapableAppender()
        let any: any Appender = capable
        #expect(try any.appendHistogram(.unknown, Labels([("__name__", "m")]), t: 5, h: Self.h2) == SeriesRef(7))
        #expect(capable.histograms == [HistogramSample(t: 5, h: Self.h2)])
    }
}

/// Histogram stale markers, as Prometheus's storage (and Sextant's TSDB) keeps them: a histogram whose sum is
/// the stale NaN ends the series for lookback and range functions, like a float stale marker.
struct HistogramStaleMarkerTests {
    @Test func aHistogramStaleMarkerEndsTheSeries() async throws {
        let st = MemoryStorage()
        let l = Labels(["__name__": "latency"])
        let h = FloatHistogram(schema: 0, count: 4, sum: 2, positive: [4])
        st.addHistograms(l, [
            HistogramSample(t: 0, h: h), HistogramSample(t: 10_000, h: h),
            HistogramSample(t: 20_000, h: FloatHistogram(sum: Double(bitPattern: StaleNaN.bits))),
        ])
        func count(_ q: String, at t: Timestamp) async throws -> Int {
            let r = try await Engine().instantQuery(q, at: t, queryable: st)
            guard case .vector(let v) = r.value else { return -1 }
            return v.count
        }
        #expect(try await count("latency", at: 15_000) == 1)
        #expect(try await count("latency", at: 25_000) == 0)
        #expect(try await count("histogram_count(latency)", at: 25_000) == 0)
        // The marker is no sample of the window either.
        let r = try await Engine().instantQuery("count_over_time(latency[30s])", at: 25_000, queryable: st)
        guard case .vector(let v) = r.value else {
            Issue.record("not a vector")
            return
        }
        #expect(v.map(\.v) == [2])
    }
}
