import Foundation
import Testing
import TestSupport

/// `sextant server --config.kubernetes-configmap=NS/NAME` on a real control plane: the server loads the file
/// at start, then follows the ConfigMap through the API; a broken ConfigMap is refused and the running config
/// stays, as with a broken file.
@Suite(.serialized)
struct ConfigMapWatchEndToEndTests {
    static var unavailable: String? { OperatorEndToEndTests.unavailable }

    /// The server's hash of a config text (64-bit FNV-1a), computed independently of the server.
    static func fnv1a(_ text: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01b3
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    static func config(job: String, interval: String = "1m") -> String {
        """
        global:
          scrape_interval: \(interval)
        scrape_configs:
          - job_name: \(job)
            static_configs: [{targets: ['127.0.0.1:1']}]

        """
    }

    static func configMap(_ ns: String, _ text: String) -> String {
        let indented = text.split(separator: "\n", omittingEmptySubsequences: false).map { "    \($0)" }
            .joined(separator: "\n")
        return """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: server-config, namespace: \(ns)}
            data:
              prometheus.yml: |
            \(indented)
            """
    }

    @Test(.enabled(if: ConfigMapWatchEndToEndTests.unavailable == nil, "control plane, kubectl or sextant binary missing"))
    func serverFollowsItsConfigMap() async throws {
        let cp = try await KubeControlPlane.shared()
        let kubectl = Kubectl(kubeconfig: cp.kubeconfigPath, path: try #require(Kubectl.path))
        let ns = "cm-e2e-\(UInt32.random(in: 0...UInt32.max))"
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try await kubectl.run("create", "namespace", ns)
        defer { Task { try? await kubectl.run("delete", "namespace", ns, "--wait=false") } }

        let first = Self.config(job: "from-configmap")
        try await kubectl.apply(Self.configMap(ns, first), in: dir)
        // The mounted-file fallback differs from the ConfigMap, so the test sees the watch take over.
        let file = dir.file("prometheus.yml")
        try Self.config(job: "from-file").write(toFile: file, atomically: true, encoding: .utf8)

        let server = try await SextantServer.start(
            configFile: file, dataDirectory: dir.file("data"),
            extraArguments: [
                "--config.kubernetes-configmap=\(ns)/server-config",
                "--config.kubernetes-kubeconfig=\(cp.kubeconfigPath)", "--web.enable-lifecycle",
            ])
        defer { server.stop() }

        func pools() async throws -> [String] {
            let r = try await TestHTTP.get("\(server.baseURL)/api/v1/scrape_pools")
            return (try r.json()["data"] as? [String: Any])?["scrapePools"] as? [String] ?? []
        }
        func configHeader() async throws -> String {
            let r = try await TestHTTP.get("\(server.baseURL)/api/v1/status/config")
            let yaml = (try r.json()["data"] as? [String: Any])?["yaml"] as? String ?? ""
            return String(yaml.prefix { $0 != "\n" })
        }

        let took = try await TestHTTP.eventually(timeout: .seconds(10)) { try await pools() == ["from-configmap"] ? true : nil }
        #expect(took == true, "the ConfigMap never replaced the file config; server output:\n\(server.process.output)")
        let header = try await configHeader()
        #expect(header.contains("sextant-config-hash: \(Self.fnv1a(first))"), "\(header)")
        #expect(header.contains("configmap \(ns)/server-config key prometheus.yml"), "\(header)")

        // An edit reaches the server within seconds.
        let second = Self.config(job: "edited")
        try await kubectl.apply(Self.configMap(ns, second), in: dir)
        let edited = try await TestHTTP.eventually(timeout: .seconds(10)) { try await pools() == ["edited"] ? true : nil }
        #expect(edited == true, "the edit never arrived; server output:\n\(server.process.output)")
        #expect(try await configHeader().contains(Self.fnv1a(second)))

        // A config that fails validation is refused; the running one stays and the failure shows in metrics.
        try await kubectl.apply(Self.configMap(ns, Self.config(job: "broken", interval: "soon")), in: dir)
        let refused = try await TestHTTP.eventually(timeout: .seconds(10)) { () -> Bool? in
            let m = try await TestHTTP.get("\(server.baseURL)/metrics")
            return m.body.contains("sextant_config_last_reload_successful 0") ? true : nil
        }
        #expect(refused == true, "the broken config was not refused; server output:\n\(server.process.output)")
        #expect(try await pools() == ["edited"])
        let brokenStatus = try await TestHTTP.get("\(server.baseURL)/api/v1/status/config").body
        #expect(brokenStatus.contains("sextant-last-reload-error"), "\(brokenStatus.prefix(300))")
        // A reload re-reads the ConfigMap's (still broken) text, not the stale mounted file.
        let reload = try await TestHTTP.post("\(server.baseURL)/-/reload")
        #expect(reload.status != 200)
        #expect(try await pools() == ["edited"])

        // Reverting to the running config clears the failure without a reload.
        try await kubectl.apply(Self.configMap(ns, second), in: dir)
        let reverted = try await TestHTTP.eventually(timeout: .seconds(10)) { () -> Bool? in
            let m = try await TestHTTP.get("\(server.baseURL)/metrics")
            return m.body.contains("sextant_config_last_reload_successful 1") ? true : nil
        }
        #expect(reverted == true)
        let yaml = try await TestHTTP.get("\(server.baseURL)/api/v1/status/config").body
        #expect(!yaml.contains("sextant-last-reload-error"))
        #expect(try await pools() == ["edited"])

        // Fixing the ConfigMap recovers.
        try await kubectl.apply(Self.configMap(ns, Self.config(job: "fixed")), in: dir)
        let fixed = try await TestHTTP.eventually(timeout: .seconds(10)) { try await pools() == ["fixed"] ? true : nil }
        #expect(fixed == true)
        let ok = try await TestHTTP.get("\(server.baseURL)/metrics")
        #expect(ok.body.contains("sextant_config_last_reload_successful 1"))
    }
}
