import Hummingbird
import PromQL
import PromModel

extension PrometheusAPI {
    /// `/api/v1/targets/metadata`: metadata per target, filtered by `match_target` (a series selector over target
    /// labels) and `metric`; `limit` caps the number of targets that contribute.
    ///
    /// As in Prometheus, entries carry `metric` only when no `metric` parameter was given, and a limit is checked
    /// before each target, so a target contributes all its families or none.
    func targetMetadataResponse(_ p: APIParams) throws(APIError) -> Response {
        let limit = try metadataLimit(p, "limit")
        var matchers: [Matcher] = []
        if let m = p.get("match_target"), !m.isEmpty {
            do {
                matchers = try parseMetricSelector(m)
            } catch {
                throw APIError(.badData, "\(error)")
            }
        }
        let metric = p.get("metric") ?? ""
        var entries: [(target: Labels, family: APIMetricFamily)] = []
        for t in metadata?.targetMetadata() ?? [] {
            if let limit, entries.count >= limit { break }
            guard t.labels.matches(matchers) else { continue }
            if metric.isEmpty {
                entries += t.families.map { (t.labels, $0) }
            } else if let f = t.families.first(where: { $0.metric == metric }) {
                entries.append((t.labels, f))
            }
        }
        return successResponse { w in
            w.raw("[")
            for (i, e) in entries.enumerated() {
                if i > 0 { w.raw(",") }
                w.raw(#"{"target":"#)
                w.labels(e.target.map { ($0.name, $0.value) })
                if metric.isEmpty {
                    w.raw(#","metric":"#)
                    w.string(e.family.metric)
                }
                w.raw(",")
                w.metadataFields(e.family.metadata)
                w.raw("}")
            }
            w.raw("]")
        }
    }

    /// `/api/v1/metadata`: the distinct metadata of each metric across all targets, without target labels.
    /// `limit` caps the metrics (the first ones by name), `limit_per_metric` the distinct entries per metric
    /// (the first ones in target order).
    func metricMetadataResponse(_ p: APIParams) throws(APIError) -> Response {
        let limit = try metadataLimit(p, "limit")
        let perMetric = try metadataLimit(p, "limit_per_metric")
        let metric = p.get("metric") ?? ""
        var byMetric: [String: [MetricMetadata]] = [:]
        for t in metadata?.targetMetadata() ?? [] {
            for f in t.families where metric.isEmpty || f.metric == metric {
                var list = byMetric[f.metric] ?? []
                if let perMetric, perMetric > 0, list.count >= perMetric { continue }
                if !list.contains(f.metadata) {
                    list.append(f.metadata)
                    byMetric[f.metric] = list
                }
            }
        }
        var names = byMetric.keys.sorted { byteCompare($0, $1) < 0 }
        if let limit, names.count > limit { names = Array(names.prefix(limit)) }
        return successResponse { w in
            w.raw("{")
            for (i, name) in names.enumerated() {
                if i > 0 { w.raw(",") }
                w.key(name)
                w.raw("[")
                for (j, m) in byMetric[name]!.enumerated() {
                    if j > 0 { w.raw(",") }
                    w.raw("{")
                    w.metadataFields(m)
                    w.raw("}")
                }
                w.raw("]")
            }
            w.raw("}")
        }
    }

    /// A metadata endpoint's numeric limit: nil when absent or negative (no limit), as Prometheus's `-1` default.
    func metadataLimit(_ p: APIParams, _ name: String) throws(APIError) -> Int? {
        guard let s = p.get(name), !s.isEmpty else { return nil }
        guard let n = Int(s) else { throw APIError(.badData, "\(name) must be a number") }
        return n < 0 ? nil : n
    }
}

extension JSONWriter {
    /// `"type":…,"help":…,"unit":…` of one metadata entry.
    mutating func metadataFields(_ m: MetricMetadata) {
        raw(#""type":"#)
        string(m.type.rawValue)
        raw(#","help":"#)
        string(m.help)
        raw(#","unit":"#)
        string(m.unit)
    }
}
