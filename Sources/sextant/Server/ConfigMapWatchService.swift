import Foundation
import HTTPClient
import KubeClient
import Logging
import ServiceLifecycle

/// `--config.kubernetes-configmap=NS/NAME`: watches that ConfigMap through the API server and applies the text
/// under `key` through the serialized `ConfigReloader`, so a new config is running seconds after the operator
/// writes it (no kubelet volume sync, no reloader sidecar).
///
/// A missing ConfigMap or key, and a text that fails validation, leave the running config in place (the
/// mounted file loaded at start is the fallback); the watch itself retries with backoff when the API is
/// unreachable or forbids the read.
struct ConfigMapWatchService: ServiceLifecycle.Service {
    let config: ConfigReloader
    let client: KubeClient
    let namespace: String
    let name: String
    let key: String
    let logger: Logger

    init(config: ConfigReloader, source: ConfigMapSource, http: HTTPClient, logger: Logger) throws {
        self.config = config
        client = KubeClient(config: try source.clientConfig(), http: http, logger: logger)
        namespace = source.namespace
        name = source.name
        key = source.key
        self.logger = logger
    }

    var origin: String { "configmap \(namespace)/\(name) key \(key)" }

    func run() async throws {
        // A field selector on the name keeps the watch (and the RBAC it needs) to this one object.
        let informer = Informer(
            client: client, ConfigMap.self, namespace: namespace, fieldSelector: "metadata.name=\(name)",
            logger: logger)
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await informer.run() }
                group.addTask {
                    for await change in informer.changes {
                        handle(change)
                    }
                }
            }
        }
    }

    func handle(_ change: InformerChange<ConfigMap>) {
        switch change {
        case .added(let cm), .updated(_, let cm):
            guard let text = cm.data?[key] else {
                logger.warning(
                    "ConfigMap has no such key; keeping the running config",
                    metadata: ["configmap": "\(namespace)/\(name)", "key": "\(key)", "keys": "\((cm.data ?? [:]).keys.sorted())"])
                return
            }
            if let err = config.apply(text: text, origin: origin) {
                logger.warning("ConfigMap config refused; keeping the running config", metadata: ["err": "\(err)"])
            }
        case .deleted:
            logger.warning(
                "ConfigMap deleted; keeping the running config", metadata: ["configmap": "\(namespace)/\(name)"])
        case .synced:
            break
        }
    }
}

/// Where `--config.kubernetes-configmap` points and how to reach the API server.
struct ConfigMapSource: Sendable {
    var namespace: String
    var name: String
    var key: String
    /// A kubeconfig file; nil uses the pod's service account, then `$KUBECONFIG` / `~/.kube/config`.
    var kubeconfig: String?

    /// Parses `NS/NAME`; the key defaults to the config file's base name, else `prometheus.yml`.
    init(flag: String, key: String?, configFile: String?, kubeconfig: String?) throws(ConfigMapSourceError) {
        let parts = flag.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw ConfigMapSourceError(
                description: "--config.kubernetes-configmap \"\(flag)\" is not NAMESPACE/NAME (e.g. monitoring/sextant-main-config)")
        }
        namespace = parts[0]
        name = parts[1]
        if let key, !key.isEmpty {
            self.key = key
        } else if let configFile, !configFile.isEmpty {
            self.key = (configFile as NSString).lastPathComponent
        } else {
            self.key = "prometheus.yml"
        }
        self.kubeconfig = kubeconfig
    }

    func clientConfig() throws -> KubeClientConfig {
        if let kubeconfig { return try KubeClientConfig.kubeconfig(path: kubeconfig) }
        do {
            return try KubeClientConfig.inCluster()
        } catch {
            // Outside a pod (tests, a server run by hand): kubectl's lookup order.
            guard let fallback = try? KubeClientConfig.load() else { throw error }
            return fallback
        }
    }
}

struct ConfigMapSourceError: Error, CustomStringConvertible {
    var description: String
}
