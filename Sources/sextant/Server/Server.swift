import Foundation
import Discovery
import HTTPAPI
import HTTPClient
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import Prometheus
import PromConfig
import PromModel
import PromQL
import Scrape
import ServiceLifecycle
import Storage
import TSDB
import UnixSignals

/// The server role: storage, scraping, query engine and HTTP API joined together.
/// The only place that knows the concrete TSDB type.
///
/// The web port is bound first and answers with the WAL replay's progress (and 503 elsewhere) while the storage
/// opens, as Prometheus does; the rest starts once the storage is open.
struct Server {
    let options: ServerOptions
    let registry: PrometheusCollectorRegistry
    let logger: Logger
    let replayProgress = WALReplayProgress()
    let web: StartupResponder
    let app: Application<WebSecurityResponder<StartupResponder>>

    init(options: ServerOptions, registry: PrometheusCollectorRegistry, logger: Logger) async throws {
        self.options = options
        self.registry = registry
        self.logger = logger
        logger.info("Starting Sextant Server", metadata: ["version": "\(BuildInfo.version)", "mode": "server"])
        web = StartupResponder(walReplay: WALReplayAdapter(progress: replayProgress))
        // A web config file that does not load stops the server here, before the port is bound (as Prometheus).
        var webConfig: WebConfigFile?
        var httpServer: HTTPServerBuilder = .http1()
        if let path = options.webConfigFile {
            let file = try WebConfigFile(path: path, logger: Logger(label: "web"))
            if let tls = file.initial.tlsServerConfig {
                let tlsConfig = try WebTLS.configuration(tls, file: path, logger: Logger(label: "web"))
                httpServer = try .tls(.http1(), configuration: tlsConfig)
            }
            logger.info(
                "Web config file loaded",
                metadata: [
                    "file": "\(path)", "tls": "\(file.initial.tlsServerConfig != nil)",
                    "basic_auth": "\(!file.initial.basicAuthUsers.isEmpty)",
                ])
            webConfig = file
        }
        app = Application(
            responder: WebSecurityResponder(base: web, file: webConfig),
            server: httpServer,
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: nil),
            logger: Logger(label: "web"))
    }

    func run() async throws {
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: ServerCore(server: self)), .init(service: app)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
        logger.info("See you next time!")
    }

    /// Opens the storage on a thread of its own (replay blocks), so that the web port answers meanwhile.
    func openStorage() async throws -> TSDB {
        var tsdbOptions = TSDBOptions()
        tsdbOptions.retentionDuration = options.retention.milliseconds
        tsdbOptions.maxBytes = options.retentionSize
        tsdbOptions.walReplayProgress = replayProgress
        tsdbOptions.memorySnapshotOnShutdown = options.features.contains("memory-snapshot-on-shutdown")
        tsdbOptions.blockDuration = options.minBlockDuration.milliseconds
        tsdbOptions.walCompression = options.walCompression
        let path = options.storagePath
        let opened = tsdbOptions
        return try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try TSDB(directory: path, options: opened, logger: Logger(label: "tsdb")) })
            }
        }
    }
}

/// Everything behind the web port: storage, config, discovery, scraping, and the API handed to the web server
/// once they are up. Stopping stops them in reverse order, the storage last (flushing the WAL).
struct ServerCore: Service {
    let server: Server

