import Foundation
import Testing
import TestSupport

/// The issue's "done when": operator, server and a real exporter together on a real control plane. The server
/// runs with the StatefulSet's own arguments and the pod's service account (no kubelet runs pods here), the
/// exporter in a network namespace behind a selector-less Service with manual Endpoints.
extension OperatorEndToEndTests {
    static let nodeExporter = "/usr/bin/prometheus-node-exporter"

    static var scrapeUnavailable: String? {
        unavailable ?? NetworkNamespace.unavailableReason ?? InClusterProcess.unavailableReason
            ?? (FileManager.default.isExecutableFile(atPath: nodeExporter) ? nil : "\(nodeExporter) is missing")
    }

    @Test(.enabled(if: OperatorEndToEndTests.scrapeUnavailable == nil, "control plane, netns, unshare or node_exporter missing"))
    func serviceMonitorTargetIsScrapedAndReported() async throws {
        let cp = try await KubeControlPlane.shared()
        let kubectl = Kubectl(kubeconfig: cp.kubeconfigPath, path: try #require(Kubectl.path))
        let ns = "op-scrape-\(UInt32.random(in: 0...UInt32.max))"
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try await OperatorCRDs.install(kubectl)
        try await kubectl.run("create", "namespace", ns)

        // A real node_exporter on a non-loopback address.
        let netns = try NetworkNamespace.create()
        defer { netns.remove() }
        let exporter = try await netns.start(
            executable: Self.nodeExporter,
            arguments: ["--web.listen-address=\(netns.insideAddress):9100", "--collector.disable-defaults", "--collector.cpu"],
            readiness: .tcpPort(host: netns.insideAddress, port: 9100))
        defer { exporter.stop() }

        // The operator reads the server the test runs at a known port instead of a pod IP.
        let serverPort = try PeerProcess.freeTCPPort()
        let metricsPort = try PeerProcess.freeTCPPort()
        let sextant = try #require(SextantServer.binaryPath)
        let op = try await PeerProcess.start(
            executable: sextant,
            arguments: [
                "operator", "--kubeconfig", cp.kubeconfigPath, "--namespace", ns, "--metrics-address",
                "127.0.0.1:\(metricsPort)", "--status-interval=1s",
                "--server-url-override=\(ns)/main=http://127.0.0.1:\(serverPort)",
            ],
            readiness: .tcpPort(port: metricsPort), timeout: .seconds(60))
        defer { op.stop() }

        try await kubectl.apply(
            """
            apiVersion: monitoring.sextant.dev/v1alpha1
            kind: Sextant
            metadata: {name: main, namespace: \(ns)}
            spec:
              replicas: 1
              scrapeInterval: 1s
              scrapeTimeout: 1s
              serviceMonitorSelector: {}
              podMonitorSelector: {}
            """, in: dir)

        // What the kubelet would do: wait for the StatefulSet, mount its ConfigMap as a file, run its container's
        // arguments with the pod's service account.
        let set = try await TestHTTP.eventually(timeout: .seconds(60)) { () -> [String: Any]? in
            try await kubectl.json("get", "statefulset", "sextant-main", "-n", ns)
        }
        let container = try #require(
            (((set?["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"] as? [String: Any])?["containers"]
                as? [[String: Any]]
        ).first
        let renderedArgs = try #require(container?["args"] as? [String])
        #expect(renderedArgs.contains("--config.kubernetes-configmap=\(ns)/sextant-main-config"))
        let configMap = try await kubectl.json("get", "configmap", "sextant-main-config", "-n", ns)
        let mounted = dir.file("prometheus.yaml")
        try ((configMap["data"] as? [String: String])?["prometheus.yaml"] ?? "").write(
            toFile: mounted, atomically: true, encoding: .utf8)
        let args = renderedArgs.map { arg -> String in
            if arg.hasPrefix("--config.file=") { return "--config.file=\(mounted)" }
            if arg.hasPrefix("--storage.tsdb.path=") { return "--storage.tsdb.path=\(dir.file("data"))" }
            if arg.hasPrefix("--web.listen-address=") { return "--web.listen-address=127.0.0.1:\(serverPort)" }
            return arg
        }
        let account = try await TestHTTP.eventually(timeout: .seconds(30)) {
            try await InClusterProcess.serviceAccount("sextant-main", namespace: ns, kubectl: kubectl)
        }
        let server = try await InClusterProcess.start(
            executable: sextant, arguments: args, account: try #require(account, "no token Secret for sextant-main"),
            apiServer: try InClusterProcess.apiServer(kubeconfig: cp.kubeconfigPath),
            environment: ["POD_NAME": "sextant-main-0"], directory: dir, readiness: .tcpPort(port: serverPort))
        defer { server.stop() }
        try await SextantServer.waitUntilReady(port: serverPort)
        let base = "http://127.0.0.1:\(serverPort)"

        // The exporter behind a selector-less Service (manual Endpoints may not hold loopback addresses).
        try await kubectl.apply(
            """
            apiVersion: v1
            kind: Service
            metadata: {name: node, namespace: \(ns), labels: {app: node}}
            spec:
              ports: [{name: metrics, port: 9100}]
            ---
            apiVersion: v1
            kind: Endpoints
            metadata: {name: node, namespace: \(ns), labels: {app: node}}
            subsets:
            - addresses: [{ip: \(netns.insideAddress)}]
              ports: [{name: metrics, port: 9100}]
            """, in: dir)
        try await kubectl.apply(
            """
            apiVersion: monitoring.sextant.dev/v1
            kind: ServiceMonitor
            metadata: {name: node, namespace: \(ns)}
            spec:
              selector: {matchLabels: {app: node}}
              endpoints: [{port: metrics}]
            """, in: dir)

        // Within 10 s: scraped, counted on the ServiceMonitor, and the Sextant says its config is applied.
        let instance = "\(netns.insideAddress):9100"
        func upValue() async throws -> String? {
            let r = try await TestHTTP.get("\(base)/api/v1/query?query=\(TestHTTP.escape("up{instance=\"\(instance)\"}"))")
            let result = ((try r.json()["data"] as? [String: Any])?["result"] as? [[String: Any]])?.first
            return (result?["value"] as? [Any])?.last as? String
        }
        func monitorCounts(_ name: String) async throws -> (targets: Int, up: Int)? {
            let sm = try await kubectl.json("get", "servicemonitor.monitoring.sextant.dev", name, "-n", ns)
            let status = sm["status"] as? [String: Any]
            guard let targets = status?["targets"] as? Int, let up = status?["up"] as? Int else { return nil }
            return (targets, up)
        }
        func condition(_ type: String) async throws -> [String: Any]? {
            let sx = try await kubectl.json("get", "sextant", "main", "-n", ns)
            let conditions = (sx["status"] as? [String: Any])?["conditions"] as? [[String: Any]] ?? []
            return conditions.first { $0["type"] as? String == type }
        }
        let done = try await TestHTTP.eventually(timeout: .seconds(10)) { () -> Bool? in
            guard try await upValue() == "1" else { return nil }
            guard let c = try await monitorCounts("node"), c.targets == 1, c.up == 1 else { return nil }
            return try await condition("ConfigApplied")?["status"] as? String == "True" ? true : nil
        }
        if done != true {
            let up = try? await upValue()
            let counts = try? await monitorCounts("node")
            let applied = try? await condition("ConfigApplied")
            Issue.record(
                """
                not done within 10 s: up=\(String(describing: up)), counts=\(String(describing: counts)), \
                ConfigApplied=\(String(describing: applied))
                operator:\n\(op.output.suffix(3000))\nserver:\n\(server.output.suffix(3000))
                """)
        }

        // A broken ServiceMonitor is rejected with its reason; the good one keeps being scraped and counted.
        try await kubectl.apply(
            """
            apiVersion: monitoring.sextant.dev/v1
            kind: ServiceMonitor
            metadata: {name: broken, namespace: \(ns)}
            spec:
              selector: {matchLabels: {app: node}}
              endpoints: [{port: metrics, interval: 5s, scrapeTimeout: 10s}]
            """, in: dir)
        let rejection = try await TestHTTP.eventually(timeout: .seconds(30)) { () -> String? in
            let sm = try await kubectl.json("get", "servicemonitor.monitoring.sextant.dev", "broken", "-n", ns)
            let bindings = (sm["status"] as? [String: Any])?["bindings"] as? [[String: Any]] ?? []
            let accepted = (bindings.first?["conditions"] as? [[String: Any]])?.first { $0["type"] as? String == "Accepted" }
            return accepted?["status"] as? String == "False" ? accepted?["message"] as? String : nil
        }
        #expect(rejection?.contains("scrapeTimeout") == true, "rejection: \(rejection ?? "none")")
        let listed = try await kubectl.json("get", "sextant", "main", "-n", ns)
        let rejected = (listed["status"] as? [String: Any])?["rejected"] as? [[String: Any]] ?? []
        #expect(rejected.contains { $0["name"] as? String == "broken" && ($0["reason"] as? String ?? "").contains("greater than") })
        let still = try await TestHTTP.eventually(timeout: .seconds(10)) { () -> Bool? in
            try await condition("ConfigApplied")?["status"] as? String == "True" ? true : nil
        }
        #expect(still == true)
        #expect(try await upValue() == "1")
        let counts = try await monitorCounts("node")
        #expect(counts?.targets == 1 && counts?.up == 1)

        // A monitor that finds nothing says why in plain words.
        try await kubectl.apply(
            """
            apiVersion: monitoring.sextant.dev/v1
            kind: ServiceMonitor
            metadata: {name: nomatch, namespace: \(ns)}
            spec:
              selector: {matchLabels: {app: cart}}
              endpoints: [{port: metrics}]
            """, in: dir)
        let why = try await TestHTTP.eventually(timeout: .seconds(30)) { () -> String? in
            let sm = try await kubectl.json("get", "servicemonitor.monitoring.sextant.dev", "nomatch", "-n", ns)
            return (sm["status"] as? [String: Any])?["noTargetsReason"] as? String
        }
        #expect(why == "selector app=cart matched no Service in namespace \(ns)")

        // So does a PodMonitor (no kubelet runs here, so no Pod exists to match).
        try await kubectl.apply(
            """
            apiVersion: monitoring.sextant.dev/v1
            kind: PodMonitor
            metadata: {name: nopods, namespace: \(ns)}
            spec:
              selector: {matchLabels: {app: cart}}
              podMetricsEndpoints: [{port: metrics}]
            """, in: dir)
        let podWhy = try await TestHTTP.eventually(timeout: .seconds(30)) { () -> String? in
            let pm = try await kubectl.json("get", "podmonitor.monitoring.sextant.dev", "nopods", "-n", ns)
            return (pm["status"] as? [String: Any])?["noTargetsReason"] as? String
        }
        #expect(podWhy == "selector app=cart matched no Pod in namespace \(ns)")

        let metrics = try await TestHTTP.get("http://127.0.0.1:\(metricsPort)/metrics")
        #expect(metrics.body.contains("sextant_operator_ready 1"))

        // Deleting the Sextant removes what it owned.
        server.stop()
        try await kubectl.run("delete", "sextant", "main", "-n", ns)
        let gone = try await TestHTTP.eventually(timeout: .seconds(90)) { () -> Bool? in
            let left = try await kubectl.run(
                "get", "statefulset,service,configmap,serviceaccount,role,rolebinding,secret", "-n", ns,
                "-l", "app.kubernetes.io/managed-by=sextant-operator", "-o", "name")
            return left.contains("/") ? nil : true
        }
        #expect(gone == true, "owned objects were not removed; operator output:\n\(op.output.suffix(3000))")
        try? await kubectl.run("delete", "namespace", ns, "--wait=false")
    }
}
