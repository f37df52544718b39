import Foundation
import TestSupport

/// A throwaway PKI made with the `openssl` CLI: a CA, a server certificate and a client certificate.
///
/// The server certificate's names are `localhost` and `sextant.test` and deliberately no IP address, so
/// `https://127.0.0.1` fails verification unless the server name is overridden.
struct TestCertificates {
    let directory: TemporaryDirectory
    var caFile: String { directory.file("ca.crt") }
    var serverCert: String { directory.file("server.crt") }
    var serverKey: String { directory.file("server.key") }
    var clientCert: String { directory.file("client.crt") }
    var clientKey: String { directory.file("client.key") }
    static let clientCommonName = "sextant-client"

    static func make() throws -> TestCertificates {
        let directory = try TemporaryDirectory(prefix: "sextant-httpclient-tls")
        let certs = TestCertificates(directory: directory)
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try openssl(
            ["req", "-x509"] + ec + [
                "-keyout", directory.file("ca.key"), "-out", certs.caFile,
                "-days", "2", "-subj", "/CN=Sextant Test CA",
            ])
        try issue(
            certs, name: "server", subject: "/CN=localhost",
            extensions: "subjectAltName=DNS:localhost,DNS:sextant.test\nextendedKeyUsage=serverAuth\n", ec: ec)
        try issue(
            certs, name: "client", subject: "/CN=\(clientCommonName)",
            extensions: "extendedKeyUsage=clientAuth\n", ec: ec)
        return certs
    }

    private static func issue(
        _ certs: TestCertificates, name: String, subject: String, extensions: String, ec: [String]
    ) throws {
        let dir = certs.directory
        try extensions.write(toFile: dir.file("\(name).ext"), atomically: true, encoding: .utf8)
        try openssl(
            ["req"] + ec + ["-keyout", dir.file("\(name).key"), "-out", dir.file("\(name).csr"), "-subj", subject])
        try openssl([
            "x509", "-req", "-in", dir.file("\(name).csr"), "-CA", certs.caFile, "-CAkey", dir.file("ca.key"),
            "-CAcreateserial", "-out", dir.file("\(name).crt"), "-days", "2", "-extfile", dir.file("\(name).ext"),
        ])
    }

    private static func openssl(_ arguments: [String]) throws {
        guard let path = PeerProcess.which("openssl") else { throw SetupError("openssl not found in PATH") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw SetupError(
                "openssl \(arguments.joined(separator: " ")) failed:\n\(String(decoding: output, as: UTF8.self))")
        }
    }
}
