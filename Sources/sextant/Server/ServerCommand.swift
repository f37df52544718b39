import ArgumentParser
import Foundation
import HTTPAPI
import HTTPClient
import Hummingbird
import Logging
import Metrics
import Prometheus
import PromConfig
import PromModel
import PromQL
import Scrape
import ServiceLifecycle
import TSDB

/// `sextant server`: flags use Prometheus's names so scripts and tools that drive Prometheus drive Sextant.
struct ServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server", abstract: "Run the storage and query server.")

    @Option(name: .customLong("config.file"), help: "Configuration file path; without it the embedded default config is used.")
    var configFile: String?

    @Option(
        name: .customLong("config.kubernetes-configmap"),
        help: "NAMESPACE/NAME of a ConfigMap to watch through the Kubernetes API and load the config from (the config file is the fallback at start).")
    var configMap: String?

    @Option(
        name: .customLong("config.kubernetes-configmap-key"),
        help: "Key of the config in that ConfigMap (default: the config file's base name, else prometheus.yml).")
    var configMapKey: String?

    @Option(
        name: .customLong("config.kubernetes-kubeconfig"),
        help: "Kubeconfig for the ConfigMap watch; default: the pod's service account, then $KUBECONFIG.")
    var configMapKubeconfig: String?

    @Option(name: .customLong("web.listen-address"), help: "Address to listen on for the UI, API and telemetry.")
    var listenAddress = "0.0.0.0:9090"

    @Option(name: .customLong("web.external-url"), help: "The URL under which Sextant is externally reachable.")
    var externalURL: String?

    @Option(
        name: .customLong("web.config.file"),
        help: "Web config file (Prometheus exporter-toolkit format) that enables TLS, basic auth and response headers.")
    var webConfigFile: String?

    @Option(name: .customLong("web.page-title"), help: "Document title of the server's web pages.")
    var pageTitle = ServerOptions.defaultPageTitle

    @Flag(name: .customLong("web.enable-lifecycle"), help: "Enable shutdown and reload via HTTP request.")
    var enableLifecycle = false

    @Flag(name: .customLong("web.enable-admin-api"), help: "Enable API endpoints for admin control actions.")
    var enableAdminAPI = false

    @Option(name: .customLong("storage.tsdb.path"), help: "Base path for metrics storage.")
    var storagePath = "data/"

    @Option(name: .customLong("storage.tsdb.retention.time"), help: "How long to retain samples in storage.")
    var retentionTime = "15d"

    @Option(name: .customLong("storage.tsdb.retention.size"), help: "Maximum number of bytes of storage blocks to retain (e.g. 512MB, 10GB); 0 disables.")
    var retentionSize = "0"

    @Flag(
        name: .customLong("storage.tsdb.wal-compression"), inversion: .prefixedNo,
        help: "Compress the tsdb WAL (snappy, as Prometheus).")
    var walCompression = true

    @Option(
        name: .customLong("storage.tsdb.min-block-duration"),
        help: ArgumentHelp("Minimum duration of a data block before being persisted (Prometheus's hidden flag; for tests and benchmarks).", visibility: .hidden))
    var minBlockDuration = "2h"

    @Option(name: .customLong("query.lookback-delta"), help: "How far back to look for a sample of a series at evaluation time.")
    var lookbackDelta = "5m"

    @Option(name: .customLong("query.timeout"), help: "Maximum time a query may take before being aborted.")
    var queryTimeout = "2m"

    @Option(name: .customLong("query.max-samples"), help: "Maximum number of samples a single query can load into memory.")
    var queryMaxSamples = 50_000_000

    @Option(name: .customLong("query.max-concurrency"), help: "Maximum number of queries executed concurrently.")
    var queryMaxConcurrency = 20

    @Option(name: .customLong("log.level"), help: "Only log messages with the given severity or above: debug, info, warn, error.")
    var logLevel = "info"

    @Option(name: .customLong("log.format"), help: "Output format of log messages: logfmt or json.")
    var logFormat = "logfmt"

    @Option(
        name: .customLong("config.auto-reload-interval"),
        help: "How often to check the config files for changes, with --enable-feature=auto-reload-config.")
    var configAutoReloadInterval = "30s"

    @Option(name: .customLong("enable-feature"), help: "Comma separated feature names to enable.")
    var features: [String] = []

    func run() async throws {
        let level: Logger.Level = switch logLevel {
            case "debug": .debug
            case "warn": .warning
            case "error": .error
            default: .info
        }
        let json = logFormat == "json"
        LoggingSystem.bootstrap { label in LogfmtHandler(label: label, level: level, json: json) }
        let logger = Logger(label: "main")

        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))

        let options = try ServerOptions(command: self)
        let server = try await Server(options: options, registry: registry, logger: logger)
        try await server.run()
    }
}

