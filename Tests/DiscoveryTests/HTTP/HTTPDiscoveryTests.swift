import Foundation
import HTTPClient
import Logging
import PromConfig
import PromModel
import TestSupport
import Testing

@testable import Discovery

/// HTTP SD against Python's static file server on a loopback port, serving files the test rewrites.
struct HTTPDiscoveryTests {
    let logger = Logger(label: "test")

    func withServer(_ body: (TemporaryDirectory, Int, HTTPClient) async throws -> Void) async throws {
        guard let python = PeerProcess.which("python3") else {
            Issue.record("python3 not found")
            return
        }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let port = try PeerProcess.freeTCPPort()
        let server = try await PeerProcess.start(
            executable: python, arguments: ["-m", "http.server", "--bind", "127.0.0.1", "--directory", dir.path, "\(port)"],
            readiness: .tcpPort(port: port))
        defer { server.stop() }
        let client = try HTTPClient(logger: logger)
        defer { client.shutdown() }
        try await body(dir, port, client)
    }

    @Test func fetchesGroupsWithURLLabel() async throws {
        try await withServer { dir, port, client in
            try #"[{"targets": ["a:1", "b:2"], "labels": {"team": "x"}}, {"targets": ["c:3"]}]"#
                .write(toFile: dir.file("sd.json"), atomically: true, encoding: .utf8)
            let url = "http://127.0.0.1:\(port)/sd.json"
            let d = HTTPDiscovery(config: HTTPSDConfig(url: url), client: client, logger: logger)
            let groups = try await d.fetch()
            #expect(groups.map(\.source) == ["\(url):0", "\(url):1"])
            #expect(groups[0].targets.map { $0.get(LabelName.address) } == ["a:1", "b:2"])
            #expect(groups[0].labels == Labels(["team": "x", "__meta_url": url]))
        }
    }

    @Test(arguments: [("missing.json", "404"), ("sd.txt", "content type")])
    func rejectsBadResponses(path: String, expected: String) async throws {
        try await withServer { dir, port, client in
            try #"[{"targets": ["a:1"]}]"#.write(toFile: dir.file("sd.txt"), atomically: true, encoding: .utf8)
            let d = HTTPDiscovery(config: HTTPSDConfig(url: "http://127.0.0.1:\(port)/\(path)"), client: client, logger: logger)
            do {
                _ = try await d.fetch()
                Issue.record("fetch of \(path) succeeded")
            } catch {
                #expect("\(error)".contains(expected))
            }
        }
    }

    /// The running provider follows the endpoint, keeps its targets while the endpoint fails, and drops
    /// groups the endpoint no longer lists.
    @Test func refreshFollowsEndpointAndKeepsTargetsOnError() async throws {
        try await withServer { dir, port, client in
            let file = dir.file("sd.json")
            try #"[{"targets": ["a:1"]}, {"targets": ["b:1"]}]"#.write(toFile: file, atomically: true, encoding: .utf8)
            var config = HTTPSDConfig(url: "http://127.0.0.1:\(port)/sd.json")
            config.refreshInterval = PromDuration(milliseconds: 100)
            let d = HTTPDiscovery(config: config, client: client, logger: logger)
            let view = GroupView()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await d.run { view.apply($0) } }
                let first = try await TestHTTP.eventually(timeout: .seconds(10), every: .milliseconds(20)) {
                    view.addresses == ["a:1", "b:1"] ? true : nil
                }
                #expect(first == true)
                // The endpoint fails (404) for several refreshes: the targets stay.
                try FileManager.default.removeItem(atPath: file)
                let before = view.updates
                try await Task.sleep(for: .milliseconds(500))
                #expect(view.updates == before)
                #expect(view.addresses == ["a:1", "b:1"])
                try #"[{"targets": ["c:1"]}]"#.write(toFile: file, atomically: true, encoding: .utf8)
                let second = try await TestHTTP.eventually(timeout: .seconds(10), every: .milliseconds(20)) {
                    view.addresses == ["c:1"] ? true : nil
                }
                #expect(second == true)
                group.cancelAll()
            }
        }
    }
}
