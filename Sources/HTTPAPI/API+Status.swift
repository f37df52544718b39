import Hummingbird
import PromModel
import PromQL

extension PrometheusAPI {
    /// `GET /api/v1/status/tsdb?limit=N`.
    func tsdbStatus(_ p: APIParams) throws(APIError) -> Response {
        var limit = 10
        if let s = p.get("limit") {
            guard let n = Int(s), n > 0 else { throw APIError(.badData, "limit must be a positive number") }
            limit = n
        }
        guard let admin else { throw APIError(.unavailable, "TSDB not ready") }
        let s = admin.tsdbStatus(limit: limit)
        return successResponse { w in
            w.raw(#"{"headStats":{"numSeries":"#)
            w.int(s.numSeries)
            w.raw(#","numLabelPairs":"#)
            w.int(s.numLabelPairs)
            w.raw(#","chunkCount":"#)
            w.int(s.chunkCount)
            w.raw(#","minTime":"#)
            w.raw(String(s.minTime))
            w.raw(#","maxTime":"#)
            w.raw(String(s.maxTime))
            w.raw("}")
            for (key, list) in [
                ("seriesCountByMetricName", s.seriesCountByMetricName),
                ("labelValueCountByLabelName", s.labelValueCountByLabelName),
                ("memoryInBytesByLabelName", s.memoryInBytesByLabelName),
                ("seriesCountByLabelValuePair", s.seriesCountByLabelValuePair),
            ] {
                w.raw(",")
                w.key(key)
                w.raw("[")
                for (i, e) in list.enumerated() {
                    if i > 0 { w.raw(",") }
                    w.raw(#"{"name":"#)
                    w.string(e.name)
                    w.raw(#","value":"#)
                    w.int(e.value)
                    w.raw("}")
                }
                w.raw("]")
            }
            w.raw("}")
        }
    }

    /// `GET /api/v1/status/flags`: every flag as a string, keyed by its name without dashes.
    func flagsResponse() -> Response {
        successResponse { w in
            w.raw("{")
            for (i, k) in options.flags.keys.sorted().enumerated() {
                if i > 0 { w.raw(",") }
                w.key(k)
                w.string(options.flags[k]!)
            }
            w.raw("}")
        }
    }

    /// `GET /api/v1/status/runtimeinfo`.
    func runtimeInfoResponse() throws(APIError) -> Response {
        guard let info = runtimeInfo?() else { throw APIError(.unavailable, "runtime information not available") }
        return successResponse { w in
            w.raw(#"{"startTime":"#)
            w.string(info.startTime)
            w.raw(#","CWD":"#)
            w.string(info.cwd)
            w.raw(#","reloadConfigSuccess":"#)
            w.bool(info.reloadConfigSuccess)
            w.raw(#","lastConfigTime":"#)
            w.string(info.lastConfigTime)
            w.raw(#","corruptionCount":"#)
            w.int(info.corruptionCount)
            w.raw(#","goroutineCount":"#)
            w.int(info.goroutineCount)
            w.raw(#","GOMAXPROCS":"#)
            w.int(info.gomaxprocs)
            w.raw(#","GOMEMLIMIT":0,"GOGC":"","GODEBUG":"","storageRetention":"#)
            w.string(info.storageRetention)
            w.raw("}")
        }
    }

    /// `/api/v1/format_query`: the expression in canonical form, as a JSON string.
    func formatQuery(_ p: APIParams) throws(APIError) -> Response {
        let expr = try parseQueryParam(p)
        return successResponse { w in w.string(expr.description) }
    }

    func parseQueryParam(_ p: APIParams) throws(APIError) -> Expr {
        do {
            return try parseExpr(p.get("query") ?? "", options: ParserOptions(enableExperimentalFunctions: true))
        } catch {
            throw APIError(.badData, "invalid parameter \"query\": \(error)")
        }
    }
}
