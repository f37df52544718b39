import Metrics

/// Per-pool metrics of target synchronisation, under Prometheus's names. Looked up per discovery update,
/// which is rare next to scrapes.
enum PoolMetrics {
    /// One sync of a pool with its discovered targets: `prometheus_target_sync_length_seconds` (a summary in
    /// Prometheus, a histogram here: `_count` and `_sum` mean the same), the sync counter and the target gauge.
    static func recordSync(job: String, nanoseconds: Int64, targets: Int) {
        let dims = [("scrape_job", job)]
        Timer(label: "prometheus_target_sync_length_seconds", dimensions: dims).recordNanoseconds(nanoseconds)
        Counter(label: "prometheus_target_scrape_pool_sync_total", dimensions: dims).increment()
        Gauge(label: "prometheus_target_scrape_pool_targets", dimensions: dims).record(targets)
    }

    /// A removed job's series go away with it.
    static func remove(job: String) {
        let dims = [("scrape_job", job)]
        Timer(label: "prometheus_target_sync_length_seconds", dimensions: dims).destroy()
        Counter(label: "prometheus_target_scrape_pool_sync_total", dimensions: dims).destroy()
        Gauge(label: "prometheus_target_scrape_pool_targets", dimensions: dims).destroy()
    }
}
