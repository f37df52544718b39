import Foundation
import Testing
import TestSupport

/// A `Sextant` with `spec.web.tlsConfig` and `basicAuthUsers` on a real control plane: the operator reads a real
/// server over HTTPS at an address its certificate does not name, pinning the configured certificate, and sends
/// its password only to a server presenting it. When the configured certificate changes and the server still
/// presents the old one, the operator stops reading it.
extension OperatorEndToEndTests {
    @Test(.enabled(if: OperatorEndToEndTests.unavailable == nil, "control plane, kubectl or sextant binary missing"))
    func tlsServerIsReadByPinningItsCertificate() async throws {
        try #require(PeerProcess.which("curl") != nil, "install curl")
        try #require(PeerProcess.which("openssl") != nil, "install openssl")
        let cp = try await KubeControlPlane.shared()
        let kubectl = Kubectl(kubeconfig: cp.kubeconfigPath, path: try #require(Kubectl.path))
        let ns = "op-pin-\(UInt32.random(in: 0...UInt32.max))"
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        // Self-signed, for a Service name only: 127.0.0.1, where the test server listens, is not in it.
        try runOpenSSLScript("""
            set -e
            cd '\(dir.path)'
            for c in tls other; do
              openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj "/CN=$c" \
                -addext 'subjectAltName=DNS:sextant-main.\(ns).svc' -keyout $c.key -out $c.crt 2>/dev/null
            done
            """)
        let cert = try String(contentsOfFile: dir.file("tls.crt"), encoding: .utf8)
        let key = try String(contentsOfFile: dir.file("tls.key"), encoding: .utf8)
        try await OperatorCRDs.install(kubectl)
        try await kubectl.run("create", "namespace", ns)

        let serverPort = try PeerProcess.freeTCPPort()
        let op = try await Self.startOperator(cp, namespace: ns, serverURL: "https://127.0.0.1:\(serverPort)")
        defer { op.stop() }

        func indent(_ s: String) -> String { s.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") }
        try await kubectl.apply(
            """
            apiVersion: v1
            kind: Secret
            metadata: {name: sextant-tls, namespace: \(ns)}
            stringData:
              tls.crt: |
            \(indent(cert))
              tls.key: |
            \(indent(key))
            ---
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
                tlsConfig:
                  cert: {secret: {name: sextant-tls, key: tls.crt}}
                  keySecret: {name: sextant-tls, key: tls.key}
                basicAuthUsers: {name: users, key: users.yaml}
            """, in: dir)

        // What the kubelet would do: the assets Secret's files where the web config expects them.
        let assets = try #require(try await TestHTTP.eventually(timeout: .seconds(60)) { () -> [String: String]? in
            guard let s = try? await kubectl.json("get", "secret", "sextant-main-assets", "-n", ns),
                let data = (s["data"] as? [String: String])?.compactMapValues({
                    Data(base64Encoded: $0).map { String(decoding: $0, as: UTF8.self) }
                }),
                let web = data["web-config.yaml"], web.contains("sextant-operator:"), web.contains("cert_file")
            else { return nil }
            return data
        }, "no web config; operator:\n\(op.output.suffix(3000))")
        let web = try #require(assets["web-config.yaml"])
        let (server, _) = try await Self.startRenderedServer(
            kubectl, namespace: ns, in: dir, port: serverPort, webConfig: web,
            files: assets.filter { $0.key != "web-config.yaml" })
        defer { server.stop() }
        let targets = "https://127.0.0.1:\(serverPort)/api/v1/targets"
        #expect(try Curl.run(["-k", targets]).status == 401)
        // Checked names fail here: the certificate names only the Service.
        #expect(try Curl.run(["--cacert", dir.file("tls.crt"), "-u", "alice:wonderland", targets]).status != 200)

        func condition(_ type: String) async throws -> [String: Any]? {
            try await Self.condition(kubectl, namespace: ns, type)
        }
        let applied = try await TestHTTP.eventually(timeout: .seconds(60)) { () -> Bool? in
            try await condition("ConfigApplied")?["status"] as? String == "True" ? true : nil
        }
        if applied != true {
            let c = try? await condition("ConfigApplied")
            Issue.record("ConfigApplied not True: \(String(describing: c))\noperator:\n\(op.output.suffix(3000))")
        }

        // The configured certificate changes, the server still presents the old one: the operator no longer
        // accepts it (and so sends it no password).
        let other = try String(contentsOfFile: dir.file("other.crt"), encoding: .utf8)
        try await kubectl.apply(
            """
            apiVersion: v1
            kind: Secret
            metadata: {name: sextant-tls, namespace: \(ns)}
            stringData:
              tls.crt: |
            \(indent(other))
              tls.key: |
            \(indent(key))
            """, in: dir)
        let refused = try await TestHTTP.eventually(timeout: .seconds(60)) { () -> String? in
            guard let c = try await condition("ConfigApplied"), c["status"] as? String != "True" else { return nil }
            return "\(c)"
        }
        #expect(refused != nil, "the operator kept reading a server presenting another certificate")
        try await kubectl.run("delete", "namespace", ns, "--wait=false")
    }
}
