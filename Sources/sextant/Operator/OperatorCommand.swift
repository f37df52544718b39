import ArgumentParser
import Foundation
import HTTPClient
import Hummingbird
import KubeClient
import Logging
import Operator
import UnixSignals
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

    @Flag(help: "Elect a leader through a coordination.k8s.io Lease so several replicas can run; only the leader reconciles.")
    var leaderElect = false

    @Option(help: "Name of the leader election Lease.")
    var leaderElectLeaseName = "sextant-operator"

    @Option(help: "Namespace of the leader election Lease (default: --namespace, else the operator's own).")
    var leaderElectNamespace: String?

    @Option(help: "How long a lease lasts without renewal before another replica may take it.")
    var leaderElectLeaseDuration = "15s"

    @Option(help: "How long the leader keeps retrying renewals before it stops leading (and exits).")
    var leaderElectRenewDeadline = "10s"

    @Option(help: "How often candidates try to acquire and the leader renews.")
    var leaderElectRetryPeriod = "2s"

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
        let interval = try Self.duration(statusInterval, flag: "status-interval")
        options.statusInterval = interval > .zero ? interval : nil
        options.fetcher = ServerAPIFetcher(http: http)
        options.hasher = BcryptPasswordHasher()
        let controller = OperatorController(client: client, options: options, logger: logger)

        if dryRun {
            print(try await controller.dryRun(), terminator: "")
            return
        }
        var elector: LeaderElector?
        if leaderElect {
            var lease = LeaderElector.Config(
                namespace: leaderElectNamespace ?? namespace ?? config.namespace, name: leaderElectLeaseName,
                identity: LeaderElector.Config.defaultIdentity())
            lease.leaseDuration = try Self.duration(leaderElectLeaseDuration, flag: "leader-elect-lease-duration")
            lease.renewDeadline = try Self.duration(leaderElectRenewDeadline, flag: "leader-elect-renew-deadline")
            lease.retryPeriod = try Self.duration(leaderElectRetryPeriod, flag: "leader-elect-retry-period")
            guard lease.leaseDuration > lease.renewDeadline, lease.renewDeadline > lease.retryPeriod,
                lease.retryPeriod > .zero
            else {
                throw ValidationError(
                    "leader election needs lease duration > renew deadline > retry period > 0, got \(leaderElectLeaseDuration), \(leaderElectRenewDeadline), \(leaderElectRetryPeriod)")
            }
            elector = LeaderElector(client: client, config: lease, logger: logger)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            if let elector {
                group.addTask { try await elector.run { await controller.run() } }
            } else {
                group.addTask { await controller.run() }
            }
            if !metricsAddress.isEmpty {
                let app = try OperatorHTTP.application(address: metricsAddress, controller: controller, elector: elector)
                group.addTask { try await app.runService() }
            }
            // SIGTERM/SIGINT end the group, so a leader releases its lease before exiting.
            group.addTask {
                for await signal in await UnixSignalsSequence(trapping: .sigterm, .sigint) {
                    logger.info("received \(signal), shutting down")
                    return
                }
            }
            defer { group.cancelAll() }
            _ = try await group.next()
            group.cancelAll()
            // Let the others (the elector's release) finish.
            while let _ = try await group.next() {}
        }
    }

    static func duration(_ text: String, flag: String) throws -> Duration {
        guard let d = try? PromDuration(parsing: text) else {
            throw ValidationError("--\(flag) \"\(text)\" is not a duration (e.g. 500ms, 15s, 1m)")
        }
        return .milliseconds(d.milliseconds)
    }
}
