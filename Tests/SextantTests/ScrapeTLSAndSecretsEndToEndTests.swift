import Foundation
import Testing
import TestSupport

/// Inline PEM in `tls_config` (`ca`, `cert`, `key`) end to end: the real `sextant server` scrapes a real
/// node_exporter that serves HTTPS and requires a client certificate, with nothing but the config's inline
/// text; and `/api/v1/status/config` prints the key and passwords as `<secret>`.
@Suite(.serialized)
struct ScrapeTLSAndSecretsEndToEndTests {
    static let nodeExporter = "/usr/bin/prometheus-node-exporter"
    static let password = "s3cr3t-password-value"
    static let token = "s3cr3t-bearer-token"

    /// A CA, a server certificate for 127.0.0.1 and a client certificate, made with the openssl CLI.
    static func makeCertificates(in dir: TemporaryDirectory) throws {
        let script = """
            set -e
            cd '\(dir.path)'
            EC="-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
            openssl req -x509 $EC -keyout ca.key -out ca.crt -days 2 -subj '/CN=Sextant E2E CA'
            printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\nextendedKeyUsage=serverAuth\\n' > server.ext
            printf 'extendedKeyUsage=clientAuth\\n' > client.ext
            for n in server client; do
              openssl req $EC -keyout $n.key -out $n.csr -subj "/CN=$n"
              openssl x509 -req -in $n.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out $n.crt -days 2 -extfile $n.ext
            done
            """
        try runOpenSSLScript(script)
    }

    /// `text` as a YAML block scalar under a key indented by `indent` spaces.
    static func block(_ text: String, indent: Int) -> String {
        let pad = String(repeating: " ", count: indent + 2)
        return "|\n" + text.split(separator: "\n").map { pad + $0 }.joined(separator: "\n")
    }

    @Test func scrapesWithInlineClientCertificateAndHidesSecrets() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.nodeExporter), "install prometheus-node-exporter (scripts/bootstrap)")
        try #require(PeerProcess.which("openssl") != nil, "install openssl")
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try Self.makeCertificates(in: dir)
        try """
            tls_server_config:
              cert_file: \(dir.file("server.crt"))
              key_file: \(dir.file("server.key"))
              client_auth_type: RequireAndVerifyClientCert
              client_ca_file: \(dir.file("ca.crt"))
            """.write(toFile: dir.file("web.yml"), atomically: true, encoding: .utf8)
        let port = try PeerProcess.freeTCPPort()
        let exporter = try await PeerProcess.start(
            executable: Self.nodeExporter,
            arguments: [
                "--web.listen-address=127.0.0.1:\(port)", "--web.config.file=\(dir.file("web.yml"))",
                "--collector.disable-defaults", "--collector.loadavg",
            ],
            readiness: .tcpPort(port: port))
        defer { exporter.stop() }

        let ca = try String(contentsOfFile: dir.file("ca.crt"), encoding: .utf8)
        let cert = try String(contentsOfFile: dir.file("client.crt"), encoding: .utf8)
        let key = try String(contentsOfFile: dir.file("client.key"), encoding: .utf8)
        let config = dir.file("prometheus.yml")
        try """
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: mtls
                scheme: https
                tls_config:
                  ca: \(Self.block(ca, indent: 6))
                  cert: \(Self.block(cert, indent: 6))
                  key: \(Self.block(key, indent: 6))
                  min_version: TLS12
                static_configs:
                  - targets: ["127.0.0.1:\(port)"]
              - job_name: no-client-cert
                scheme: https
                basic_auth: {username: u, password: \(Self.password)}
                tls_config:
                  ca: \(Self.block(ca, indent: 6))
                static_configs:
                  - targets: ["localhost:\(port)"]
              - job_name: bearer
                authorization: {credentials: \(Self.token)}
                static_configs:
                  - targets: ["127.0.0.1:1"]
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let server = try await SextantServer.start(configFile: config, dataDirectory: dir.file("data"))
        defer { server.stop() }

        func query(_ q: String) async throws -> [[String: Any]] {
            let r = try await TestHTTP.get("\(server.baseURL)/api/v1/query?query=\(TestHTTP.escape(q))")
            let data = try #require(try r.json()["data"] as? [String: Any])
            return data["result"] as? [[String: Any]] ?? []
        }
        let load = try await TestHTTP.eventually { () async throws -> [[String: Any]]? in
            let r = try await query(#"node_load1{job="mtls"}"#)
            return r.isEmpty ? nil : r
        }
        #expect(load != nil, "never scraped over mTLS:\n\(server.process.output)")
        let up = try await query(#"up{job="mtls"}"#)
        #expect((up.first?["value"] as? [Any])?.last as? String == "1")

        // Without a client certificate the exporter refuses the handshake: the scrape fails with a TLS error.
        let refused = try await TestHTTP.eventually { () async throws -> String? in
            let r = try await TestHTTP.get("\(server.baseURL)/api/v1/targets?scrapePool=no-client-cert")
            let data = try #require(try r.json()["data"] as? [String: Any])
            let t = (data["activeTargets"] as? [[String: Any]])?.first
            return t?["health"] as? String == "down" ? t?["lastError"] as? String : nil
        }
        #expect(refused?.isEmpty == false)

        // Secrets are masked in the served config; certificates and CAs are not secrets and stay.
        let r = try await TestHTTP.get("\(server.baseURL)/api/v1/status/config")
        let yaml = try #require((try r.json()["data"] as? [String: Any])?["yaml"] as? String)
        #expect(!yaml.contains("PRIVATE KEY"), "client key printed:\n\(yaml)")
        #expect(!yaml.contains(Self.password))
        #expect(!yaml.contains(Self.token))
        #expect(yaml.contains("key: <secret>"))
        #expect(yaml.contains("password: <secret>"))
        #expect(yaml.contains("credentials: <secret>"))
        #expect(yaml.contains("BEGIN CERTIFICATE"))
    }
}
