import Foundation
import HTTPClient
import TestSupport
import Testing

/// CA, client certificate and key given as PEM text (Prometheus's inline `tls_config.ca`, `cert`, `key`)
/// against a real TLS server that requires a client certificate.
@Suite("HTTPClient inline PEM")
struct HTTPClientInlinePEMTests {
    @Test func inlineCACertAndKeyAuthenticateBothWays() async throws {
        let certs = try TestCertificates.make()
        defer { certs.directory.remove() }
        let server = try await FixtureServer.start(
            tls: .init(certFile: certs.serverCert, keyFile: certs.serverKey, clientCAFile: certs.caFile))
        let ca = try String(contentsOfFile: certs.caFile, encoding: .utf8)
        let cert = try String(contentsOfFile: certs.clientCert, encoding: .utf8)
        let key = try String(contentsOfFile: certs.clientKey, encoding: .utf8)
        try await withClient { client in
            let response = try await client.execute(
                loopback(server.url("/echo", host: "localhost")) {
                    $0.tls.caPEM = ca
                    $0.tls.certPEM = cert
                    $0.tls.keyPEM = key
                })
            #expect(response.status == 200)
            #expect(try Echo(response.body).client_cn == TestCertificates.clientCommonName)

            // A CA that did not sign the server's certificate is refused: the inline CA is really used.
            let other = try TestCertificates.make()
            defer { other.directory.remove() }
            let otherCA = try String(contentsOfFile: other.caFile, encoding: .utf8)
            let error = await failure {
                try await client.execute(
                    loopback(server.url("/echo", host: "localhost")) {
                        $0.tls.caPEM = otherCA
                        $0.tls.certPEM = cert
                        $0.tls.keyPEM = key
                    })
            }
            #expect(error?.kind == .tls, "\(String(describing: error))")
        }
    }
}
