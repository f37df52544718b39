import Metrics

/// The scrape manager's own metrics, named as Prometheus names them so existing dashboards work.
struct ScrapeMetrics: Sendable {
    let scrapes: Counter
    let failed: Counter
    let outOfOrder: Counter
    let duplicate: Counter
    let outOfBounds: Counter

    init() {
        scrapes = Counter(label: "prometheus_target_scrapes_total")
        failed = Counter(label: "prometheus_target_scrapes_failed_total")
        outOfOrder = Counter(label: "prometheus_target_scrapes_sample_out_of_order_total")
        duplicate = Counter(label: "prometheus_target_scrapes_sample_duplicate_timestamp_total")
        outOfBounds = Counter(label: "prometheus_target_scrapes_sample_out_of_bounds_total")
    }

    func record(counts: AppendCounts, failed didFail: Bool) {
        scrapes.increment()
        if didFail { failed.increment() }
        if counts.outOfOrder > 0 { outOfOrder.increment(by: counts.outOfOrder) }
        if counts.duplicate > 0 { duplicate.increment(by: counts.duplicate) }
        if counts.outOfBounds > 0 { outOfBounds.increment(by: counts.outOfBounds) }
    }
}
