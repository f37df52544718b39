import HTTPAPI
import Prometheus
import PromModel
import Scrape
import TSDB

/// The scrape manager as the API's `TargetsProvider`.
struct ScrapeTargetsProvider: TargetsProvider {
    let manager: ScrapeManager
    let externalURL: String

    func activeTargets() -> [APIActiveTarget] {
        manager.activeTargets().map { t in
            APIActiveTarget(
                discoveredLabels: t.target.discoveredLabels, labels: t.target.labels, scrapePool: t.scrapePool,
                scrapeURL: t.scrapeURL, globalURL: t.scrapeURL, lastError: t.report.lastError,
                lastScrape: t.report.lastScrape, lastScrapeDuration: t.report.lastScrapeDuration,
                health: t.report.health.rawValue, scrapeInterval: formatDuration(t.target.interval),
                scrapeTimeout: formatDuration(t.target.timeout))
        }
    }

    func droppedTargets() -> [APIDroppedTarget] {
        manager.droppedTargets().map { APIDroppedTarget(discoveredLabels: $0.discoveredLabels, scrapePool: $0.scrapePool) }
    }

    func scrapePools() -> [String] { manager.scrapePools }
}

/// Readiness, config and self-metrics for the API.
struct ServerStatus: ServerStatusProvider {
    let config: ConfigReloader
    let tsdb: TSDB
    let registry: PrometheusCollectorRegistry
    let process = ProcessMetrics()

    var isReady: Bool { config.config != nil }

    var configYAML: String { config.config?.yaml ?? "" }

    func selfMetrics() -> [UInt8] {
        var out = registry.emitToBuffer()
        process.emit(into: &out)
        tsdb.stats.emit(into: &out)
        return out
    }
}
