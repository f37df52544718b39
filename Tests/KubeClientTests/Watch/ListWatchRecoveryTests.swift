import Foundation
import HTTPClient
import KubeClient
import Logging
import TestSupport
import Testing

/// ListWatch's recovery paths (transient list failure → backoff and retry; watch expired with 410 → relist)
/// against a scripted API endpoint on loopback, because a fresh control plane cannot be made to expire a
/// watch on demand. The script is `Fixtures/scripted_apiserver.py`; python3 is a test dependency.
@Suite(.enabled(if: PeerProcess.which("python3") != nil, "needs python3 for the scripted API endpoint"))
struct ListWatchRecoveryTests {
    static let script = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/scripted_apiserver.py").path

    @Test func retriesAFailedListAndRelistsAfter410() async throws {
        let server = try await PeerProcess.start(
            executable: PeerProcess.which("python3")!, arguments: [Self.script],
            readiness: .outputLine(containing: "listening"))
        defer { server.stop() }
        let port = try #require(server.readyLine?.split(separator: " ").last.map(String.init))
        let http = try HTTPClient(logger: Logger(label: "lw-test"))
        defer { http.shutdown() }
        let client = KubeClient(
            config: KubeClientConfig(server: "http://127.0.0.1:\(port)", namespace: "x"), http: http,
            logger: Logger(label: "lw-test"))

        let lw = ListWatch(
            client: client, ConfigMap.self, in: ConfigMap.apiResource, namespace: "x",
            backoff: Backoff(initial: .milliseconds(50), maximum: .milliseconds(200)))
        var it = lw.makeAsyncIterator()
        guard case .synced(let first, let rv1) = await it.next() else {
            Issue.record("expected a list after the failed one")
            return
        }
        #expect(first.map(\.metadata.name) == ["a"])
        #expect(rv1 == "10")
        guard case .synced(let second, let rv2) = await it.next() else {
            Issue.record("expected a relist after the 410")
            return
        }
        #expect(second.map(\.metadata.name) == ["b"])
        #expect(rv2 == "20")
        guard case .added(let added) = await it.next() else {
            Issue.record("expected the watch from the relist's version")
            return
        }
        #expect(added.metadata.name == "c")

        let requests = server.output.split(separator: "\n").filter { $0.hasPrefix("REQ ") }
        #expect(requests.count == 5, "\(requests)")
        #expect(requests.filter { $0.contains("watch=true") && $0.contains("resourceVersion=10") }.count == 1)
        #expect(requests.filter { $0.contains("watch=true") }.allSatisfy { $0.contains("allowWatchBookmarks=true") })
    }
}
