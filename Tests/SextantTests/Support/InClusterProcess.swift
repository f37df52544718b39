import Foundation
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Starts a process the way a pod runs it, without a kubelet: in a private mount namespace whose `/run` (and so
/// `/var/run`) holds a service account's token, CA and namespace at the standard path, with
/// `KUBERNETES_SERVICE_HOST`/`_PORT` pointing at the API server. The process then uses in-cluster config, with
/// the permissions of that service account. Nothing is mounted in the host's namespace.
enum InClusterProcess {
    static let unshare = "/usr/bin/unshare"

    /// Why this cannot run here, or nil.
    static var unavailableReason: String? {
        guard FileManager.default.isExecutableFile(atPath: unshare) else { return "\(unshare) is missing (util-linux)" }
        guard geteuid() == 0 else { return "mount namespaces need root (euid \(geteuid()))" }
        return nil
    }

    struct ServiceAccountFiles {
        var token: String
        var caCertificate: String
        var namespace: String
    }

    /// The files of `account`'s token Secret (created by kube-controller-manager's token controller).
    static func serviceAccount(_ account: String, namespace: String, kubectl: Kubectl) async throws -> ServiceAccountFiles? {
        let sa = try await kubectl.json("get", "serviceaccount", account, "-n", namespace)
        guard let secret = (sa["secrets"] as? [[String: Any]])?.first?["name"] as? String else { return nil }
        let data = try await kubectl.json("get", "secret", secret, "-n", namespace)["data"] as? [String: String] ?? [:]
        func decoded(_ key: String) -> String? {
            data[key].flatMap { Data(base64Encoded: $0) }.map { String(decoding: $0, as: UTF8.self) }
        }
        guard let token = decoded("token"), let ca = decoded("ca.crt") else { return nil }
        return ServiceAccountFiles(token: token, caCertificate: ca, namespace: decoded("namespace") ?? namespace)
    }

    /// `https://host:port` of the API server in a kubeconfig.
    static func apiServer(kubeconfig: String) throws -> (host: String, port: String) {
        let text = try String(contentsOfFile: kubeconfig, encoding: .utf8)
        for line in text.split(separator: "\n") {
            let t = line.trimmingCharacters(in: .whitespaces)
            guard t.hasPrefix("server:"), let url = URL(string: t.dropFirst("server:".count).trimmingCharacters(in: .whitespaces)),
                let host = url.host, let port = url.port
            else { continue }
            return (host, String(port))
        }
        throw KubectlError(description: "no server: line in \(kubeconfig)")
    }

    static func start(
        executable: String, arguments: [String], account: ServiceAccountFiles, apiServer: (host: String, port: String),
        environment extra: [String: String] = [:], directory: TemporaryDirectory, readiness: PeerProcess.Readiness
    ) async throws -> PeerProcess {
        let files = directory.file("serviceaccount")
        try FileManager.default.createDirectory(atPath: files, withIntermediateDirectories: true)
        try account.token.write(toFile: "\(files)/token", atomically: true, encoding: .utf8)
        try account.caCertificate.write(toFile: "\(files)/ca.crt", atomically: true, encoding: .utf8)
        try account.namespace.write(toFile: "\(files)/namespace", atomically: true, encoding: .utf8)
        let script = """
            mount -t tmpfs tmpfs /run && mkdir -p /run/secrets/kubernetes.io/serviceaccount \
            && cp "$0"/* /run/secrets/kubernetes.io/serviceaccount/ && exec "$@"
            """
        var env = ProcessInfo.processInfo.environment.merging(extra) { _, new in new }
        env["KUBERNETES_SERVICE_HOST"] = apiServer.host
        env["KUBERNETES_SERVICE_PORT"] = apiServer.port
        env["KUBECONFIG"] = nil
        return try await PeerProcess.start(
            executable: unshare,
            arguments: ["--mount", "--propagation", "private", "/bin/sh", "-c", script, files, executable] + arguments,
            environment: env, readiness: readiness, timeout: .seconds(60))
    }
}
