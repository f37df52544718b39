/// Counts targets per monitor from the servers' `/api/v1/targets` (scrape pool = job name), for the monitor
/// status and the TARGETS and UP columns of `kubectl get servicemonitors`.
package enum MonitorTargetCounts {
    package struct Key: Hashable, Sendable {
        package var kind: String
        package var namespace: String
        package var name: String
        package init(kind: String, namespace: String, name: String) {
            self.kind = kind
            self.namespace = namespace
            self.name = name
        }
    }

    package struct Count: Equatable, Sendable {
        package var targets = 0
        package var up = 0
        package var down = 0
        package var dropped = 0
        /// The first non-empty last-scrape error among the targets, prefixed with the scrape pool.
        package var lastError: String?
        /// Set by the reconciler when `targets` is 0 (`NoTargetsReason`).
        package var noTargetsReason: String?

        package init(targets: Int = 0, up: Int = 0, down: Int = 0, dropped: Int = 0, lastError: String? = nil) {
            self.targets = targets
            self.up = up
            self.down = down
            self.dropped = dropped
            self.lastError = lastError
        }
    }

    /// The monitor a job name belongs to: `serviceMonitor/<ns>/<name>/<i>`, `podMonitor/<ns>/<name>/<i>`,
    /// `probe/<ns>/<name>`. Other jobs (additional scrape configs) belong to none.
    package static func monitor(ofJob job: String) -> Key? {
        let parts = job.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        switch (parts.first, parts.count) {
        case ("serviceMonitor", 4): return Key(kind: "ServiceMonitor", namespace: parts[1], name: parts[2])
        case ("podMonitor", 4): return Key(kind: "PodMonitor", namespace: parts[1], name: parts[2])
        case ("probe", 3): return Key(kind: "Probe", namespace: parts[1], name: parts[2])
        default: return nil
        }
    }

    /// Sums `(scrapePool, health)` pairs; health `up` counts as up, `down` as down (`unknown`: not scraped yet).
    package static func count(_ targets: [(scrapePool: String, health: String)]) -> [Key: Count] {
        count(active: targets.map { ServerReport.Target(scrapePool: $0.scrapePool, health: $0.health) }, dropped: [:])
    }

    /// Sums the reports of every server of one `Sextant`. Unreachable servers contribute nothing.
    package static func count(_ reports: [ServerReport]) -> [Key: Count] {
        var out: [Key: Count] = [:]
        for r in reports where r.error == nil {
            for (k, c) in count(active: r.active, dropped: r.dropped) {
                var sum = out[k, default: Count()]
                sum.targets += c.targets
                sum.up += c.up
                sum.down += c.down
                sum.dropped += c.dropped
                sum.lastError = sum.lastError ?? c.lastError
                out[k] = sum
            }
        }
        return out
    }

    static func count(active: [ServerReport.Target], dropped: [String: Int]) -> [Key: Count] {
        var out: [Key: Count] = [:]
        // Sorted so `lastError` does not depend on the order the server listed its targets in.
        for t in active.sorted(by: { ($0.scrapePool, $0.lastError) < ($1.scrapePool, $1.lastError) }) {
            guard let key = monitor(ofJob: t.scrapePool) else { continue }
            var c = out[key, default: Count()]
            c.targets += 1
            if t.health == "up" { c.up += 1 }
            if t.health == "down" { c.down += 1 }
            if c.lastError == nil, !t.lastError.isEmpty { c.lastError = "\(t.scrapePool): \(t.lastError)" }
            out[key] = c
        }
        for (pool, n) in dropped {
            guard let key = monitor(ofJob: pool) else { continue }
            out[key, default: Count()].dropped += n
        }
        return out
    }
}
