public import HTTPClient
public import KubeClient
public import Logging
public import PromConfig
public import PromModel

extension KubernetesSDOptions {
    /// The discovery part of a `kubernetes_sd_configs` entry; `ownNamespace` is the pod's namespace, needed
    /// only when the entry sets `namespaces.own_namespace`.
    public init(config c: KubernetesSDConfig, ownNamespace: String?) {
        var namespaces = c.namespaces.names
        if c.namespaces.ownNamespace, let ownNamespace { namespaces.append(ownNamespace) }
        var selectors: [Role: Selector] = [:]
        for s in c.selectors {
            guard let role = Role(rawValue: s.role.rawValue) else { continue }
            selectors[role] = Selector(label: s.label, field: s.field)
        }
        self.init(
            role: Role(rawValue: c.role.rawValue) ?? .pod, namespaces: namespaces, selectors: selectors,
            attachNodeMetadata: c.attachMetadata.node)
    }
}

/// A `kubernetes_sd_configs` entry as a provider: resolves API access (kubeconfig, `api_server` plus the
/// entry's credentials and TLS, or in-cluster), then runs `KubernetesDiscovery`. When access cannot be
/// resolved it logs why and sends nothing, keeping the job's other providers running.
public struct KubernetesProvider: DiscoveryProvider {
    public let config: KubernetesSDConfig
    let http: HTTPClient
    let logger: Logger

    public init(config: KubernetesSDConfig, http: HTTPClient, logger: Logger) {
        self.config = config
        self.http = http
        self.logger = logger
    }

    /// The discovery with its API access set up (kubeconfig or in-cluster credentials, own namespace). Throws
    /// when they cannot be read: Prometheus counts such an entry in `prometheus_sd_failed_configs`.
    public func makeDiscovery() throws -> KubernetesDiscovery {
        var kc = try KubernetesDiscovery.clientConfig(apiServer: config.apiServer, kubeconfigFile: config.kubeconfigFile)
        if config.apiServer != nil { applyHTTPConfig(to: &kc) }
        let own = config.namespaces.ownNamespace ? try KubernetesDiscovery.ownNamespace() : nil
        return KubernetesDiscovery(
            client: KubeClient(config: kc, http: http, logger: logger),
            options: KubernetesSDOptions(config: config, ownNamespace: own), logger: logger)
    }

    public func run(_ send: @escaping @Sendable ([TargetGroup]) async -> Void) async {
        let discovery: KubernetesDiscovery
        do {
            discovery = try makeDiscovery()
        } catch {
            logger.error("kubernetes_sd: cannot set up API access", metadata: ["role": "\(config.role.rawValue)", "err": "\(error)"])
            return
        }
        await discovery.run(send)
    }

    /// Bearer token and TLS of the entry's `http_config`, the parts the API server needs.
    func applyHTTPConfig(to kc: inout KubeClientConfig) {
        let h = config.httpClientConfig
        if let a = h.authorization, a.type.lowercased() == "bearer" {
            if let c = a.credentials?.value { kc.token = c }
            if let f = a.credentialsFile { kc.tokenFile = f }
        }
        if let b = h.basicAuth {
            kc.username = b.username ?? b.usernameFile.flatMap(readSecretFile)
            kc.password = b.password?.value ?? b.passwordFile.flatMap(readSecretFile)
        }
        kc.caFile = h.tlsConfig.caFile ?? kc.caFile
        kc.certFile = h.tlsConfig.certFile ?? kc.certFile
        kc.keyFile = h.tlsConfig.keyFile ?? kc.keyFile
        if let ca = h.tlsConfig.ca { (kc.caPEM, kc.caFile) = (ca, nil) }
        if let cert = h.tlsConfig.cert { (kc.certPEM, kc.certFile) = (cert, nil) }
        if let key = h.tlsConfig.key { (kc.keyPEM, kc.keyFile) = (key.value, nil) }
        kc.serverName = h.tlsConfig.serverName ?? kc.serverName
        kc.insecureSkipVerify = h.tlsConfig.insecureSkipVerify
        if let p = h.proxy.proxyURL { kc.proxyURL = p }
    }
}
