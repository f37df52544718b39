import ArgumentParser
import Foundation
import HTTPClient
import Hummingbird
import KubeClient
import Logging
import Operator
import PromConfig

/// `sextant operator`: reconciles `Sextant` objects (and the monitors they select) into StatefulSets, Services,
/// RBAC and ConfigMaps.
struct OperatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "operator", abstract: "Run the Kubernetes operator for Sextant resources.")

    @Option(help: "Path to a kubeconfig; without it the in-cluster service account is used.")
    var kubeconfig: String?

    @Option(help: "Only watch and reconcile this namespace (default: all namespaces).")
    var namespace: String?

    @Flag(help: "Print the objects every Sextant would get as YAML and exit, applying nothing.")
    var dryRun = false

    @Flag(inversion: .prefixedEnableDisable, help: "Also select monitoring.coreos.com monitors when that group is served.")
    var coreosMonitors = true

    @Option(help: "Address (host:port) serving /metrics, /healthz and /readyz; empty disables.")
    var metricsAddress = "0.0.0.0:8080"

    @Option(help: "Concurrent reconciles.")
    var workers = 2

    @Option(
        help: ArgumentHelp(
            "Read a Sextant's servers at URL instead of its pods' IPs (NAMESPACE/NAME[/SHARD]=URL; repeatable).",
            discussion: "For an operator that cannot reach pod IPs, e.g. outside the cluster or in tests that run `sextant server` themselves."))
    var serverUrlOverride: [String] = []

    @Option(help: "How often to re-read every Sextant's servers for ConfigApplied and monitor target counts; 0 disables.")
    var statusInterval = "30s"

    @Option(name: .customLong("log.level"), help: "debug, info, warn or error.")
    var logLevel = "info"

    func run() async throws {
        let level: Logger.Level = switch logLevel {
            case "debug": .debug
            case "warn": .warning
            case "error": .error
            default: .info
        }
        LoggingSystem.bootstrap { label in LogfmtHandler(label: label, level: level, json: false) }
        let logger = Logger(label: "operator")

        let config: KubeClientConfig
        do {
            if let kubeconfig {
                config = try KubeClientConfig.kubeconfig(path: kubeconfig)
            } else {
                config = try KubeClientConfig.inCluster()
            }
        } catch {
            throw ValidationError("cannot configure the Kubernetes client: \(error)")
        }
        let http = try HTTPClient(logger: logger)
        let client = KubeClient(config: config, http: http, logger: logger)
        var options = OperatorController.Options(namespace: namespace)
        options.coreosMonitors = coreosMonitors
        options.workers = workers
        do {
            options.serverOverrides = try ServerOverride.parse(serverUrlOverride)
        } catch {
            throw ValidationError("\(error)")
        }
        guard let interval = try? PromDuration(parsing: statusInterval) else {
            throw ValidationError("--status-interval \"\(statusInterval)\" is not a duration (e.g. 30s, 1m)")
        }
        options.statusInterval = interval.milliseconds > 0 ? .milliseconds(interval.milliseconds) : nil
        options.fetcher = ServerAPIFetcher(http: http)
        let controller = OperatorController(client: client, options: options, logger: logger)

        if dryRun {
            print(try await controller.dryRun(), terminator: "")
            return
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await controller.run() }
            if !metricsAddress.isEmpty {
                let app = try OperatorHTTP.application(address: metricsAddress, controller: controller)
                group.addTask { try await app.runService() }
            }
            _ = try await group.next()
            group.cancelAll()
        }
    }
}

/// The operator's own endpoints: Prometheus text metrics and the probes Kubernetes calls.
enum OperatorHTTP {
    static func application(address: String, controller: OperatorController) throws -> some ApplicationProtocol {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]) else {
            throw ValidationError("--metrics-address \"\(address)\" is not host:port")
        }
        let host = String(address[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        let router = Router()
        router.get("/healthz") { _, _ in "ok\n" }
        router.get("/readyz") { _, _ -> String in
            guard controller.currentStats.ready else { throw HTTPError(.serviceUnavailable, message: "caches not synced\n") }
            return "ok\n"
        }
        router.get("/metrics") { _, _ in metrics(controller.currentStats) }
        return Application(
            router: router,
            configuration: .init(address: .hostname(host.isEmpty ? "0.0.0.0" : host, port: port), serverName: nil),
            logger: Logger(label: "operator.web"))
    }

    static func metrics(_ s: OperatorController.Stats) -> String {
        """
        # HELP sextant_operator_syncs_total Reconciles of Sextant keys.
        # TYPE sextant_operator_syncs_total counter
        sextant_operator_syncs_total \(s.syncs)
        # HELP sextant_operator_sync_failures_total Reconciles that failed and were retried with backoff.
        # TYPE sextant_operator_sync_failures_total counter
        sextant_operator_sync_failures_total \(s.failures)
        # HELP sextant_operator_applies_total Reconciles that applied objects (input hash changed).
        # TYPE sextant_operator_applies_total counter
        sextant_operator_applies_total \(s.applies)
        # HELP sextant_operator_queue_length Keys waiting in the work queue.
        # TYPE sextant_operator_queue_length gauge
        sextant_operator_queue_length \(s.queueLength)
        # HELP sextant_operator_ready Whether the informer caches have synced.
        # TYPE sextant_operator_ready gauge
        sextant_operator_ready \(s.ready ? 1 : 0)

        """
    }
}