    func run() async throws {
        let options = server.options
        let logger = server.logger
        let tsdb = try await server.openStorage()
        let client: HTTPClient
        let config: ConfigReloader
        let scrapeManager: ScrapeManager
        let discovery: DiscoveryManager
        do {
            client = try HTTPClient(logger: Logger(label: "httpclient"))
            scrapeManager = ScrapeManager(appendable: tsdb, client: client, logger: Logger(label: "scrape"))
            discovery = DiscoveryManager(http: client, logger: Logger(label: "discovery"))
            config = ConfigReloader(
                path: options.configFile, scrapeManager: scrapeManager, discovery: discovery, registry: server.registry,
                logger: Logger(label: "config"),
                applyStorage: { [tsdb] in tsdb.outOfOrderTimeWindow = $0.outOfOrderTimeWindow.milliseconds })
            // A config that does not load at start-up is fatal, as in Prometheus: there is nothing to fall back to.
            try config.loadInitial()
        } catch {
            try? tsdb.close()
            throw error
        }
        server.web.open(makeAPI(tsdb: tsdb, config: config, scrapeManager: scrapeManager).makeRouter())

        var services: [any Service] = [
            StorageService(tsdb: tsdb, logger: logger),
            ScrapeService(manager: scrapeManager),
            DiscoveryService(discovery: discovery, scrapeManager: scrapeManager),
            ReloadOnSignalService(config: config),
        ]
        if let interval = options.configAutoReloadInterval {
            services.append(ConfigAutoReloadService(config: config, interval: interval, logger: Logger(label: "config")))
        }
        if let source = options.configMap {
            services.append(
                try ConfigMapWatchService(config: config, source: source, http: client, logger: Logger(label: "config")))
        }
        let group = ServiceGroup(
            configuration: .init(services: services.map { .init(service: $0) }, logger: logger))
        logger.info("Server is ready to receive web requests.", metadata: ["address": "\(options.host):\(options.port)"])
        try await group.run()
        client.shutdown()
    }

    private func makeAPI(tsdb: TSDB, config: ConfigReloader, scrapeManager: ScrapeManager) -> PrometheusAPI {
        let options = server.options
        let engine = Engine(
            options: EngineOptions(
                lookbackDelta: options.lookbackDelta.milliseconds, timeout: options.queryTimeout, maxSamples: options.maxSamples,
                enableExperimentalFunctions: options.features.contains("promql-experimental-functions"),
                defaultSubqueryStep: config.config?.global.evaluationInterval.milliseconds ?? 60_000,
                enableDelayedNameRemoval: options.features.contains("promql-delayed-name-removal"),
                maxConcurrency: options.maxConcurrency))
        var apiOptions = APIOptions()
        apiOptions.enableLifecycle = options.enableLifecycle
        apiOptions.queryTimeout = options.queryTimeout
        apiOptions.externalURL = options.externalURL
        apiOptions.enableAdminAPI = options.enableAdminAPI
        apiOptions.flags = options.flagValues
        apiOptions.pageTitle = options.pageTitle
        let runtime = RuntimeState(storageRetention: PromDuration(milliseconds: options.retention.milliseconds).description)
        let status = ServerStatus(config: config, tsdb: tsdb, registry: server.registry)
        let targets = ScrapeTargetsProvider(
            manager: scrapeManager, global: GlobalURLRewriter(externalURL: options.externalURL, listenPort: options.port))
        var api = PrometheusAPI(
            queryable: tsdb, engine: engine, targets: targets,
            status: status, options: apiOptions, logger: Logger(label: "web"),
            reload: { [config] in
                let err = config.reload()
                runtime.recordReload(ok: err == nil)
                return err
            })
        api.admin = TSDBAdminAdapter(tsdb: tsdb)
        api.metadata = targets
        api.walReplay = WALReplayAdapter(progress: server.replayProgress)
        api.runtimeInfo = { [config] in
            // Reloads from the ConfigMap watch and SIGHUP do not pass through the API's reload hook.
            var info = runtime.info()
            info.reloadConfigSuccess = config.lastFailure == nil
            return info
        }
        return api
    }
}

/// Keeps the storage open for the life of the server, compacting it in the background, and closes it
/// (flushing the WAL) last on shutdown.
struct StorageService: Service {
    let tsdb: TSDB
    let logger: Logger

    func run() async throws {
        // Cut blocks, compact and apply retention every minute until shutdown.
        await cancelWhenGracefulShutdown {
            await tsdb.run(interval: .seconds(60))
        }
        do {
            try tsdb.close()
        } catch {
            logger.error("closing storage failed", metadata: ["err": "\(error)"])
        }
    }
}

/// Runs the scrape loops until shutdown.
struct ScrapeService: Service {
    let manager: ScrapeManager

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await manager.run()
        }
    }
}

/// Reloads the configuration on SIGHUP, as Prometheus does.
struct ReloadOnSignalService: Service {
    let config: ConfigReloader

    func run() async throws {
        await cancelWhenGracefulShutdown {
            for await _ in await UnixSignalsSequence(trapping: .sighup) {
                _ = config.reload()
            }
        }
    }
}
