import Hummingbird
import PromModel
import PromQL
import Storage

extension PrometheusAPI {
    /// Prometheus refuses range queries with more points than this per series.
    static let maxPointsPerSeries: Int64 = 11_000

    func query(_ p: APIParams) async throws(APIError) -> Response {
        let at = try p.get("time").map { v throws(APIError) in try parseTimeParam(v, name: "time") } ?? Timestamp.now()
        _ = try timeoutParam(p)
        let q = p.get("query") ?? ""
        do {
            let result = try await engine.instantQuery(q, at: at, queryable: queryable)
            return render(result)
        } catch {
            throw APIError(error)
        }
    }

    func queryRange(_ p: APIParams) async throws(APIError) -> Response {
        let start = try parseTimeParam(p.get("start") ?? "", name: "start")
        let end = try parseTimeParam(p.get("end") ?? "", name: "end")
        if end < start {
            throw APIError(.badData, "invalid parameter \"end\": end timestamp must not be before start time")
        }
        let stepText = p.get("step") ?? ""
        guard let step = parseDurationParam(stepText) else {
            throw APIError(.badData, "invalid parameter \"step\": cannot parse \"\(stepText)\" to a valid duration")
        }
        if step <= 0 {
            throw APIError(.badData, "zero or negative query resolution step widths are not accepted. Try a positive integer")
        }
        if (end - start) / step > Self.maxPointsPerSeries {
            throw APIError(.badData, "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)")
        }
        _ = try timeoutParam(p)
        do {
            let result = try await engine.rangeQuery(p.get("query") ?? "", start: start, end: end, step: step, queryable: queryable)
            return render(result)
        } catch {
            throw APIError(error)
        }
    }

    func timeoutParam(_ p: APIParams) throws(APIError) -> Int64? {
        guard let s = p.get("timeout") else { return nil }
        guard let d = parseDurationParam(s), d > 0 else {
            throw APIError(.badData, "invalid parameter \"timeout\": cannot parse \"\(s)\" to a valid duration")
        }
        return d
    }

    /// The `data` of a query response: `{"resultType":…,"result":…}`.
    func render(_ result: QueryResult) -> Response {
        successResponse(warnings: result.warnings, infos: result.infos) { w in
            w.raw(#"{"resultType":"#)
            w.string(result.value.resultType)
            w.raw(#","result":"#)
            switch result.value {
            case .vector(let samples):
                w.raw("[")
                for (i, s) in samples.enumerated() {
                    if i > 0 { w.raw(",") }
                    w.raw(#"{"metric":"#)
                    w.labels(s.labels.map { ($0.name, $0.value) })
                    w.raw(s.h == nil ? #","value":["# : #","histogram":["#)
                    w.timestamp(s.t)
                    w.raw(",")
                    if let h = s.h { w.histogram(h) } else { w.sampleValue(s.v) }
                    w.raw("]}")
                }
                w.raw("]")
            case .matrix(let series):
                w.raw("[")
                for (i, s) in series.enumerated() {
                    if i > 0 { w.raw(",") }
                    w.raw(#"{"metric":"#)
                    w.labels(s.labels.map { ($0.name, $0.value) })
                    // Like Prometheus, each list only when the series has samples of its kind.
                    if !s.samples.isEmpty || s.histograms.isEmpty {
                        w.raw(#","values":["#)
                        for (j, sample) in s.samples.enumerated() {
                            if j > 0 { w.raw(",") }
                            w.raw("[")
                            w.timestamp(sample.t)
                            w.raw(",")
                            w.sampleValue(sample.v)
                            w.raw("]")
                        }
                        w.raw("]")
                    }
                    if !s.histograms.isEmpty {
                        w.raw(#","histograms":["#)
                        for (j, sample) in s.histograms.enumerated() {
                            if j > 0 { w.raw(",") }
                            w.raw("[")
                            w.timestamp(sample.t)
                            w.raw(",")
                            w.histogram(sample.h)
                            w.raw("]")
                        }
                        w.raw("]")
                    }
                    w.raw("}")
                }
                w.raw("]")
            case .scalar(let t, let v):
                w.raw("[")
                w.timestamp(t)
                w.raw(",")
                w.sampleValue(v)
                w.raw("]")
            case .string(let t, let s):
                w.raw("[")
                w.timestamp(t)
                w.raw(",")
                w.string(s)
                w.raw("]")
            }
            w.raw("}")
        }
    }

    func parseSeriesSelector(_ s: String) throws(APIError) -> [Matcher] {
        do {
            return try parseMetricSelector(s)
        } catch {
            throw APIError(.badData, "invalid parameter \"match[]\": \(error)")
        }
    }
}

extension APIError {
    init(_ e: PromQLError) {
        let type: APIErrorType =
            switch e.kind {
            case .badData: .badData
            case .execution: .execution
            case .timeout: .timeout
            case .canceled: .canceled
            case .internal: .internal
            }
        self.init(type, e.message)
    }
}

/// A duration parameter: float seconds (`15`, `0.5`) or a Prometheus duration (`1m30s`); ms, or nil.
func parseDurationParam(_ s: String) -> Int64? {
    if let d = Double(s), d.isFinite {
        let ms = d * 1000
        guard ms.magnitude < Double(Int64.max) else { return nil }
        return Int64(ms.rounded())
    }
    return PromDuration.parse(s)
}

