import Foundation

/// Everything needed to talk to one API server: address, credentials, TLS, default namespace.
///
/// Build it from a kubeconfig file (`kubeconfig(path:context:)`), from the pod's service account
/// (`inCluster()`), or let `load()` pick the way kubectl and Prometheus do.
/// `environment` parameters default to the process environment.
public struct KubeClientConfig: Sendable, Hashable {
    /// `https://host:port`, without a trailing slash.
    public var server: String
    /// Namespace of the current context (or of the pod): the default for namespaced calls.
    public var namespace: String
    /// Static bearer token.
    public var token: String?
    /// File holding a bearer token, re-read periodically because projected service account tokens rotate.
    public var tokenFile: String?
    public var username: String?
    public var password: String?
    public var caFile: String?
    public var certFile: String?
    public var keyFile: String?
    /// PEM text instead of `caFile`, `certFile`, `keyFile` (kubernetes_sd's inline `tls_config`); kept in memory.
    public var caPEM: String?
    public var certPEM: String?
    public var keyPEM: String?
    public var serverName: String?
    public var insecureSkipVerify: Bool
    public var proxyURL: String?
    /// Limit for each non-watch request.
    public var requestTimeout: Duration
    public var userAgent: String

    public init(
        server: String, namespace: String = "default", token: String? = nil, tokenFile: String? = nil,
        caFile: String? = nil, certFile: String? = nil, keyFile: String? = nil, insecureSkipVerify: Bool = false
    ) {
        var server = server
        while server.hasSuffix("/") { server.removeLast() }
        self.server = server
        self.namespace = namespace
        self.token = token
        self.tokenFile = tokenFile
        self.caFile = caFile
        self.certFile = certFile
        self.keyFile = keyFile
        self.insecureSkipVerify = insecureSkipVerify
        self.requestTimeout = .seconds(30)
        self.userAgent = "sextant"
    }

    /// The standard service account mount of a pod.
    public static let serviceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// In-cluster configuration: `KUBERNETES_SERVICE_HOST`/`_PORT`, the mounted token (re-read as it
    /// rotates), CA and namespace.
    public static func inCluster(
        environment: [String: String]? = nil,
        serviceAccountDirectory dir: String = serviceAccountDirectory
    ) throws(KubeError) -> KubeClientConfig {
        let environment = environment ?? ProcessInfo.processInfo.environment
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty,
            let port = environment["KUBERNETES_SERVICE_PORT"], !port.isEmpty
        else {
            throw KubeError(
                kind: .configuration,
                message: "not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set")
        }
        let tokenFile = "\(dir)/token"
        guard FileManager.default.isReadableFile(atPath: tokenFile) else {
            throw KubeError(kind: .configuration, message: "service account token \"\(tokenFile)\" is not readable")
        }
        // IPv6 service hosts need brackets in a URL.
        let hostPart = host.contains(":") ? "[\(host)]" : host
        let namespace =
            (try? String(contentsOfFile: "\(dir)/namespace", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "default"
        let ca = "\(dir)/ca.crt"
        return KubeClientConfig(
            server: "https://\(hostPart):\(port)", namespace: namespace.isEmpty ? "default" : namespace,
            tokenFile: tokenFile, caFile: FileManager.default.fileExists(atPath: ca) ? ca : nil)
    }

    /// kubectl's order: `$KUBECONFIG` (first file), `~/.kube/config`, then the in-cluster service account.
    public static func load(
        environment: [String: String]? = nil
    ) throws(KubeError) -> KubeClientConfig {
        let environment = environment ?? ProcessInfo.processInfo.environment
        if let list = environment["KUBECONFIG"], let first = list.split(separator: ":").first {
            return try kubeconfig(path: String(first))
        }
        if let home = environment["HOME"], FileManager.default.fileExists(atPath: "\(home)/.kube/config") {
            return try kubeconfig(path: "\(home)/.kube/config")
        }
        return try inCluster(environment: environment)
    }
}
