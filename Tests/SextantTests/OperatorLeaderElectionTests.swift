import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Two `sextant operator --leader-elect` processes on a real control plane: exactly one leads and reconciles;
/// killed without a chance to release, its lease expires and the other takes over; stopped cleanly, the leader
/// releases the lease.
@Suite(.serialized)
struct OperatorLeaderElectionTests {
    struct Replica {
        var process: PeerProcess
        var port: Int

        func metric(_ name: String) async throws -> Double? {
            let body = try await TestHTTP.get("http://127.0.0.1:\(port)/metrics").body
            for line in body.split(separator: "\n") where line.hasPrefix(name + " ") {
                return Double(line.split(separator: " ").last ?? "")
            }
            return nil
        }
    }

    @Test(.enabled(if: OperatorEndToEndTests.unavailable == nil, "control plane, kubectl or sextant binary missing"))
    func oneLeadsAndTheOtherTakesOver() async throws {
        let cp = try await KubeControlPlane.shared()
        let kubectl = Kubectl(kubeconfig: cp.kubeconfigPath, path: try #require(Kubectl.path))
        let ns = "op-leader-\(UInt32.random(in: 0...UInt32.max))"
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try await OperatorCRDs.install(kubectl)
        try await kubectl.run("create", "namespace", ns)

        func start() async throws -> Replica {
            let port = try PeerProcess.freeTCPPort()
            // Shorter than the 15 s / 10 s / 2 s defaults so the takeover is quick; same rules.
            let p = try await PeerProcess.start(
                executable: try #require(SextantServer.binaryPath),
                arguments: [
                    "operator", "--kubeconfig", cp.kubeconfigPath, "--namespace", ns, "--metrics-address",
                    "127.0.0.1:\(port)", "--leader-elect", "--leader-elect-lease-duration=4s",
                    "--leader-elect-renew-deadline=3s", "--leader-elect-retry-period=500ms",
                ],
                readiness: .tcpPort(port: port), timeout: .seconds(60))
            return Replica(process: p, port: port)
        }
        let a = try await start()
        defer { a.process.stop() }
        let b = try await start()
        defer { b.process.stop() }

        func leaders() async throws -> [Replica] {
            var out: [Replica] = []
            for r in [a, b] where r.process.isRunning {
                if try await r.metric("sextant_operator_leader") == 1 { out.append(r) }
            }
            return out
        }
        func holder() async throws -> String {
            let lease = try await kubectl.json("get", "lease", "sextant-operator", "-n", ns)
            return (lease["spec"] as? [String: Any])?["holderIdentity"] as? String ?? ""
        }

        let first = try await TestHTTP.eventually(timeout: .seconds(30)) { () -> Replica? in
            let l = try await leaders()
            return l.count == 1 ? l[0] : nil
        }
        let leader = try #require(first, "no single leader:\n\(a.process.output)\n\(b.process.output)")
        let standby = leader.port == a.port ? b : a
        #expect(try await holder().isEmpty == false)
        // Both are ready: the leader after its caches synced, the standby while it waits.
        for r in [leader, standby] {
            let ready = try await TestHTTP.eventually(timeout: .seconds(30)) { () -> Bool? in
                try await TestHTTP.get("http://127.0.0.1:\(r.port)/readyz").status == 200 ? true : nil
            }
            #expect(ready == true)
        }

        // Only the leader reconciles.
        try await kubectl.apply(
            """
            apiVersion: monitoring.sextant.dev/v1alpha1
            kind: Sextant
            metadata: {name: main, namespace: \(ns)}
            spec: {replicas: 1}
            """, in: dir)
        func observedGeneration() async throws -> Int? {
            let sx = try await kubectl.json("get", "sextant", "main", "-n", ns)
            return (sx["status"] as? [String: Any])?["observedGeneration"] as? Int
        }
        #expect(try await TestHTTP.eventually(timeout: .seconds(30)) { try await observedGeneration() == 1 ? true : nil } == true)
        #expect(try await leader.metric("sextant_operator_syncs_total") ?? 0 > 0)
        #expect(try await standby.metric("sextant_operator_syncs_total") == 0)

        // Killed without releasing: the lease expires and the standby takes over and reconciles.
        let before = try await holder()
        leader.process.send(signal: SIGKILL)
        let tookOver = try await TestHTTP.eventually(timeout: .seconds(30)) { () -> Bool? in
            try await standby.metric("sextant_operator_leader") == 1 ? true : nil
        }
        #expect(tookOver == true, "standby never took over:\n\(standby.process.output)")
        let after = try await holder()
        #expect(after != before && !after.isEmpty)
        try await kubectl.run("patch", "sextant", "main", "-n", ns, "--type=merge", "-p", #"{"spec":{"replicas":2}}"#)
        #expect(try await TestHTTP.eventually(timeout: .seconds(30)) { try await observedGeneration() == 2 ? true : nil } == true)

        // A clean stop releases the lease at once.
        standby.process.stop()
        let released = try await TestHTTP.eventually(timeout: .seconds(10)) { try await holder().isEmpty ? true : nil }
        #expect(released == true, "lease not released:\n\(standby.process.output)")
        try? await kubectl.run("delete", "namespace", ns, "--wait=false")
    }
}
