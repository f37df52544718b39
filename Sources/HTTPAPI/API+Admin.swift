import Hummingbird
import PromModel

extension PrometheusAPI {
    /// Prometheus answers every admin endpoint this way while `--web.enable-admin-api` is off.
    static let adminDisabled = APIError(.unavailable, "admin APIs disabled")

    func enabledAdmin() throws(APIError) -> any TSDBAdminProvider {
        guard options.enableAdminAPI else { throw Self.adminDisabled }
        guard let admin else { throw APIError(.unavailable, "TSDB not ready") }
        return admin
    }

    /// `POST|PUT /api/v1/admin/tsdb/delete_series?match[]=…&start=…&end=…`; 204 on success.
    func deleteSeries(_ p: APIParams) throws(APIError) -> Response {
        let admin = try enabledAdmin()
        let selectors = p.all("match[]")
        if selectors.isEmpty { throw APIError(.badData, "no match[] parameter provided") }
        let start = try p.get("start").map { v throws(APIError) in try parseTimeParam(v, name: "start") } ?? Int64.min
        let end = try p.get("end").map { v throws(APIError) in try parseTimeParam(v, name: "end") } ?? Int64.max
        var matchers: [[Matcher]] = []
        for s in selectors { matchers.append(try parseSeriesSelector(s)) }
        do {
            try admin.deleteSeries(selectors: matchers, start: start, end: end)
        } catch {
            throw APIError(.internal, "\(error)")
        }
        return Response(status: .noContent)
    }

    /// `POST|PUT /api/v1/admin/tsdb/clean_tombstones`; 204 on success.
    func cleanTombstones() throws(APIError) -> Response {
        let admin = try enabledAdmin()
        do {
            try admin.cleanTombstones()
        } catch {
            throw APIError(.internal, "\(error)")
        }
        return Response(status: .noContent)
    }

    /// `POST|PUT /api/v1/admin/tsdb/snapshot?skip_head=…`: `{"name":"<dir under snapshots/>"}`.
    func snapshot(_ p: APIParams) throws(APIError) -> Response {
        let admin = try enabledAdmin()
        var skipHead = false
        if let s = p.get("skip_head") {
            guard let b = Bool(s.lowercased()) ?? (s == "1" ? true : s == "0" ? false : nil) else {
                throw APIError(.badData, "unable to parse boolean 'skip_head' argument: invalid syntax \(quoted(s))")
            }
            skipHead = b
        }
        let name: String
        do {
            name = try admin.snapshot(skipHead: skipHead)
        } catch {
            throw APIError(.internal, "create snapshot: \(error)")
        }
        return successResponse { w in
            w.raw(#"{"name":"#)
            w.string(name)
            w.raw("}")
        }
    }
}

private func quoted(_ s: String) -> String { "\"\(s)\"" }
