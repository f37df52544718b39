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

/// Pinning a server's own certificate (`caPEM` = the leaf) without checking host names: how the operator reads
/// servers by pod IP, which their certificates do not name.
@Suite("HTTPClient certificate pinning")
struct HTTPClientPinningTests {
    @Test func theLeafAsTrustAnchorPinsItAtAnAddressItDoesNotName() async throws {
        let certs = try TestCertificates.make()
        defer { certs.directory.remove() }
        let server = try await FixtureServer.start(tls: .init(certFile: certs.serverCert, keyFile: certs.serverKey))
        let leaf = try String(contentsOfFile: certs.serverCert, encoding: .utf8)
        let other = try TestCertificates.make()
        defer { other.directory.remove() }
        let otherLeaf = try String(contentsOfFile: other.serverCert, encoding: .utf8)
        try await withClient { client in
            // 127.0.0.1 is not in the certificate (localhost, sextant.test): accepted only as a pin.
            let pinned = try await client.execute(loopback(server.url("/echo")) {
                $0.tls.caPEM = leaf
                $0.tls.skipHostnameVerification = true
            })
            #expect(pinned.status == 200)
            // Another certificate as the pin: refused.
            let wrongPin = await failure {
                try await client.execute(loopback(server.url("/echo")) {
                    $0.tls.caPEM = otherLeaf
                    $0.tls.skipHostnameVerification = true
                })
            }
            #expect(wrongPin?.kind == .tls, "\(String(describing: wrongPin))")
            // The right pin with host names checked: refused at an address the certificate does not name.
            let named = await failure {
                try await client.execute(loopback(server.url("/echo")) { $0.tls.caPEM = leaf })
            }
            #expect(named?.kind == .tls, "\(String(describing: named))")
        }
    }
}
