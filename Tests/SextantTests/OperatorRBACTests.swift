import Foundation
import Testing
import TestSupport

/// `manifests/operator` applies on a real control plane, and its RBAC is enough: the operator runs with exactly
/// that ServiceAccount's token (in-cluster config, as in its pod) and reconciles a `Sextant`, including the
/// server's ClusterRole, which Kubernetes only lets it create because it holds those permissions itself.
@Suite(.serialized)
struct OperatorRBACTests {
    static var unavailable: String? { OperatorEndToEndTests.unavailable ?? InClusterProcess.unavailableReason }

    @Test(.enabled(if: OperatorRBACTests.unavailable == nil, "control plane, kubectl, sextant binary or unshare missing"))
    func operatorReconcilesWithItsOwnServiceAccount() async throws {
        let cp = try await KubeControlPlane.shared()
        let kubectl = Kubectl(kubeconfig: cp.kubeconfigPath, path: try #require(Kubectl.path))
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try await OperatorCRDs.install(kubectl)
        try await kubectl.run("apply", "-f", OperatorEndToEndTests.root.appendingPathComponent("manifests/operator").path)
        let ns = "op-rbac-\(UInt32.random(in: 0...UInt32.max))"
        try await kubectl.run("create", "namespace", ns)

        let account = try await TestHTTP.eventually(timeout: .seconds(30)) {
            try await InClusterProcess.serviceAccount("sextant-operator", namespace: "sextant-system", kubectl: kubectl)
        }
        let port = try PeerProcess.freeTCPPort()
        let op = try await InClusterProcess.start(
            executable: try #require(SextantServer.binaryPath),
            arguments: ["operator", "--namespace", ns, "--metrics-address", "127.0.0.1:\(port)", "--leader-elect"],
            account: try #require(account, "no token Secret for sextant-operator"),
            apiServer: try InClusterProcess.apiServer(kubeconfig: cp.kubeconfigPath), directory: dir,
            readiness: .tcpPort(port: port))
        defer { op.stop() }

        // With basic auth, so the operator also reads the users and makes its own credentials Secret.
        try await kubectl.apply(
            """
            apiVersion: v1
            kind: Secret
            metadata: {name: users, namespace: \(ns)}
            stringData:
              users.yaml: |
                alice: \(WebConfigEndToEndTests.aliceHash)
            ---
            apiVersion: monitoring.sextant.dev/v1alpha1
            kind: Sextant
            metadata: {name: main, namespace: \(ns)}
            spec:
              replicas: 2
              web:
                basicAuthUsers: {name: users, key: users.yaml}
            """, in: dir)
        let reconciled = try await TestHTTP.eventually(timeout: .seconds(60)) { () -> [String: Any]? in
            let sx = try await kubectl.json("get", "sextant", "main", "-n", ns)
            let conditions = (sx["status"] as? [String: Any])?["conditions"] as? [[String: Any]] ?? []
            return conditions.first { $0["type"] as? String == "Reconciled" && $0["status"] as? String == "True" }
        }
        #expect(reconciled != nil, "not reconciled with the operator's own RBAC; operator output:\n\(op.output.suffix(4000))")
        _ = try await kubectl.json("get", "statefulset", "sextant-main", "-n", ns)
        _ = try await kubectl.json("get", "poddisruptionbudget", "sextant-main", "-n", ns)
        _ = try await kubectl.json("get", "clusterrole", "sextant-\(ns)-main")
        let credentials = try await kubectl.json("get", "secret", "sextant-main-operator-credentials", "-n", ns)
        #expect((credentials["data"] as? [String: String])?["password.bcrypt"] != nil)
        let lease = try await kubectl.json("get", "lease", "sextant-operator", "-n", ns)
        #expect(((lease["spec"] as? [String: Any])?["holderIdentity"] as? String)?.isEmpty == false)

        try await kubectl.run("delete", "sextant", "main", "-n", ns)
        let gone = try await TestHTTP.eventually(timeout: .seconds(60)) { () -> Bool? in
            let out = try await kubectl.run("get", "clusterrole", "-l", "app.kubernetes.io/instance=main", "-o", "name")
            return out.contains("sextant-\(ns)-main") ? nil : true
        }
        #expect(gone == true, "cluster-scoped RBAC not deleted; operator output:\n\(op.output.suffix(3000))")
        try? await kubectl.run("delete", "namespace", ns, "--wait=false")
    }
}
