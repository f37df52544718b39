import Metrics

/// Service discovery's self-metrics under Prometheus's names (`prometheus_sd_*`), so SD dashboards and alerts
/// written for Prometheus work unchanged. They go through swift-metrics; the server bootstraps the factory
/// that exposes them on `/metrics`. Not on a hot path: handles are looked up per event.
enum DiscoveryMetrics {
    /// The `name` label Prometheus gives its scrape discovery manager.
    static let managerName = "scrape"
    static let kubernetesRoles = ["endpoints", "endpointslice", "ingress", "node", "pod", "service"]
    static let kubernetesEvents = ["add", "delete", "update"]

    /// Creates every fixed series at zero, as Prometheus registers them at start.
    static func initialize() {
        for role in kubernetesRoles {
            for event in kubernetesEvents { _ = kubernetesEventsCounter(role: role, event: event) }
        }
        _ = Counter(label: "prometheus_sd_kubernetes_failures_total")
        _ = Counter(label: "prometheus_sd_file_read_errors_total")
        _ = Counter(label: "prometheus_sd_http_failures_total")
        _ = Counter(label: "prometheus_sd_refresh_failures_total", dimensions: [("mechanism", "http")])
        _ = Counter(label: "prometheus_sd_received_updates_total", dimensions: [("name", managerName)])
        _ = Counter(label: "prometheus_sd_updates_total", dimensions: [("name", managerName)])
        failedConfigs(0)
    }

    /// Discovery entries of the running config that could not be set up.
    static func failedConfigs(_ n: Int) {
        Gauge(label: "prometheus_sd_failed_configs", dimensions: [("name", managerName)]).record(n)
    }

    static func kubernetesEventsCounter(role: String, event: String) -> Counter {
        Counter(label: "prometheus_sd_kubernetes_events_total", dimensions: [("event", event), ("role", role)])
    }

    static func kubernetesEvent(role: String, event: String) {
        kubernetesEventsCounter(role: role, event: event).increment()
    }

    /// A failed list or watch request of kubernetes_sd.
    @Sendable static func kubernetesFailure() {
        Counter(label: "prometheus_sd_kubernetes_failures_total").increment()
    }

    static func fileReadError() {
        Counter(label: "prometheus_sd_file_read_errors_total").increment()
    }

    static func fileScan(nanoseconds: Int64) {
        Timer(label: "prometheus_sd_file_scan_duration_seconds").recordNanoseconds(nanoseconds)
    }

    static func httpFailure() {
        Counter(label: "prometheus_sd_http_failures_total").increment()
        Counter(label: "prometheus_sd_refresh_failures_total", dimensions: [("mechanism", "http")]).increment()
    }

    static func httpRefresh(nanoseconds: Int64) {
        Timer(label: "prometheus_sd_refresh_duration_seconds", dimensions: [("mechanism", "http")])
            .recordNanoseconds(nanoseconds)
    }

    /// An update received from a provider.
    static func receivedUpdate() {
        Counter(label: "prometheus_sd_received_updates_total", dimensions: [("name", managerName)]).increment()
    }

    /// An update handed to the consumer (the scrape manager).
    static func sentUpdate() {
        Counter(label: "prometheus_sd_updates_total", dimensions: [("name", managerName)]).increment()
    }

    static func discoveredTargetsGauge(job: String) -> Gauge {
        Gauge(label: "prometheus_sd_discovered_targets", dimensions: [("config", job), ("name", managerName)])
    }
}

extension Duration {
    var totalNanoseconds: Int64 {
        let (s, atto) = components
        return s * 1_000_000_000 + atto / 1_000_000_000
    }
}
