import PromModel
import Testing
@testable import PromQL

struct EngineLimitsTests {
    func storage() -> MemoryStorage {
        let st = MemoryStorage()
        for i in 0..<5 {
            st.add(Labels(["__name__": "m", "i": "\(i)"]), (0..<10).map { Sample(t: Int64($0) * 10_000, v: Double($0)) })
        }
        return st
    }

    @Test func maxSamplesCountsLoadedSamples() async throws {
        let engine = Engine(options: EngineOptions(maxSamples: 20))
        // 5 series × 1 sample each fits; 5 series × 9 samples in the range does not.
        _ = try await engine.instantQuery("m", at: 90_000, queryable: storage())
        do {
            _ = try await engine.instantQuery("sum_over_time(m[90s])", at: 90_000, queryable: storage())
            Issue.record("expected the sample limit to trip")
        } catch {
            #expect(error.kind == .execution)
            #expect(error.message == "query processing would load too many samples into memory in query execution")
        }
    }

    @Test func rangeQueryOfRangeVectorIsBadData() async throws {
        do {
            _ = try await Engine().rangeQuery("m[1m]", start: 0, end: 60_000, step: 10_000, queryable: storage())
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .badData)
            #expect(error.message == "invalid expression type \"range vector\" for range query, must be Scalar or instant Vector")
        }
    }

    @Test func instantRangeSelectorReturnsMatrix() async throws {
        let r = try await Engine().instantQuery("m{i=\"0\"}[30s]", at: 90_000, queryable: storage())
        // Left-open window (60s, 90s]: the samples at 70s, 80s and 90s.
        #expect(r.value == .matrix([RangeSeries(labels: Labels(["__name__": "m", "i": "0"]),
                                                samples: [Sample(t: 70_000, v: 7), Sample(t: 80_000, v: 8), Sample(t: 90_000, v: 9)])]))
    }

    @Test func nameDroppedImmediatelyByDefault() async throws {
        let r = try await Engine().instantQuery("label_replace(-m{i=\"0\"}, \"n\", \"$1\", \"__name__\", \"(.*)\")", at: 0, queryable: storage())
        // Without delayed name removal, the name is gone before label_replace reads it (Prometheus default).
        #expect(r.value == .vector([VectorSample(labels: Labels(["i": "0"]), t: 0, v: -0.0)]))
    }

    @Test func annotationsAreReported() async throws {
        let r = try await Engine().instantQuery("rate(m[1m])", at: 90_000, queryable: storage())
        #expect(r.infos == ["PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \"m\""])
        let q = try await Engine().instantQuery("quantile(2, m)", at: 0, queryable: storage())
        #expect(q.warnings == ["PromQL warning: quantile value should be between 0 and 1, got 2"])
    }
}

struct EngineDeadlineTests {
    /// A subquery with billions of steps: it only ends by timeout or cancellation.
    static let endless = "max_over_time(vector(1)[1y:1ms])"

    @Test func timeoutIsReported() async {
        let engine = Engine(options: EngineOptions(timeout: .zero))
        do {
            _ = try await engine.instantQuery(Self.endless, at: 0, queryable: MemoryStorage())
            Issue.record("expected a timeout")
        } catch {
            #expect(error.kind == .timeout)
            #expect(error.message == "query timed out in query execution")
        }
    }

    @Test func cancellationIsReported() async {
        let task = Task {
            try await Engine().instantQuery(Self.endless, at: 0, queryable: MemoryStorage())
        }
        task.cancel()
        do {
            _ = try await task.value
            Issue.record("expected cancellation")
        } catch let error as PromQLError {
            #expect(error.kind == .canceled)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
