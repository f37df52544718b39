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
/// The text comes from the config file (or the embedded default) until a Kubernetes ConfigMap has delivered
/// one (`apply(text:origin:)`, fed by `ConfigMapWatchService`); from then on every reload (SIGHUP,
/// `/-/reload`, auto-reload) re-applies the latest ConfigMap text, so the mounted file only serves as the
/// start-up fallback.
///
/// A reload that fails (unreadable file, invalid YAML, a validation error) leaves the running config in
/// place, logs the reason with file and line, and sets `sextant_config_last_reload_successful` to 0.
final class ConfigReloader: Sendable {
    let path: String?
    private let scrapeManager: ScrapeManager
    private let discovery: DiscoveryManager
    private let logger: Logger
    private let current = Mutex<Applied?>(nil)
    /// The latest text a ConfigMap delivered, whether or not it loaded.
    private let delivered = Mutex<(text: String, origin: String)?>(nil)
    /// Serialises reloads: SIGHUP, `/-/reload`, auto-reload and the ConfigMap watch may fire at once, and the
    /// scrape and discovery managers must see configs in the order they were loaded.
    private let reloading = Mutex(())
    /// Why the last reload attempt failed; nil after a success.
    private let failure = Mutex<String?>(nil)
    private let lastSuccessful: [Gauge]
    private let lastSuccessTime: [Gauge]
    /// Applies the runtime `storage:` section (the out-of-order window) to the TSDB.
    private let applyStorage: @Sendable (StorageConfig) -> Void

    /// The running config and where its text came from.
    struct Applied: Sendable {
        var config: PrometheusConfig
        /// `ConfigHash` of the source text, which the operator compares with the text it rendered.
        var hash: String
        var origin: String
    }

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

    var config: PrometheusConfig? { current.withLock { $0?.config } }
    var applied: Applied? { current.withLock { $0 } }
    var lastFailure: String? { failure.withLock { $0 } }

    func loadInitial() throws {
        if let err = reload() { throw ConfigLoadFailure(message: err) }
    }

    /// Loads and applies the config from its current source; returns the reason when it was refused.
    @discardableResult
    func reload() -> String? {
        reloading.withLock { _ in
            if let d = delivered.withLock({ $0 }) { return applyLocked(text: d.text, origin: d.origin) }
            return reloadFromFileLocked()
        }
    }

    /// Applies config text that arrived from elsewhere (a ConfigMap); it becomes the source of later reloads
    /// even when it is refused, so fixing the ConfigMap is what recovers, as with a file. Returns the reason
    /// when refused; text identical to the running config is not reloaded.
    @discardableResult
    func apply(text: String, origin: String) -> String? {
        reloading.withLock { _ in
            delivered.withLock { $0 = (text, origin) }
            if current.withLock({ $0?.hash }) == ConfigHash.of(text) {
                // Back to the running config (e.g. a broken edit reverted): nothing to load, and the last
                // attempt's failure no longer describes what the ConfigMap holds.
                failure.withLock { $0 = nil }
                for g in lastSuccessful { g.set(Double(1)) }
                return nil
            }
            return applyLocked(text: text, origin: origin)
        }
    }

    private func reloadFromFileLocked() -> String? {
        guard let path else {
            return applyLocked(text: PrometheusConfig.defaultYAML, origin: "<embedded default config>")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return refused(
                origin: path, error: "\(ConfigError(file: path, message: "cannot read file: no such file or not readable"))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return refused(origin: path, error: "\(ConfigError(file: path, message: "file is not valid UTF-8"))")
        }
        return applyLocked(text: text, origin: path)
    }

    private func applyLocked(text: String, origin: String) -> String? {
        let loaded: PrometheusConfig
        do {
            // Relative paths in a ConfigMap's text resolve as they would in the mounted file.
            let directory = path.map { ($0 as NSString).deletingLastPathComponent } ?? ""
            loaded = try PrometheusConfig.parse(
                yaml: text, filename: origin, directory: path == nil ? "" : (directory.isEmpty ? "." : directory))
        } catch {
            return refused(origin: origin, error: "\(error)")
        }
        current.withLock { $0 = Applied(config: loaded, hash: ConfigHash.of(text), origin: origin) }
        // Pools first, so the targets discovery reports for a new job find its pool.
        scrapeManager.apply(loaded.allScrapeConfigs.map { ScrapeOptions(config: $0) })
        discovery.apply(loaded)
        failure.withLock { $0 = nil }
        applyStorage(loaded.storage)
        for g in lastSuccessful { g.set(Double(1)) }
        let now = Date().timeIntervalSince1970
        for g in lastSuccessTime { g.set(now) }
        logger.info(
            "Completed loading of configuration file",
            metadata: ["file": "\(origin)", "jobs": "\(loaded.allScrapeConfigs.count)"])
        return nil
    }

    private func refused(origin: String, error: String) -> String {
        logger.error("Error loading config", metadata: ["file": "\(origin)", "err": "\(error)"])
        failure.withLock { $0 = error }
        for g in lastSuccessful { g.set(Double(0)) }
        return error
    }
}

/// The hash that identifies a config text between the operator (which renders it) and the server (which
/// reports it in `/api/v1/status/config`): 64-bit FNV-1a over the UTF-8 bytes, as 16 lower-case hex digits.
/// The operator's `ConfigHash` in `Sources/Operator/Status/ServerReport.swift` must compute the same value.
enum ConfigHash {
    static func of(_ text: String) -> String {
        var h = FNV1a()
        h.add(text)
        let hex = String(h.value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

struct ConfigLoadFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
