import Foundation
import TestSupport
import Testing

/// `--web.config.file` and `--web.page-title` end to end: a real `sextant server` over loopback serving HTTPS with a
/// certificate made by the openssl CLI, requiring client certificates, requiring basic auth against bcrypt hashes,
/// adding the configured headers, following edits of the file, and refusing to start on a bad file. Requests go
/// through the curl CLI, which takes a CA file and client certificates.
@Suite(.serialized)
struct WebConfigEndToEndTests {
    /// `htpasswd -nbB -C 5 alice wonderland`: the `$2y$` prefix htpasswd writes.
    static let aliceHash = "$2y$05$3adLApfzE.PCEjCW60EB/.faP5X2KiKP9UHKAS6c3OtfJEX/Eregm"
    /// `htpasswd -nbB -C 5 bob builder`, relabelled `$2a$` (the same hash for ASCII passwords): the prefix Go writes.
    static let bobHash = "$2a$05$Z7jfxxxR5Cu8GOObQFK6.OeRItyp7uJ1kSKExKIJiWz3conFd2QOm"
    /// `htpasswd -nbB -C 5 alice looking-glass`.
    static let aliceNewHash = "$2y$05$ZpIUDXHBQEdSzq1cuzX6b.5rMGBqRQRCZEBGhhBC.Q6tKPMQzGYjW"

    // MARK: HTTPS

    @Test func servesHTTPSWithHeadersAndPageTitle() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try Self.makeCertificates(in: dir, names: ["ca", "server"])
        try """
        tls_server_config:
          cert_file: server.crt
          key_file: server.key
        http_server_config:
          headers:
            X-Frame-Options: deny
            Strict-Transport-Security: max-age=31536000
        """.write(toFile: dir.file("web.yml"), atomically: true, encoding: .utf8)
        let server = try await Self.start(
            dir, ["--web.config.file=\(dir.file("web.yml"))", "--web.page-title=Fleet <Ops> & Co"],
            ready: ["--cacert", dir.file("ca.crt")])
        defer { server.process.stop() }
        let https = "https://127.0.0.1:\(server.port)"

        let healthy = try Curl.run(["--cacert", dir.file("ca.crt"), "\(https)/-/healthy"])
        #expect(healthy.status == 200)
        #expect(healthy.body == "Sextant Server is Healthy.\n")
        #expect(healthy.headers["x-frame-options"] == "deny")
        #expect(healthy.headers["strict-transport-security"] == "max-age=31536000")
        // Headers go on every response, errors included.
        let missing = try Curl.run(["--cacert", dir.file("ca.crt"), "\(https)/no/such/path"])
        #expect(missing.status == 404)
        #expect(missing.headers["x-frame-options"] == "deny")

        // The certificate is the one from the file: curl without the CA refuses it.
        let untrusted = try Curl.run(["\(https)/-/healthy"])
        #expect(untrusted.exitCode != 0, "\(untrusted)")
        // Only HTTPS is served on the port.
        let plain = try Curl.run(["http://127.0.0.1:\(server.port)/-/healthy"])
        #expect(plain.exitCode != 0 || plain.status != 200, "\(plain)")

