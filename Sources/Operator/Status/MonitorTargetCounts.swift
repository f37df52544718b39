/// Counts active targets per monitor from the server's `/api/v1/targets` (scrape pool = job name), for the
/// TARGETS and UP columns of `kubectl get servicemonitors`.
package enum MonitorTargetCounts {
    package struct Key: Hashable, Sendable {
        package var kind: String
        package var namespace: String
        package var name: String
    }

    package struct Count: Equatable, Sendable {
        package var targets = 0
        package var up = 0
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

    /// Sums `(scrapePool, health)` pairs from every server pod; health `up` counts as up.
    package static func count(_ targets: [(scrapePool: String, health: String)]) -> [Key: Count] {
        var out: [Key: Count] = [:]
        for t in targets {
            guard let key = monitor(ofJob: t.scrapePool) else { continue }
            out[key, default: Count()].targets += 1
            if t.health == "up" { out[key, default: Count()].up += 1 }
        }
        return out
    }
}
