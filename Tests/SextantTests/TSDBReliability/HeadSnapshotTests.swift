import Foundation
import Testing
import TestSupport

/// `--enable-feature=memory-snapshot-on-shutdown`: a graceful stop writes the head, the next start loads it and
/// replays only the WAL after it; a crash after that still loses nothing.
@Suite(.serialized)
struct HeadSnapshotTests {
    static let feature = ["--enable-feature=memory-snapshot-on-shutdown"]

    @Test func gracefulStopAndRestartReplayFromTheSnapshot() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let first = try await SelfScrapingServer.start(dir: dir, extraArguments: Self.feature)
        defer { first.server.stop() }
        let time = queryTimeAhead()
        // More than 120 scrapes, so that series have closed chunks as well as open ones.
        _ = try #require(try await StoredSamples.waitForUp(first.server.baseURL, count: 130, time: time))
        let acknowledged = try await StoredSamples.read(first.server.baseURL, selector: #"{job="self"}"#, time: time)
        first.server.stop()
        #expect(first.output.contains("head snapshot written"), "\(first.output)")
        #expect(listFiles(first.dataDirectory).contains { $0.hasPrefix("chunk_snapshot.") && !$0.contains("/") })

        let second = try await first.restarted(extraArguments: Self.feature)
        defer { second.server.stop() }
        let log = second.output
        #expect(log.contains("head snapshot loaded"), "\(log)")
        let replay = try #require(log.split(separator: "\n").first { $0.contains("WAL replay completed") })
        #expect(replay.contains("records=0"), "everything came from the snapshot: \(replay)")
        let after = try await StoredSamples.read(second.server.baseURL, selector: #"{job="self"}"#, time: time)
        let lost = acknowledged.subtracting(after)
        #expect(acknowledged.count > 1000)
        #expect(lost.count == 0, "\(lost.count) of \(acknowledged.count) samples lost, e.g. \(lost.prefix(3))")

        let status = try await TestHTTP.get("\(second.server.baseURL)/api/v1/status/walreplay")
        let data = try #require(try status.json()["data"] as? [String: Int], "\(status.body)")
        #expect(Set(data.keys) == ["min", "max", "current"])
        #expect(data["current"] == data["max"])

        // Killed now, the next start loads the same snapshot and replays the WAL written since.
        _ = try #require(
            try await StoredSamples.waitForUp(
                second.server.baseURL, count: after.filter { $0.series.contains("__name__=up") }.count + 10, time: time))
        let acknowledged2 = try await StoredSamples.read(second.server.baseURL, selector: #"{job="self"}"#, time: time)
        second.kill9()
        let third = try await second.restarted(extraArguments: Self.feature)
        defer { third.server.stop() }
        #expect(third.output.contains("head snapshot loaded"))
        let after3 = try await StoredSamples.read(third.server.baseURL, selector: #"{job="self"}"#, time: time)
        let lost3 = acknowledged2.subtracting(after3)
        #expect(lost3.count == 0, "\(lost3.count) of \(acknowledged2.count) samples lost after snapshot + WAL tail")
    }
}
