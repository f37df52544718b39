import Discovery
import Foundation
import Logging
import Prometheus
import PromConfig
import PromModel
import Scrape
import Synchronization

/// Owns the loaded configuration: loads it, validates it and hands it to the scrape manager (jobs and
/// their options) and the discovery manager (where each job's targets come from).
///
/// A reload that fails (unreadable file, invalid YAML, a validation error) leaves the running config in
/// place, logs the reason with file and line, and sets `sextant_config_last_reload_successful` to 0.
final class ConfigReloader: Sendable {
    let path: String?
    private let scrapeManager: ScrapeManager
    private let discovery: DiscoveryManager
    private let logger: Logger
    private let current = Mutex<PrometheusConfig?>(nil)
    /// Serialises reloads: SIGHUP, `/-/reload` and auto-reload may fire at once, and the scrape and
    /// discovery managers must see configs in the order they were loaded.
    private let reloading = Mutex(())
    private let lastSuccessful: [Gauge]
    private let lastSuccessTime: [Gauge]
    /// Applies the runtime `storage:` section (the out-of-order window) to the TSDB.
    private let applyStorage: @Sendable (StorageConfig) -> Void

    init(
        path: String?, scrapeManager: ScrapeManager, discovery: DiscoveryManager, registry: PrometheusCollectorRegistry,
        logger: Logger, applyStorage: @escaping @Sendable (StorageConfig) -> Void = { _ in }
    ) {
        self.applyStorage = applyStorage
        self.path = path
        self.scrapeManager = scrapeManager
        self.discovery = discovery
        self.logger = logger
        // Both names: ours, and Prometheus's, which existing dashboards and alerts query.
        lastSuccessful = ["sextant", "prometheus"].map {
            registry.makeGauge(name: "\($0)_config_last_reload_successful", help: "Whether the last configuration reload attempt was successful.")
        }
        lastSuccessTime = ["sextant", "prometheus"].map {
            registry.makeGauge(name: "\($0)_config_last_reload_success_timestamp_seconds", help: "Timestamp of the last successful configuration reload.")
        }
    }

    var config: PrometheusConfig? { current.withLock { $0 } }

    func loadInitial() throws {
        if let err = reload() { throw ConfigLoadFailure(message: err) }
    }

    /// Loads and applies the config; returns the reason when it was refused.
    @discardableResult
    func reload() -> String? {
        reloading.withLock { _ in reloadLocked() }
    }

    private func reloadLocked() -> String? {
        let loaded: PrometheusConfig
        do {
            if let path {
                loaded = try PrometheusConfig.load(path: path)
            } else {
                loaded = try PrometheusConfig.parse(yaml: PrometheusConfig.defaultYAML, filename: "<embedded default config>")
            }
        } catch {
            logger.error("Error loading config", metadata: ["file": "\(path ?? "<embedded>")", "err": "\(error)"])
            for g in lastSuccessful { g.set(Double(0)) }
            return "\(error)"
        }
        current.withLock { $0 = loaded }
        // Pools first, so the targets discovery reports for a new job find its pool.
        scrapeManager.apply(loaded.allScrapeConfigs.map { ScrapeOptions(config: $0) })
        discovery.apply(loaded)
        applyStorage(loaded.storage)
        for g in lastSuccessful { g.set(Double(1)) }
        let now = Date().timeIntervalSince1970
        for g in lastSuccessTime { g.set(now) }
        logger.info(
            "Completed loading of configuration file",
            metadata: ["file": "\(path ?? "<embedded>")", "jobs": "\(loaded.allScrapeConfigs.count)"])
        return nil
    }
}

struct ConfigLoadFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
