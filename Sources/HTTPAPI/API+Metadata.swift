import Hummingbird
import PromModel
import Storage

extension PrometheusAPI {
    /// `start`/`end` of metadata endpoints; absent means all time, as in Prometheus.
    func timeRange(_ p: APIParams) throws(APIError) -> (Timestamp, Timestamp) {
        let start = try p.get("start").map { v throws(APIError) in try parseTimeParam(v, name: "start") } ?? minTime
        let end = try p.get("end").map { v throws(APIError) in try parseTimeParam(v, name: "end") } ?? maxTime
        if end < start {
            throw APIError(.badData, "invalid parameter \"end\": end timestamp must not be before start time")
        }
        return (start, end)
    }

    func matcherSets(_ p: APIParams) throws(APIError) -> [[Matcher]] {
        var sets: [[Matcher]] = []
        for s in p.all("match[]") {
            sets.append(try parseSeriesSelector(s))
        }
        return sets
    }

    func labelNames(_ p: APIParams) throws(APIError) -> Response {
        let (start, end) = try timeRange(p)
        let sets = try matcherSets(p)
        var names = Set<String>()
        do {
            let q = try queryable.querier(mint: start, maxt: end)
            if sets.isEmpty {
                names.formUnion(try q.labelNames(matchers: []))
            } else {
                for m in sets { names.formUnion(try q.labelNames(matchers: m)) }
            }
        } catch {
            throw APIError(.execution, error.message)
        }
        let sorted = applyLimit(names.sorted(by: { byteCompare($0, $1) < 0 }), p)
        return successResponse { $0.stringArray(sorted) }
    }

    func labelValues(_ name: String, _ p: APIParams) throws(APIError) -> Response {
        let decoded = decodeLabelNameInPath(name)
        let (start, end) = try timeRange(p)
        let sets = try matcherSets(p)
        var values = Set<String>()
        do {
            let q = try queryable.querier(mint: start, maxt: end)
            if sets.isEmpty {
                values.formUnion(try q.labelValues(decoded, matchers: []))
            } else {
                for m in sets { values.formUnion(try q.labelValues(decoded, matchers: m)) }
            }
        } catch {
            throw APIError(.execution, error.message)
        }
        let sorted = applyLimit(values.sorted(by: { byteCompare($0, $1) < 0 }), p)
        return successResponse { $0.stringArray(sorted) }
    }

    func series(_ p: APIParams) throws(APIError) -> Response {
        let sets = try matcherSets(p)
        if sets.isEmpty { throw APIError(.badData, "no match[] parameter provided") }
        let (start, end) = try timeRange(p)
        var seen = Set<Labels>()
        var result: [Labels] = []
        do {
            let q = try queryable.querier(mint: start, maxt: end)
            for m in sets {
                for s in try q.select(sorted: true, hints: SelectHints(start: start, end: end, function: "series"), matchers: m)
                where seen.insert(s.labels).inserted {
                    result.append(s.labels)
                }
            }
        } catch {
            throw APIError(.execution, error.message)
        }
        result.sort()
        result = applyLimit(result, p)
        return successResponse { w in
            w.raw("[")
            for (i, l) in result.enumerated() {
                if i > 0 { w.raw(",") }
                w.labels(l.map { ($0.name, $0.value) })
            }
            w.raw("]")
        }
    }

    /// The optional `limit` parameter of metadata endpoints.
    func applyLimit<T>(_ values: [T], _ p: APIParams) -> [T] {
        guard let s = p.get("limit"), let n = Int(s), n > 0, values.count > n else { return values }
        return Array(values.prefix(n))
    }

    /// Prometheus 3 escapes UTF-8 label names in paths as `U__` followed by `_`-delimited hex code points.
    func decodeLabelNameInPath(_ name: String) -> String {
        guard name.hasPrefix("U__") else { return name }
        var out = ""
        var chars = Array(name.dropFirst(3))[...]
        while let c = chars.popFirst() {
            if c == "_" {
                if chars.first == "_" {
                    chars = chars.dropFirst()
                    out.append("_")
                    continue
                }
                var hex = ""
                while let h = chars.first, h != "_" {
                    hex.append(h)
                    chars = chars.dropFirst()
                }
                chars = chars.dropFirst()
                if let v = UInt32(hex, radix: 16), let s = Unicode.Scalar(v) { out.unicodeScalars.append(s) }
            } else {
                out.append(c)
            }
        }
        return out
    }
}
