import Foundation
import Testing
import TestSupport

/// Shared steps of the end-to-end tests that run a real server for a `Sextant` named `main`.
extension OperatorEndToEndTests {
    /// `sextant operator` on the control plane, watching `ns` only, reading the servers of `main` at `serverURL`
    /// (no pod IPs here) and writing status every second.
    static func startOperator(_ cp: KubeControlPlane, namespace ns: String, serverURL: String) async throws -> PeerProcess {
        let metricsPort = try PeerProcess.freeTCPPort()
        return try await PeerProcess.start(
            executable: try #require(SextantServer.binaryPath),
            arguments: [
                "operator", "--kubeconfig", cp.kubeconfigPath, "--namespace", ns, "--metrics-address",
                "127.0.0.1:\(metricsPort)", "--status-interval=1s", "--server-url-override=\(ns)/main=\(serverURL)",
            ],
            readiness: .tcpPort(port: metricsPort), timeout: .seconds(60))
    }

    /// What the kubelet would do for `main`'s pod: its rendered config, and `webConfig` (the assets Secret's
    /// `web-config.yaml`, with `files` holding the Secret's other keys) as files for a real `sextant server`.
    static func startRenderedServer(
        _ kubectl: Kubectl, namespace ns: String, in dir: TemporaryDirectory, port: Int, webConfig: String,
        files: [String: String] = [:]
    ) async throws -> (server: PeerProcess, webFile: String) {
        let configMap = try await kubectl.json("get", "configmap", "sextant-main-config", "-n", ns)
        let configFile = dir.file("prometheus.yaml")
        try ((configMap["data"] as? [String: String])?["prometheus.yaml"] ?? "").write(
            toFile: configFile, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: dir.file("secrets"), withIntermediateDirectories: true)
        for (name, value) in files {
            try value.write(toFile: dir.file("secrets/\(name)"), atomically: true, encoding: .utf8)
        }
        let webFile = dir.file("web-config.yaml")
        try webConfig.replacingOccurrences(of: "/etc/sextant/secrets", with: dir.file("secrets"))
            .write(toFile: webFile, atomically: true, encoding: .utf8)
        var env = ProcessInfo.processInfo.environment
        env["POD_NAME"] = "sextant-main-0"
        let server = try await PeerProcess.start(
            executable: try #require(SextantServer.binaryPath),
            arguments: [
                "server", "--config.file=\(configFile)", "--web.config.file=\(webFile)",
                "--web.listen-address=127.0.0.1:\(port)", "--storage.tsdb.path=\(dir.file("data"))",
            ],
            environment: env, readiness: .tcpPort(port: port), timeout: .seconds(60))
        return (server, webFile)
    }

    /// The status condition `type` of `main`.
    static func condition(_ kubectl: Kubectl, namespace ns: String, _ type: String) async throws -> [String: Any]? {
        let sx = try await kubectl.json("get", "sextant", "main", "-n", ns)
        let conditions = (sx["status"] as? [String: Any])?["conditions"] as? [[String: Any]] ?? []
        return conditions.first { $0["type"] as? String == type }
    }
}
