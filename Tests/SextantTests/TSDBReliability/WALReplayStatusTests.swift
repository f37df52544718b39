import Foundation
import Logging
import PromModel
import Storage
import TSDB
import Testing
import TestSupport

/// While the WAL replays, the web port already answers as Prometheus's does: `/-/healthy` 200, `/-/ready` and
/// the query API 503, and `/api/v1/status/walreplay` with the replay's progress; afterwards everything is served.
@Suite(.serialized)
struct WALReplayStatusTests {
    /// Writes a WAL large enough that replaying it takes a while (several million samples), through the storage
    /// engine itself, and closes it without cutting a block. The head chunk files are removed so that the whole
    /// WAL is replayed (a restart otherwise reuses them and skips most samples). Runs on a thread of its own: the
    /// minutes of a debug-build append loop must not hold a thread of the shared test pool.
    static func writeWAL(_ directory: String) async throws {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
            Thread.detachNewThread { c.resume(with: Result { try writeWALBlocking(directory) }) }
        }
    }

    static func writeWALBlocking(_ directory: String) throws {
        let tsdb = try TSDB(directory: directory, options: TSDBOptions(), logger: Logger(label: "test"))
        let series = 20_000
        let labels = (0..<series).map { Labels([("__name__", "replay_test"), ("i", String($0))]) }
        var refs = [SeriesRef](repeating: .unknown, count: series)
        let start = Int64(Date().timeIntervalSince1970 * 1000) - 40 * 60_000
        for step in 0..<240 {
            let app = tsdb.appender()
            for i in 0..<series {
                refs[i] = try app.append(refs[i], labels[i], t: start + Int64(step) * 10_000, v: Double(step * i))
            }
            try app.commit()
        }
        try tsdb.close()
        try FileManager.default.removeItem(atPath: directory + "/chunks_head")
    }

    @Test func progressIsServedWhileReplaying() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let data = dir.file("data")
        try await Self.writeWAL(data)

        let port = try PeerProcess.freeTCPPort()
        let server = try await PeerProcess.start(
            executable: try #require(SextantServer.binaryPath),
            arguments: ["server", "--web.listen-address=127.0.0.1:\(port)", "--storage.tsdb.path=\(data)"],
            readiness: .tcpPort(port: port), timeout: .seconds(60))
        defer { server.stop() }
        let base = "http://127.0.0.1:\(port)"

        // Seen at least once before the server is ready: a 503 from /-/ready and from a query, a 200 from
        // /-/healthy, and the replay's segment range.
        let duringReplay = try await TestHTTP.eventually(timeout: .seconds(60), every: .milliseconds(20)) {
            () async throws -> [String: Int]? in
            let status = try await TestHTTP.get("\(base)/api/v1/status/walreplay")
            let ready = try await TestHTTP.get("\(base)/-/ready")
            guard ready.status == 503 else { return nil }
            #expect(try await TestHTTP.get("\(base)/api/v1/query?query=up").status == 503)
            #expect(try await TestHTTP.get("\(base)/-/healthy").status == 200)
            #expect(status.status == 200, "\(status.body)")
            return try status.json()["data"] as? [String: Int]
        }
        let progress = try #require(duringReplay, "never saw the server before it was ready:\n\(server.output)")
        #expect(Set(progress.keys) == ["min", "max", "current"])
        #expect(progress["max"]! >= progress["min"]!)

        try await SextantServer.waitUntilReady(port: port)
        let done = try await TestHTTP.get("\(base)/api/v1/status/walreplay").json()["data"] as? [String: Int]
        #expect(done?["current"] == done?["max"])
        let count = try await TestHTTP.get("\(base)/api/v1/query?query=count(count_over_time(replay_test[1h]))")
        #expect(count.body.contains("\"20000\""), "\(count.body)")
    }
}
