import HTTPClient
import TestSupport
import Testing

@Suite("HTTPClient TLS")
struct HTTPClientTLSTests {
    /// A TLS fixture server with fresh certificates; `requireClientCert` makes it demand one signed by the CA.
    private func withTLSServer(
        requireClientCert: Bool = false,
        _ body: (FixtureServer, TestCertificates, HTTPClient) async throws -> Void
    ) async throws {
        let certs = try TestCertificates.make()
        defer { certs.directory.remove() }
        let server = try await FixtureServer.start(
            tls: .init(
                certFile: certs.serverCert, keyFile: certs.serverKey,
                clientCAFile: requireClientCert ? certs.caFile : nil))
        try await withClient { client in try await body(server, certs, client) }
    }

    @Test func verifiesServerWithCAFile() async throws {
        try await withTLSServer { server, certs, client in
            let response = try await client.execute(
                loopback(server.url("/echo", host: "localhost")) { $0.tls.caFile = certs.caFile })
            #expect(response.status == 200)
            #expect(try Echo(response.body).client_cn == nil)
        }
    }

    @Test func unknownCAFailsWithTLSError() async throws {
        try await withTLSServer { server, _, client in
            let url = server.url("/echo", host: "localhost")
            let error = await failure { try await client.execute(loopback(url)) }
            #expect(error?.kind == .tls)
            #expect(error?.description.hasPrefix("Get \"\(url)\": tls: ") == true, "\(String(describing: error))")
        }
    }

    @Test func insecureSkipVerifyAcceptsAnyCertificate() async throws {
        try await withTLSServer { server, _, client in
            // Neither the CA nor the name (no IP SAN) would verify.
            let response = try await client.execute(
                loopback(server.url("/echo")) { $0.tls.insecureSkipVerify = true })
            #expect(response.status == 200)
        }
    }

    struct ServerNameCase: Sendable {
        var serverName: String?
        var succeeds: Bool
    }

    @Test(arguments: [
        ServerNameCase(serverName: nil, succeeds: false),  // 127.0.0.1 is not in the certificate
        ServerNameCase(serverName: "sextant.test", succeeds: true),
        ServerNameCase(serverName: "wrong.test", succeeds: false),
        ServerNameCase(serverName: "localhost", succeeds: true),
    ])
    func serverNameOverridesVerifiedName(_ testCase: ServerNameCase) async throws {
        try await withTLSServer { server, certs, client in
            let request = loopback(server.url("/echo")) {
                $0.tls.caFile = certs.caFile
                $0.tls.serverName = testCase.serverName
            }
            if testCase.succeeds {
                let response = try await client.execute(request)
                // The server still sees the URL's authority, as with Go's tls.Config.ServerName.
                #expect(try Echo(response.body).headers["host"] == "127.0.0.1:\(server.port)")
            } else {
                let error = await failure { try await client.execute(request) }
                #expect(error?.kind == .tls)
                #expect(error?.url == request.url)
            }
        }
    }

    @Test func clientCertificateIsPresented() async throws {
        try await withTLSServer(requireClientCert: true) { server, certs, client in
            let response = try await client.execute(
                loopback(server.url("/echo", host: "localhost")) {
                    $0.tls.caFile = certs.caFile
                    $0.tls.certFile = certs.clientCert
                    $0.tls.keyFile = certs.clientKey
                })
            #expect(try Echo(response.body).client_cn == TestCertificates.clientCommonName)
        }
    }

    @Test func missingClientCertificateFails() async throws {
        try await withTLSServer(requireClientCert: true) { server, certs, client in
            let error = await failure {
                try await client.execute(
                    loopback(server.url("/echo", host: "localhost")) { $0.tls.caFile = certs.caFile })
            }
            // With TLS 1.3 the server's rejection arrives after the handshake, as an alert on the first read.
            #expect(error?.kind == .tls, "\(String(describing: error))")
        }
    }

    @Test func unreadableCAFileIsATLSError() async throws {
        try await withTLSServer { server, certs, client in
            let error = await failure {
                try await client.execute(
                    loopback(server.url("/echo", host: "localhost")) {
                        $0.tls.caFile = certs.directory.file("missing.crt")
                    })
            }
            #expect(error?.kind == .tls, "\(String(describing: error))")
        }
    }

    @Test(arguments: [TLSVersion.tls12, .tls13])
    func minimumVersionIsAccepted(_ version: TLSVersion) async throws {
        try await withTLSServer { server, certs, client in
            let response = try await client.execute(
                loopback(server.url("/echo", host: "localhost")) {
                    $0.tls.caFile = certs.caFile
                    $0.tls.minVersion = version
                })
            #expect(response.status == 200)
        }
    }
}
