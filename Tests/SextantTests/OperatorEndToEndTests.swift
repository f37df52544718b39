import Foundation
import Testing
import TestSupport

/// `sextant operator` end to end on a real Kubernetes 1.20 control plane: the CRDs are installed with kubectl,
/// the built binary reconciles a `Sextant` into owned objects, follows a new ServiceMonitor into the config, and
/// the garbage collector removes everything once the `Sextant` is deleted.
@Suite(.serialized)
struct OperatorEndToEndTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var kubectlPath: String? { Kubectl.path }

    static var unavailable: String? {
        if let reason = KubeControlPlane.unavailableReason { return reason }
        if kubectlPath == nil { return "kubectl is not on PATH nor in /tmp/kube-cache/bin" }
        if SextantServer.binaryPath == nil { return "sextant binary not built" }
        return nil
    }

    @Test(.enabled(if: OperatorEndToEndTests.unavailable == nil, "control plane, kubectl or sextant binary missing"))
    func reconcilesSextantIntoOwnedObjects() async throws {
        let cp = try await KubeControlPlane.shared()
        let kubectl = Kubectl(kubeconfig: cp.kubeconfigPath, path: try #require(Self.kubectlPath))
        let ns = "op-e2e-\(UInt32.random(in: 0...UInt32.max))"
        let dir = try TemporaryDirectory()
        defer { dir.remove() }

        try await OperatorCRDs.install(kubectl)
        try await kubectl.run("create", "namespace", ns)

        let port = try PeerProcess.freeTCPPort()
        let op = try await PeerProcess.start(
            executable: try #require(SextantServer.binaryPath),
            arguments: ["operator", "--kubeconfig", cp.kubeconfigPath, "--namespace", ns, "--metrics-address", "127.0.0.1:\(port)"],
            readiness: .tcpPort(port: port), timeout: .seconds(60))
        defer { op.stop() }

        let sextantFile = dir.file("sextant.yaml")
        try """
            apiVersion: monitoring.sextant.dev/v1alpha1
            kind: Sextant
            metadata: {name: main, namespace: \(ns)}
            spec:
              replicas: 1
              serviceMonitorSelector: {}
            """.write(toFile: sextantFile, atomically: true, encoding: .utf8)
        try await kubectl.run("apply", "-f", sextantFile)
        let uid = try #require(try await kubectl.json("get", "sextant", "main", "-n", ns)["metadata"] as? [String: Any])["uid"] as? String

        // Reconciled=True in the status, written through the status subresource.
        let reconciled = try await TestHTTP.eventually(timeout: .seconds(60)) { () -> [String: Any]? in
            let sx = try await kubectl.json("get", "sextant", "main", "-n", ns)
            let status = sx["status"] as? [String: Any]
            let conditions = status?["conditions"] as? [[String: Any]] ?? []
            return conditions.contains { $0["type"] as? String == "Reconciled" && $0["status"] as? String == "True" } ? status : nil
        }
        let status = try #require(reconciled, "no Reconciled=True condition; operator output:\n\(op.output)")
        #expect(status["observedGeneration"] as? Int == 1)
        let conditionTypes = Set((status["conditions"] as? [[String: Any]] ?? []).compactMap { $0["type"] as? String })
        #expect(conditionTypes.isSuperset(of: ["Reconciled", "Available"]))

        // Every namespaced object is owned by the Sextant, so the garbage collector can remove it.
        let owned: [(String, String)] = [
            ("statefulset", "sextant-main"), ("service", "sextant-main"), ("service", "sextant-main-operated"),
            ("serviceaccount", "sextant-main"), ("configmap", "sextant-main-config"), ("role", "sextant-main-config"),
            ("rolebinding", "sextant-main-config"), ("secret", "sextant-main-assets"),
        ]
        for (kind, name) in owned {
            let obj = try await kubectl.json("get", kind, name, "-n", ns)
            let refs = (obj["metadata"] as? [String: Any])?["ownerReferences"] as? [[String: Any]] ?? []
            #expect(refs.contains { $0["kind"] as? String == "Sextant" && $0["uid"] as? String == uid && $0["controller"] as? Bool == true },
                "\(kind)/\(name) is not owned by the Sextant: \(refs)")
        }
        // Server-side apply under the operator's field manager (raw reads: newer kubectl hides managedFields).
        for path in ["/apis/apps/v1/namespaces/\(ns)/statefulsets/sextant-main", "/api/v1/namespaces/\(ns)/configmaps/sextant-main-config"] {
            let raw = try await kubectl.run("get", "--raw", path)
            let obj = try JSONSerialization.jsonObject(with: Data(raw[(raw.firstIndex(of: "{") ?? raw.startIndex)...].utf8)) as? [String: Any]
            let managers = ((obj?["metadata"] as? [String: Any])?["managedFields"] as? [[String: Any]] ?? []).compactMap { $0["manager"] as? String }
            #expect(managers.contains("sextant-operator"), "\(path) managers: \(managers)")
        }
        _ = try await kubectl.json("get", "clusterrole", "sextant-\(ns)-main")
        _ = try await kubectl.json("get", "clusterrolebinding", "sextant-\(ns)-main")

        // A new ServiceMonitor reaches the rendered config.
        let smFile = dir.file("sm.yaml")
        try """
            apiVersion: monitoring.sextant.dev/v1
            kind: ServiceMonitor
            metadata: {name: web, namespace: \(ns)}
            spec:
              selector: {matchLabels: {app: web}}
              endpoints: [{port: http}]
            """.write(toFile: smFile, atomically: true, encoding: .utf8)
        try await kubectl.run("apply", "-f", smFile)
        let job = "serviceMonitor/\(ns)/web/0"
        let config = try await TestHTTP.eventually(timeout: .seconds(60)) { () -> String? in
            let cm = try await kubectl.json("get", "configmap", "sextant-main-config", "-n", ns)
            let data = (cm["data"] as? [String: String] ?? [:]).values.joined()
            return data.contains(job) ? data : nil
        }
        #expect(config != nil, "config never mentioned \(job); operator output:\n\(op.output)")
        let selected = try await TestHTTP.eventually(timeout: .seconds(30)) { () -> Bool? in
            let sx = try await kubectl.json("get", "sextant", "main", "-n", ns)
            let list = (sx["status"] as? [String: Any])?["selected"] as? [[String: Any]] ?? []
            return list.contains { $0["kind"] as? String == "ServiceMonitor" && $0["name"] as? String == "web" } ? true : nil
        }
        #expect(selected == true, "status.selected lacks the ServiceMonitor")
        // The monitor records which server accepted it.
        let binding = try await TestHTTP.eventually(timeout: .seconds(30)) { () -> Bool? in
            let sm = try await kubectl.json("get", "servicemonitor.monitoring.sextant.dev", "web", "-n", ns)
            let bindings = (sm["status"] as? [String: Any])?["bindings"] as? [[String: Any]] ?? []
            return bindings.contains { $0["name"] as? String == "main" } ? true : nil
        }
        #expect(binding == true, "ServiceMonitor status has no binding for the Sextant")

        let metrics = try await TestHTTP.get("http://127.0.0.1:\(port)/metrics")
        #expect(metrics.body.contains("sextant_operator_ready 1"))

        // Deleting the Sextant removes what it owned (garbage collector) and its cluster-scoped RBAC (operator).
        try await kubectl.run("delete", "sextant", "main", "-n", ns)
        let gone = try await TestHTTP.eventually(timeout: .seconds(90)) { () -> Bool? in
            let left = try await kubectl.run(
                "get", "statefulset,service,configmap,serviceaccount,role,rolebinding,secret", "-n", ns,
                "-l", "app.kubernetes.io/managed-by=sextant-operator", "-o", "name")
            let roles = try await kubectl.run(
                "get", "clusterrole,clusterrolebinding", "-l", "app.kubernetes.io/instance=main", "-o", "name")
            return left.contains("/") || roles.contains("sextant-\(ns)-main") ? nil : true
        }
        #expect(gone == true, "owned objects were not removed; operator output:\n\(op.output)")
        try? await kubectl.run("delete", "namespace", ns, "--wait=false")
    }
}
