import Foundation
import HTTPClient
import TestSupport
import Testing

/// `PeerProcess` lives in TestSupport, which has no test target of its own; its first user tests it here.
@Suite("PeerProcess")
struct PeerProcessTests {
    @Test func waitsForTCPPortAndStopsWithSIGTERM() async throws {
        let python = try #require(PeerProcess.which("python3"))
        let port = try PeerProcess.freeTCPPort()
        let directory = try TemporaryDirectory(prefix: "sextant-peer")
        defer { directory.remove() }
        try "hello".write(toFile: directory.file("index.txt"), atomically: true, encoding: .utf8)
        let peer = try await PeerProcess.start(
            executable: python, arguments: ["-m", "http.server", "\(port)", "--bind", "127.0.0.1"],
            workingDirectory: directory.path, readiness: .tcpPort(port: port))
        try await withClient { client in
            let response = try await client.execute(loopback("http://127.0.0.1:\(port)/index.txt"))
            #expect(response.text == "hello")
        }
        #expect(peer.isRunning)
        peer.stop()
        #expect(!peer.isRunning)
        #expect(peer.exitDescription == "signal \(SIGTERM)")
    }

    @Test func exitBeforeReadyReportsStatusAndOutput() async throws {
        do {
            _ = try await PeerProcess.start(
                executable: "/bin/sh", arguments: ["-c", "echo boom; exit 3"],
                readiness: .outputLine(containing: "never printed"))
            Issue.record("start should have failed")
        } catch let error as PeerProcess.StartError {
            #expect(error.description.contains("exit status 3"))
            #expect(error.description.contains("boom"))
        }
    }

    @Test func passesEnvironmentAndWorkingDirectory() async throws {
        let directory = try TemporaryDirectory(prefix: "sextant-peer")
        defer { directory.remove() }
        let peer = try await PeerProcess.start(
            executable: "/bin/sh", arguments: ["-c", "echo \"ready $SEXTANT_TEST_VALUE $(pwd)\"; sleep 30"],
            environment: ["SEXTANT_TEST_VALUE": "42", "PATH": "/usr/bin:/bin"],
            workingDirectory: directory.path,
            readiness: .outputLine(containing: "ready"))
        defer { peer.stop() }
        let realPath = URL(fileURLWithPath: directory.path).resolvingSymlinksInPath().path
        #expect(peer.readyLine == "ready 42 \(realPath)")
    }
}
