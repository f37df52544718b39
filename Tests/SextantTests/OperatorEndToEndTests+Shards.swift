import Foundation
import Testing
import TestSupport

/// Shrinking `shards` deletes the StatefulSets (and their config ConfigMaps) of the removed shards; the
/// remaining shards are left in place.
extension OperatorEndToEndTests {
    @Test(.enabled(if: OperatorEndToEndTests.unavailable == nil, "control plane, kubectl or sextant binary missing"))
    func shardShrinkPrunesRemovedShards() async throws {
        let cp = try await KubeControlPlane.shared()
        let kubectl = Kubectl(kubeconfig: cp.kubeconfigPath, path: try #require(Kubectl.path))
        let ns = "op-shards-\(UInt32.random(in: 0...UInt32.max))"
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

        func names(_ kind: String) async throws -> Set<String> {
            let out = try await kubectl.run("get", kind, "-n", ns, "-l", "app.kubernetes.io/instance=main", "-o", "name")
            return Set(out.split(separator: "\n").map { String($0.split(separator: "/").last ?? "") })
        }
        func sextant(shards: Int) -> String {
            """
            apiVersion: monitoring.sextant.dev/v1alpha1
            kind: Sextant
            metadata: {name: main, namespace: \(ns)}
            spec: {replicas: 1, shards: \(shards)}
            """
        }
        try await kubectl.apply(sextant(shards: 3), in: dir)
        let three: Set = ["sextant-main-shard-0", "sextant-main-shard-1", "sextant-main-shard-2"]
        let created = try await TestHTTP.eventually(timeout: .seconds(60)) { try await names("statefulset") == three ? true : nil }
        #expect(created == true, "operator output:\n\(op.output.suffix(3000))")
        #expect(try await names("configmap").isSuperset(of: three.map { "\($0)-config" }))

        try await kubectl.apply(sextant(shards: 2), in: dir)
        let two: Set = ["sextant-main-shard-0", "sextant-main-shard-1"]
        let pruned = try await TestHTTP.eventually(timeout: .seconds(60)) { try await names("statefulset") == two ? true : nil }
        let left = try await names("statefulset")
        #expect(pruned == true, "statefulsets: \(left)\noperator output:\n\(op.output.suffix(3000))")
        let configMaps = try await names("configmap")
        #expect(configMaps.isSuperset(of: two.map { "\($0)-config" }))
        #expect(!configMaps.contains("sextant-main-shard-2-config"))
        try? await kubectl.run("delete", "namespace", ns, "--wait=false")
    }
}
