import Foundation
import TestSupport

/// The Python fixture server (`Fixtures/test_server.py`) on a loopback port chosen by the OS.
struct FixtureServer {
    /// TLS setup of the server: certificate files and whether a client certificate is required.
    struct TLS {
        var certFile: String
        var keyFile: String
        var clientCAFile: String?
    }

    let peer: PeerProcess
    let port: Int
    let scheme: String

    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/test_server.py").path

    static func start(tls: TLS? = nil) async throws -> FixtureServer {
        guard let python = PeerProcess.which("python3") else { throw SetupError("python3 not found in PATH") }
        var arguments = ["-u", script]
        if let tls {
            arguments += ["--cert", tls.certFile, "--key", tls.keyFile]
            if let ca = tls.clientCAFile { arguments += ["--client-ca", ca] }
        }
        let peer = try await PeerProcess.start(
            executable: python, arguments: arguments, readiness: .outputLine(containing: "READY port="))
        guard let line = peer.readyLine, let port = Int(line.split(separator: "=").last ?? "") else {
            throw SetupError("no port in ready line \(peer.readyLine ?? "nil")")
        }
        return FixtureServer(peer: peer, port: port, scheme: tls == nil ? "http" : "https")
    }

    /// `scheme://host:port/path` on this server.
    func url(_ path: String, host: String = "127.0.0.1") -> String {
        "\(scheme)://\(host):\(port)\(path)"
    }
}

struct SetupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// What `/echo` reports about the request it received.
struct Echo: Decodable {
    var method: String
    var path: String
    var headers: [String: String]
    var body: String
    var client_port: Int
    var client_cn: String?

    init(_ bytes: [UInt8]) throws {
        self = try JSONDecoder().decode(Echo.self, from: Data(bytes))
    }
}