/// Flag values parsed into typed options.
struct ServerOptions {
    /// Prometheus's default title, with our name.
    static let defaultPageTitle = "Sextant Time Series Collection and Processing Server"

    var configFile: String?
    /// `--config.kubernetes-configmap`: the ConfigMap watched for config changes.
    var configMap: ConfigMapSource?
    /// Set when the `auto-reload-config` feature is enabled.
    var configAutoReloadInterval: Duration?
    var host: String
    var port: Int
    var externalURL: String
    /// `--web.config.file`: TLS, basic auth and headers of the web server; loaded and checked before binding.
    var webConfigFile: String?
    /// `--web.page-title`: the `<title>` of the HTML the server serves.
    var pageTitle = Self.defaultPageTitle
    var enableLifecycle: Bool
    var enableAdminAPI: Bool
    var storagePath: String
    var retention: Duration
    var retentionSize: Int64
    /// Width of the blocks cut from the head (`--storage.tsdb.min-block-duration`).
    var minBlockDuration: Duration = .seconds(7200)
    var walCompression = true
    var lookbackDelta: Duration
    var queryTimeout: Duration
    var maxSamples: Int
    var maxConcurrency: Int
    var features: Set<String>

    init(command c: ServerCommand) throws {
        configFile = c.configFile
        if let flag = c.configMap {
            do {
                configMap = try ConfigMapSource(
                    flag: flag, key: c.configMapKey, configFile: c.configFile, kubeconfig: c.configMapKubeconfig)
            } catch {
                throw ValidationError(error.description)
            }
        }
        guard let colon = c.listenAddress.lastIndex(of: ":"), let port = Int(c.listenAddress[c.listenAddress.index(after: colon)...])
        else {
            throw ValidationError("--web.listen-address \"\(c.listenAddress)\" is not host:port")
        }
        let h = String(c.listenAddress[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        host = h.isEmpty ? "0.0.0.0" : h
        self.port = port
        // As Prometheus: the machine's hostname and the listen port, whatever address we listen on.
        externalURL = c.externalURL ?? "http://\(ProcessInfo.processInfo.hostName):\(port)/"
        if let file = c.webConfigFile, !file.isEmpty { webConfigFile = file }
        pageTitle = c.pageTitle
        enableLifecycle = c.enableLifecycle
        enableAdminAPI = c.enableAdminAPI
        storagePath = c.storagePath
        func duration(_ s: String, _ flag: String) throws -> Duration {
            guard let d = try? PromDuration(parsing: s) else {
                throw ValidationError("--\(flag) \"\(s)\" is not a valid duration (e.g. 5m, 1h30m, 15d)")
            }
            return .milliseconds(d.milliseconds)
        }
        retention = try duration(c.retentionTime, "storage.tsdb.retention.time")
        guard let size = (try? ByteSize(parsing: c.retentionSize))?.bytes else {
            throw ValidationError("--storage.tsdb.retention.size \"\(c.retentionSize)\" is not a size (e.g. 512MB, 10GB)")
        }
        retentionSize = size
        walCompression = c.walCompression
        minBlockDuration = try duration(c.minBlockDuration, "storage.tsdb.min-block-duration")
        guard minBlockDuration >= .seconds(1) else {
            throw ValidationError("--storage.tsdb.min-block-duration \"\(c.minBlockDuration)\" must be at least 1s")
        }
        lookbackDelta = try duration(c.lookbackDelta, "query.lookback-delta")
        queryTimeout = try duration(c.queryTimeout, "query.timeout")
        maxSamples = c.queryMaxSamples
        maxConcurrency = c.queryMaxConcurrency
        features = Set(c.features.flatMap { $0.split(separator: ",").map { String($0) } })
        if features.contains("auto-reload-config") {
            let interval = try duration(c.configAutoReloadInterval, "config.auto-reload-interval")
            // Prometheus's floor: checking more often than every second only burns CPU.
            configAutoReloadInterval = max(interval, .seconds(1))
        }
    }
}

