import PromModel
import Storage
import Testing
@testable import PromQL

struct EngineSelectorTests {
    func storage() -> MemoryStorage {
        let st = MemoryStorage()
        st.add(Labels(["__name__": "up", "job": "a"]), [Sample(t: 0, v: 1), Sample(t: 60_000, v: 2)])
        st.add(Labels(["__name__": "up", "job": "b"]), [Sample(t: 0, v: 5), Sample(t: 30_000, v: StaleNaN.value)])
        st.add(Labels(["__name__": "other", "job": "a"]), [Sample(t: 0, v: 7)])
        return st
    }

    func vector(_ q: String, at t: Timestamp) async throws -> [String: Double] {
        let r = try await Engine().instantQuery(q, at: t, queryable: storage())
        guard case .vector(let v) = r.value else {
            Issue.record("not a vector: \(r.value)")
            return [:]
        }
        var d: [String: Double] = [:]
        for s in v { d[s.labels.description] = s.v }
        return d
    }

    @Test func matchers() async throws {
        #expect(try await vector("up", at: 10_000) == ["up{job=\"a\"}": 1, "up{job=\"b\"}": 5])
        #expect(try await vector("up{job=\"a\"}", at: 10_000) == ["up{job=\"a\"}": 1])
        #expect(try await vector("up{job!=\"a\"}", at: 10_000) == ["up{job=\"b\"}": 5])
        #expect(try await vector("{job=~\"a|b\", __name__!~\"o.*\"}", at: 10_000) == ["up{job=\"a\"}": 1, "up{job=\"b\"}": 5])
    }

    @Test func stalenessHidesSeries() async throws {
        #expect(try await vector("up", at: 40_000) == ["up{job=\"a\"}": 1])
    }

    @Test func lookbackIsLeftOpen() async throws {
        // The sample at t=0 is visible until just before 5m; at exactly 5m it is out (Prometheus 3).
        #expect(try await vector("other", at: 299_999) == ["other{job=\"a\"}": 7])
        #expect(try await vector("other", at: 300_000) == [:])
    }

    @Test func offsetAndAt() async throws {
        #expect(try await vector("up{job=\"a\"} offset 1m", at: 60_000) == ["up{job=\"a\"}": 1])
        #expect(try await vector("up{job=\"a\"} @ 60", at: 0) == ["up{job=\"a\"}": 2])
    }

    @Test func parseErrorIsBadData() async throws {
        do {
            _ = try await Engine().instantQuery("rate(up)", at: 0, queryable: storage())
            Issue.record("expected error")
        } catch {
            #expect(error.kind == .badData)
            #expect(error.message == "1:6: parse error: expected type range vector in call to function \"rate\", got instant vector")
        }
    }

    @Test func rangeQuery() async throws {
        let r = try await Engine().rangeQuery("up", start: 0, end: 60_000, step: 30_000, queryable: storage())
        guard case .matrix(let m) = r.value else {
            Issue.record("expected matrix")
            return
        }
        #expect(m.count == 2)
        #expect(m[0].samples == [Sample(t: 0, v: 1), Sample(t: 30_000, v: 1), Sample(t: 60_000, v: 2)])
        #expect(m[1].samples == [Sample(t: 0, v: 5)])
    }
}
