import Foundation
import Testing
import TestSupport

/// A `Sextant` with `spec.web.basicAuthUsers` on a real control plane: the operator makes its own credentials
/// Secret, renders its user into the web config, and reads a real `sextant server` running that web config with
/// them (`ConfigApplied=True` needs both `/api/v1/status/config` and `/api/v1/targets` read), while requests
/// without credentials get 401. Deleting the Secret rotates the password; users naming the operator's user are
/// refused.
extension OperatorEndToEndTests {
    @Test(.enabled(if: OperatorEndToEndTests.unavailable == nil, "control plane, kubectl or sextant binary missing"))
    func basicAuthServerIsReadWithTheOperatorsOwnCredentials() async throws {
        try #require(PeerProcess.which("curl") != nil, "install curl")
        let cp = try await KubeControlPlane.shared()
        let kubectl = Kubectl(kubeconfig: cp.kubeconfigPath, path: try #require(Kubectl.path))
        let ns = "op-auth-\(UInt32.random(in: 0...UInt32.max))"
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try await OperatorCRDs.install(kubectl)
        try await kubectl.run("create", "namespace", ns)

        let serverPort = try PeerProcess.freeTCPPort()
        let op = try await Self.startOperator(cp, namespace: ns, serverURL: "http://127.0.0.1:\(serverPort)")
        defer { op.stop() }

        // The user's own users (alice / wonderland), and a Sextant that asks for basic auth.
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
              replicas: 1
              web:
                basicAuthUsers: {name: users, key: users.yaml}
            """, in: dir)

        func secretData(_ name: String) async throws -> [String: String]? {
            guard let s = try? await kubectl.json("get", "secret", name, "-n", ns) else { return nil }
            return (s["data"] as? [String: String])?.compactMapValues {
                Data(base64Encoded: $0).map { String(decoding: $0, as: UTF8.self) }
            }
        }
        /// The operator's password and the web config naming its hash, once both are applied and agree.
        func credentialsAndWebConfig(otherThan old: String? = nil) async throws -> (password: String, web: String)? {
            try await TestHTTP.eventually(timeout: .seconds(60)) { () -> (String, String)? in
                guard let creds = try await secretData("sextant-main-operator-credentials"),
                    let password = creds["password"], password != old, let hash = creds["password.bcrypt"],
                    let web = try await secretData("sextant-main-assets")?["web-config.yaml"],
                    web.contains("sextant-operator: \(hash)")
                else { return nil }
                return (password, web)
            }
        }
        let first = try #require(
            try await credentialsAndWebConfig(),
            "no credentials Secret or web config; operator:\n\(op.output.suffix(3000))")
        #expect(first.password.count == 64)
        #expect(first.web.contains("alice: \(WebConfigEndToEndTests.aliceHash)"))
        let sextantObject = try await kubectl.json("get", "sextant", "main", "-n", ns)
        let uid = (sextantObject["metadata"] as? [String: Any])?["uid"] as? String
        let credsObject = try await kubectl.json("get", "secret", "sextant-main-operator-credentials", "-n", ns)
        let refs = (credsObject["metadata"] as? [String: Any])?["ownerReferences"] as? [[String: Any]] ?? []
        #expect(
            refs.contains {
                $0["kind"] as? String == "Sextant" && $0["uid"] as? String == uid && $0["controller"] as? Bool == true
            }, "\(refs)")

        // What the kubelet would do: the rendered config and web config as files for a real server.
        let (server, webFile) = try await Self.startRenderedServer(
            kubectl, namespace: ns, in: dir, port: serverPort, webConfig: first.web)
        defer { server.stop() }
        let targets = "http://127.0.0.1:\(serverPort)/api/v1/targets"

        // Without credentials 401; with the operator's, the targets.
        #expect(try Curl.run([targets]).status == 401)
        #expect(try Curl.run(["-u", "sextant-operator:wrong", targets]).status == 401)
        let answered = try await TestHTTP.eventually(timeout: .seconds(60)) { () -> Curl? in
            let r = try Curl.run(["-u", "sextant-operator:\(first.password)", targets])
            return r.status == 200 ? r : nil
        }
        #expect(answered?.body.contains(#""activeTargets""#) == true, "\(String(describing: answered))")
        #expect(try Curl.run(["-u", "alice:wonderland", targets]).status == 200)

        // The operator's own fetcher reads the server with them: the config it rendered is reported applied.
        func condition(_ type: String) async throws -> [String: Any]? {
            try await Self.condition(kubectl, namespace: ns, type)
        }
        let applied = try await TestHTTP.eventually(timeout: .seconds(60)) { () -> Bool? in
            try await condition("ConfigApplied")?["status"] as? String == "True" ? true : nil
        }
        if applied != true {
            let c = try? await condition("ConfigApplied")
            Issue.record(
                """
                ConfigApplied not True: \(String(describing: c))
                operator:\n\(op.output.suffix(3000))\nserver:\n\(server.output.suffix(2000))
                """)
        }
        // Many status passes later (every second) the password and the web config are the ones first made.
        #expect(try await secretData("sextant-main-operator-credentials")?["password"] == first.password)
        #expect(try await secretData("sextant-main-assets")?["web-config.yaml"] == first.web)

        // Deleting the Secret rotates the password: a new Secret, a web config with the new hash.
        try await kubectl.run("delete", "secret", "sextant-main-operator-credentials", "-n", ns)
        let second = try #require(
            try await credentialsAndWebConfig(otherThan: first.password),
            "no new credentials after deleting the Secret; operator:\n\(op.output.suffix(3000))")
        #expect(second.web != first.web)
        // The kubelet's part: the pod's copy of the web config follows; the server re-reads it.
        try second.web.write(toFile: webFile, atomically: true, encoding: .utf8)
        let rotated = try await TestHTTP.eventually(timeout: .seconds(60)) { () -> Bool? in
            try Curl.run(["-u", "sextant-operator:\(second.password)", targets]).status == 200 ? true : nil
        }
        #expect(rotated == true)
        #expect(try Curl.run(["-u", "sextant-operator:\(first.password)", targets]).status == 401)
        let reapplied = try await TestHTTP.eventually(timeout: .seconds(60)) { () -> Bool? in
            try await condition("ConfigApplied")?["status"] as? String == "True" ? true : nil
        }
        #expect(reapplied == true, "operator:\n\(op.output.suffix(3000))")

        // Users that name the operator's user are refused with a reason of their own; nothing is overwritten.
        try await kubectl.apply(
            """
            apiVersion: v1
            kind: Secret
            metadata: {name: users, namespace: \(ns)}
            stringData:
              users.yaml: |
                alice: \(WebConfigEndToEndTests.aliceHash)
                sextant-operator: \(WebConfigEndToEndTests.bobHash)
            """, in: dir)
        let refused = try await TestHTTP.eventually(timeout: .seconds(60)) { () -> [String: Any]? in
            let c = try await condition("Reconciled")
            return c?["status"] as? String == "False" ? c : nil
        }
        #expect(refused?["reason"] as? String == "ReservedUserName", "\(String(describing: refused))")
        #expect((refused?["message"] as? String)?.contains("sextant-operator") == true)
        #expect(try await secretData("sextant-main-assets")?["web-config.yaml"] == second.web)

        server.stop()
        try await kubectl.run("delete", "sextant", "main", "-n", ns)
        let gone = try await TestHTTP.eventually(timeout: .seconds(90)) { () -> Bool? in
            let left = try await kubectl.run(
                "get", "secret", "-n", ns, "-l", "app.kubernetes.io/managed-by=sextant-operator", "-o", "name")
            return left.contains("/") ? nil : true
        }
        #expect(gone == true, "owned Secrets were not removed; operator output:\n\(op.output.suffix(3000))")
        try? await kubectl.run("delete", "namespace", ns, "--wait=false")
    }
}