        // The page title, HTML-escaped, in the page at `/`, and the flag in the flags endpoint.
        let page = try Curl.run(["--cacert", dir.file("ca.crt"), "\(https)/"])
        #expect(page.status == 200)
        #expect(page.headers["content-type"]?.hasPrefix("text/html") == true)
        #expect(page.body.contains("<title>Fleet &lt;Ops&gt; &amp; Co</title>"), "\(page.body)")
        let flags = try Curl.run(["--cacert", dir.file("ca.crt"), "\(https)/api/v1/status/flags"])
        let flagValues = try JSONSerialization.jsonObject(with: Data(flags.body.utf8)) as? [String: Any]
        #expect((flagValues?["data"] as? [String: String])?["web.page-title"] == "Fleet <Ops> & Co", "\(flags.body)")
    }

    @Test func minVersionRefusesOlderClients() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try Self.makeCertificates(in: dir, names: ["ca", "server"])
        try """
        tls_server_config:
          cert_file: server.crt
          key_file: server.key
          min_version: TLS13
        """.write(toFile: dir.file("web.yml"), atomically: true, encoding: .utf8)
        let server = try await Self.start(
            dir, ["--web.config.file=\(dir.file("web.yml"))"], ready: ["--cacert", dir.file("ca.crt")])
        defer { server.process.stop() }
        let url = "https://127.0.0.1:\(server.port)/-/healthy"
        #expect(try Curl.run(["--cacert", dir.file("ca.crt"), "--tlsv1.3", url]).status == 200)
        let old = try Curl.run(["--cacert", dir.file("ca.crt"), "--tls-max", "1.2", url])
        #expect(old.exitCode != 0, "\(old)")
    }

    /// Which client certificates each `client_auth_type` lets in: none, one issued by `client_ca_file`'s CA, one
    /// from another CA.
    struct ClientAuthCase: Sendable, CustomStringConvertible {
        var type: String
        var withoutCertificate: Bool
        var trustedCertificate: Bool
        var strangerCertificate: Bool
        var description: String { type }
    }

    static let clientAuthCases: [ClientAuthCase] = [
        ClientAuthCase(
            type: "NoClientCert", withoutCertificate: true, trustedCertificate: true, strangerCertificate: true),
        ClientAuthCase(
            type: "RequestClientCert", withoutCertificate: true, trustedCertificate: true, strangerCertificate: true),
        ClientAuthCase(
            type: "RequireAnyClientCert", withoutCertificate: false, trustedCertificate: true, strangerCertificate: true
        ),
        ClientAuthCase(
            type: "VerifyClientCertIfGiven", withoutCertificate: true, trustedCertificate: true,
            strangerCertificate: false),
        ClientAuthCase(
            type: "RequireAndVerifyClientCert", withoutCertificate: false, trustedCertificate: true,
            strangerCertificate: false),
    ]

    @Test(arguments: clientAuthCases)
    func clientAuthType(_ c: ClientAuthCase) async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try Self.makeCertificates(in: dir, names: ["ca", "server", "client", "other-ca", "stranger"])
        try """
        tls_server_config:
          cert_file: server.crt
          key_file: server.key
          client_auth_type: \(c.type)
          client_ca_file: ca.crt
        """.write(toFile: dir.file("web.yml"), atomically: true, encoding: .utf8)
        let tls = ["--cacert", dir.file("ca.crt")]
        let client = tls + ["--cert", dir.file("client.crt"), "--key", dir.file("client.key")]
        let server = try await Self.start(dir, ["--web.config.file=\(dir.file("web.yml"))"], ready: client)
        defer { server.process.stop() }
        let url = "https://127.0.0.1:\(server.port)/-/healthy"

        let trusted = try Curl.run(client + [url])
        #expect((trusted.status == 200) == c.trustedCertificate, "\(trusted)")
        let without = try Curl.run(tls + [url])
        #expect((without.status == 200) == c.withoutCertificate, "\(without)")
        let stranger = try Curl.run(tls + ["--cert", dir.file("stranger.crt"), "--key", dir.file("stranger.key"), url])
        #expect((stranger.status == 200) == c.strangerCertificate, "\(stranger)")
    }

    @Test func rotatedCertificateAppliesToNewConnections() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try Self.makeCertificates(in: dir, names: ["ca", "server", "other-ca", "stranger"])
        try """
        tls_server_config:
          cert_file: server.crt
          key_file: server.key
        """.write(toFile: dir.file("web.yml"), atomically: true, encoding: .utf8)
        let server = try await Self.start(
            dir, ["--web.config.file=\(dir.file("web.yml"))"], ready: ["--cacert", dir.file("ca.crt")])
        defer { server.process.stop() }
        let url = "https://127.0.0.1:\(server.port)/-/healthy"
        #expect(try Curl.run(["--cacert", dir.file("other-ca.crt"), url]).exitCode != 0)

        // "stranger" is issued by other-ca for 127.0.0.1 as well: after the swap only other-ca verifies the server.
        for ext in ["key", "crt"] {
            let data = try Data(contentsOf: URL(fileURLWithPath: dir.file("stranger.\(ext)")))
            try data.write(to: URL(fileURLWithPath: dir.file("server.\(ext)")))
        }
        let rotated = try await TestHTTP.eventually(timeout: .seconds(30), every: .milliseconds(100)) {
            try Curl.run(["--cacert", dir.file("other-ca.crt"), url]).status == 200 ? true : nil
        }
        #expect(rotated == true, "\(server.process.output)")
        #expect(try Curl.run(["--cacert", dir.file("ca.crt"), url]).exitCode != 0)
    }

    // MARK: Basic auth

    @Test func basicAuthAgainstBcryptHashes() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let web = dir.file("web.yml")
        try Self.usersConfig(alice: Self.aliceHash).write(toFile: web, atomically: true, encoding: .utf8)
        let server = try await Self.start(dir, ["--web.config.file=\(web)"], ready: ["-u", "alice:wonderland"])
        defer { server.process.stop() }
        let base = "http://127.0.0.1:\(server.port)"

        for path in ["/-/healthy", "/-/ready", "/api/v1/query?query=1", "/metrics", "/"] {
            let anonymous = try Curl.run(["\(base)\(path)"])
            #expect(anonymous.status == 401, "\(path)")
            #expect(anonymous.headers["www-authenticate"] == "Basic", "\(path)")
            #expect(anonymous.headers["x-content-type-options"] == "nosniff", "\(path)")
        }
        let cases: [(credentials: String, status: Int)] = [
            ("alice:wonderland", 200),
            ("alice:Wonderland", 401),
            ("alice:", 401),
            ("bob:builder", 200),
            ("bob:wonderland", 401),
            ("mallory:wonderland", 401),
            // After a success is remembered, a wrong password for the same user must still fail.
            ("alice:wonderland", 200),
            ("alice:wonderlan", 401),
            ("alice:wonderlandx", 401),
        ]
        for c in cases {
            let r = try Curl.run(["-u", c.credentials, "\(base)/api/v1/query?query=1"])
            #expect(r.status == c.status, "\(c.credentials): \(r)")
            #expect(r.headers["x-content-type-options"] == "nosniff")
        }
        let query = try Curl.run(["-u", "bob:builder", "\(base)/api/v1/query?query=1%2B1"])
        #expect(query.status == 200 && query.body.contains(#""2"]"#), "\(query.body)")

        // An edit of the file applies without a restart: alice's new password, and a file that no longer loads
        // refuses every request (fail closed) until it loads again.
        try Self.usersConfig(alice: Self.aliceNewHash).write(toFile: web, atomically: true, encoding: .utf8)
        let switched = try await TestHTTP.eventually(timeout: .seconds(30), every: .milliseconds(100)) {
            try Curl.run(["-u", "alice:looking-glass", "\(base)/-/healthy"]).status == 200 ? true : nil
        }
        #expect(switched == true)
        #expect(try Curl.run(["-u", "alice:wonderland", "\(base)/-/healthy"]).status == 401)
        #expect(try Curl.run(["-u", "bob:builder", "\(base)/-/healthy"]).status == 200)

        try "basic_auth_users: [not, a, map".write(toFile: web, atomically: true, encoding: .utf8)
        let refused = try await TestHTTP.eventually(timeout: .seconds(30), every: .milliseconds(100)) {
            try Curl.run(["-u", "bob:builder", "\(base)/-/healthy"]).status == 500 ? true : nil
        }
        #expect(refused == true)
        #expect(try Curl.run(["\(base)/-/healthy"]).status == 500)
        #expect(server.process.output.contains("Web config file does not load"), "the failure is logged")
    }

    @Test func basicAuthOverHTTPS() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try Self.makeCertificates(in: dir, names: ["ca", "server"])
        try """
        tls_server_config:
          cert_file: server.crt
          key_file: server.key
        basic_auth_users:
          alice: \(Self.aliceHash)
        """.write(toFile: dir.file("web.yml"), atomically: true, encoding: .utf8)
        let tls = ["--cacert", dir.file("ca.crt")]
        let server = try await Self.start(
            dir, ["--web.config.file=\(dir.file("web.yml"))"], ready: tls + ["-u", "alice:wonderland"])
        defer { server.process.stop() }
        let url = "https://127.0.0.1:\(server.port)/-/ready"
        #expect(try Curl.run(tls + [url]).status == 401)
        #expect(try Curl.run(tls + ["-u", "alice:wrong", url]).status == 401)
        #expect(try Curl.run(tls + ["-u", "alice:wonderland", url]).status == 200)
    }

    // MARK: Bad files and the page title without a web config

    struct BadCase: Sendable, CustomStringConvertible {
        var name: String
        /// The web config's text; nil: the file does not exist.
        var yaml: String?
        /// Files written beside it.
        var files: [String: String] = [:]
        /// What the error must say besides the web config's path.
        var reason: String
        var description: String { name }
    }

    static let badCases: [BadCase] = [
        BadCase(name: "missing file", yaml: nil, reason: "cannot read file"),
        BadCase(name: "YAML error", yaml: "tls_server_config: [cert_file", reason: "web.yml:2:1: invalid YAML"),
        BadCase(
            name: "unknown field", yaml: "basic_auth_user:\n  a: b\n",
            reason: "web.yml:1:1: unknown field \"basic_auth_user\""),
        BadCase(
            name: "unknown header", yaml: "http_server_config:\n  headers:\n    X-Powered-By: me\n",
            reason: "unknown header \"X-Powered-By\""),
        BadCase(
            name: "unknown cipher suite",
            yaml: "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  cipher_suites: [TLS_NOPE]\n",
            reason: "cipher_suites \"TLS_NOPE\": unknown cipher suite"),
        BadCase(
            name: "missing certificate", yaml: "tls_server_config:\n  cert_file: nope.crt\n  key_file: nope.key\n",
            reason: "nope.crt\": cannot read file"),
        BadCase(
            name: "certificate not PEM", yaml: "tls_server_config:\n  cert_file: bad.crt\n  key_file: bad.key\n",
            files: ["bad.crt": "not a certificate\n", "bad.key": "not a key\n"],
            reason: "bad.crt\": not a PEM certificate"),
        BadCase(
            name: "client_allowed_sans",
            yaml: """
                tls_server_config:
                  cert_file: server.crt
                  key_file: server.key
                  client_auth_type: RequireAndVerifyClientCert
                  client_ca_file: ca.crt
                  client_allowed_sans: [client]
                """, reason: "client_allowed_sans \"client\": not supported"),
        BadCase(
            name: "key of another certificate",
            yaml: "tls_server_config:\n  cert_file: server.crt\n  key_file: ca.key\n",
            reason: "is the key the certificate's?"),
    ]

    @Test(arguments: badCases)
    func badWebConfigStopsTheServerBeforeItListens(_ c: BadCase) async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try Self.makeCertificates(in: dir, names: ["ca", "server"])
        let web = dir.file("web.yml")
        if let yaml = c.yaml { try yaml.write(toFile: web, atomically: true, encoding: .utf8) }
        for (name, text) in c.files { try text.write(toFile: dir.file(name), atomically: true, encoding: .utf8) }
        let port = try PeerProcess.freeTCPPort()
        let result = try SextantCLI.run([
            "server", "--web.listen-address=127.0.0.1:\(port)", "--storage.tsdb.path=\(dir.file("data"))",
            "--web.config.file=\(web)",
        ])
        #expect(result.status != 0)
        #expect(result.stderr.contains(web), "\(result.stderr)")
        #expect(result.stderr.lowercased().contains(c.reason.lowercased()), "\(result.stderr)")
        // It stopped before opening the storage, which starts right after the port is bound.
        #expect(!FileManager.default.fileExists(atPath: dir.file("data")))
    }

    @Test func pageTitleDefaultsWithoutWebConfig() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let server = try await SextantServer.start(configFile: nil, dataDirectory: dir.file("data"))
        defer { server.stop() }
        let page = try await TestHTTP.get("\(server.baseURL)/")
        #expect(page.status == 200)
        #expect(
            page.body.contains("<title>Sextant Time Series Collection and Processing Server</title>"), "\(page.body)")
    }

    // MARK: Helpers

    static func usersConfig(alice: String) -> String {
        """
        http_server_config:
          headers:
            X-Content-Type-Options: nosniff
        basic_auth_users:
          alice: \(alice)
          bob: \(bobHash)
        """
    }

    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    struct Started {
        var process: PeerProcess
        var port: Int
    }

    /// Starts `sextant server` with `arguments` and waits until `/-/ready` answers 200 to curl with `ready` options
    /// (CA, client certificate, credentials); the scheme follows whether a `--cacert` is among them.
    static func start(_ dir: TemporaryDirectory, _ arguments: [String], ready: [String]) async throws -> Started {
        guard let binary = SextantServer.binaryPath else {
            throw StartFailure(description: "sextant binary not found; run `swift build` first")
        }
        try #require(PeerProcess.which("curl") != nil, "install curl")
        let port = try PeerProcess.freeTCPPort()
        let process = try await PeerProcess.start(
            executable: binary,
            arguments: ["server", "--web.listen-address=127.0.0.1:\(port)", "--storage.tsdb.path=\(dir.file("data"))"]
                + arguments,
            readiness: .tcpPort(port: port), timeout: .seconds(60))
        let scheme = ready.contains("--cacert") ? "https" : "http"
        let ok = try await TestHTTP.eventually(timeout: .seconds(60), every: .milliseconds(50)) {
            try Curl.run(ready + ["\(scheme)://127.0.0.1:\(port)/-/ready"]).status == 200 ? true : nil
        }
        if ok != true {
            process.stop()
            throw StartFailure(description: "sextant on port \(port) not ready:\n\(process.output)")
        }
        return Started(process: process, port: port)
    }

    /// Certificates made with the openssl CLI (EC P-256): `ca` and `other-ca` are self-signed CAs; `server` (for
    /// 127.0.0.1 and localhost) and `client` are issued by `ca`, `stranger` (for 127.0.0.1 too) by `other-ca`.
    static func makeCertificates(in dir: TemporaryDirectory, names: [String]) throws {
        try #require(PeerProcess.which("openssl") != nil, "install openssl")
        var script = """
            set -e
            cd '\(dir.path)'
            EC="-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
            printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\nextendedKeyUsage=serverAuth,clientAuth\\n' > leaf.ext

            """
        for name in names {
            switch name {
            case "ca", "other-ca":
                script += "openssl req -x509 $EC -days 1 -subj '/CN=\(name)' -keyout \(name).key -out \(name).crt\n"
            default:
                let issuer = name == "stranger" ? "other-ca" : "ca"
                script += """
                    openssl req $EC -subj '/CN=\(name)' -keyout \(name).key -out \(name).csr
                    openssl x509 -req -in \(name).csr -CA \(issuer).crt -CAkey \(issuer).key -CAcreateserial \
                      -out \(name).crt -days 1 -extfile leaf.ext

                    """
            }
        }
        try runOpenSSLScript(script)
    }
}

/// One request with the curl CLI: its exit code, and the status, headers (names lower-cased) and body it got.
struct Curl: CustomStringConvertible {
    var exitCode: Int32
    var status: Int
    var headers: [String: String]
    var body: String
    var stderr: String

    var description: String {
        "curl exit \(exitCode), HTTP \(status), headers \(headers), body \(body), stderr \(stderr)"
    }

    static func run(_ arguments: [String]) throws -> Curl {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: PeerProcess.which("curl") ?? "/usr/bin/curl")
        p.arguments = ["-sS", "-i", "--noproxy", "*"] + arguments
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // curl -sS writes at most a line or two to stderr, far below a pipe's buffer: read it after stdout.
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        var result = Curl(
            exitCode: p.terminationStatus, status: 0, headers: [:], body: "",
            stderr: String(decoding: errData, as: UTF8.self))
        let text = String(decoding: data, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { return result }
        let head = text[..<split.lowerBound].split(separator: "\r\n")
        result.body = String(text[split.upperBound...])
        if let statusLine = head.first, statusLine.split(separator: " ").count >= 2 {
            result.status = Int(statusLine.split(separator: " ")[1]) ?? 0
        }
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            result.headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        return result
    }
}
