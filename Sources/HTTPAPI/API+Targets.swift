import Hummingbird
import PromModel

extension PrometheusAPI {
    /// `/api/v1/targets` with the optional `state` (active, dropped, any) and `scrapePool` filters.
    func targetsResponse(_ p: APIParams) -> Response {
        let state = (p.get("state") ?? "any").lowercased()
        let pool = p.get("scrapePool")
        let showActive = state == "any" || state == "active" || state.isEmpty
        let showDropped = state == "any" || state == "dropped" || state.isEmpty
        let active = showActive ? targets.activeTargets().filter { pool == nil || $0.scrapePool == pool } : []
        let dropped = showDropped ? targets.droppedTargets().filter { pool == nil || $0.scrapePool == pool } : []
        return successResponse { w in
            w.raw(#"{"activeTargets":["#)
            for (i, t) in active.enumerated() {
                if i > 0 { w.raw(",") }
                w.raw(#"{"discoveredLabels":"#)
                w.labels(t.discoveredLabels.map { ($0.name, $0.value) })
                w.raw(#","labels":"#)
                w.labels(t.labels.map { ($0.name, $0.value) })
                w.raw(#","scrapePool":"#)
                w.string(t.scrapePool)
                w.raw(#","scrapeUrl":"#)
                w.string(t.scrapeURL)
                w.raw(#","globalUrl":"#)
                w.string(t.globalURL)
                w.raw(#","lastError":"#)
                w.string(t.lastError)
                w.raw(#","lastScrape":"#)
                w.string(formatRFC3339(t.lastScrape))
                w.raw(#","lastScrapeDuration":"#)
                w.number(t.lastScrapeDuration)
                w.raw(#","health":"#)
                w.string(t.health)
                w.raw(#","scrapeInterval":"#)
                w.string(t.scrapeInterval)
                w.raw(#","scrapeTimeout":"#)
                w.string(t.scrapeTimeout)
                w.raw("}")
            }
            w.raw(#"],"droppedTargets":["#)
            for (i, t) in dropped.enumerated() {
                if i > 0 { w.raw(",") }
                w.raw(#"{"discoveredLabels":"#)
                w.labels(t.discoveredLabels.map { ($0.name, $0.value) })
                w.raw(#","scrapePool":"#)
                w.string(t.scrapePool)
                w.raw("}")
            }
            w.raw(#"],"droppedTargetCounts":{"#)
            var counts: [String: Int] = [:]
            for (pool, n) in targets.droppedTargetCounts() where pool == p.get("scrapePool") || p.get("scrapePool") == nil
            {
                counts[pool] = n
            }
            for pool in targets.scrapePools() where counts[pool] == nil && (p.get("scrapePool") == nil || p.get("scrapePool") == pool) {
                counts[pool] = 0
            }
            for (i, k) in counts.keys.sorted().enumerated() {
                if i > 0 { w.raw(",") }
                w.key(k)
                w.int(counts[k]!)
            }
            w.raw("}}")
        }
    }
}

/// RFC 3339 with nanosecond precision as Go prints `time.Time` in JSON; the zero time for 0.
func formatRFC3339(_ ms: Int64) -> String {
    if ms == 0 { return "0001-01-01T00:00:00Z" }
    let secs = Int(ms / 1000)
    let frac = Int(ms % 1000)
    let (y, mo, d) = civilFromDays(secs / 86400)
    let sod = secs % 86400
    func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
    var s = "\(y)-\(two(mo))-\(two(d))T\(two(sod / 3600)):\(two(sod % 3600 / 60)):\(two(sod % 60))"
    if frac != 0 {
        var f = String(frac)
        while f.count < 3 { f = "0" + f }
        while f.hasSuffix("0") { f.removeLast() }
        s += "." + f
    }
    return s + "Z"
}

/// Inverse of `daysFromCivil`.
func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
    let z = z0 + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let y = yoe + era * 400
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp + (mp < 10 ? 3 : -9)
    return (m <= 2 ? y + 1 : y, m, d)
}
