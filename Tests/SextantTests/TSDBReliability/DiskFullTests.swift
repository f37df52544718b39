import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A data directory on a tiny tmpfs that runs full: commits fail with a clear error, the scrape says so, the
/// failure counter moves, queries keep working, and once space is freed ingestion resumes with a WAL that
/// replays whole.
@Suite(.serialized)
struct DiskFullTests {
    static func metric(_ body: String, _ name: String) -> Double? {
        body.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ")[1]) }
    }

    @Test(.enabled(if: Tmpfs.available, "mounting a tmpfs needs root; skipped"))
    func fullDiskRefusesAppendsKeepsQueriesAndRecovers() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let fs = try Tmpfs(path: dir.file("tmpfs"), size: "8m")
        // Registered before the server's own stop, so it runs after it: the mount is busy while the server runs.
        defer { fs.unmount() }
        let mnt = fs.path

        let s = try await SelfScrapingServer.start(dir: dir, dataDirectory: mnt + "/data")
        defer { s.server.stop() }
        let base = s.server.baseURL
        let time = queryTimeAhead()
        _ = try #require(try await StoredSamples.waitForUp(base, count: 5, time: time), "\(s.output)")

        let filler = mnt + "/filler"
        #expect(Tmpfs.fill(filler) > 0)
        let error = try await TestHTTP.eventually {
            let t = try await TestHTTP.get("\(base)/api/v1/targets")
            return t.body.contains("No space left on device") ? t.body : nil
        }
        #expect(error != nil, "the scrape never reported the full disk:\n\(s.output)")
        let metrics = try await TestHTTP.get("\(base)/metrics")
        #expect((Self.metric(metrics.body, "prometheus_tsdb_wal_writes_failed_total") ?? 0) > 0, "\(metrics.body)")
        // Queries are served from memory as before.
        let during = try await StoredSamples.read(base, selector: #"{job="self"}"#, time: time)
        #expect(!during.isEmpty)

        try FileManager.default.removeItem(atPath: filler)
        let freedAt = Date().timeIntervalSince1970
        let resumed = try await TestHTTP.eventually {
            let up = try await StoredSamples.read(base, selector: #"up{job="self"}"#, time: time)
            return up.filter { $0.t > freedAt + 0.5 && $0.value == "1" }.count >= 5 ? up : nil
        }
        #expect(resumed != nil, "ingestion did not resume after space was freed:\n\(s.output)")

        // The WAL holds exactly what was acknowledged, failed batches cut off: a restart replays all of it.
        let acknowledged = try await StoredSamples.read(base, selector: #"{job="self"}"#, time: time)
        s.kill9()
        let again = try await s.restarted()
        defer { again.server.stop() }
        let after = try await StoredSamples.read(again.server.baseURL, selector: #"{job="self"}"#, time: time)
        let lost = acknowledged.subtracting(after)
        #expect(lost.count == 0, "\(lost.count) of \(acknowledged.count) samples lost, e.g. \(lost.prefix(3))")
        let corruption = again.output.split(separator: "\n").filter { $0.contains("WAL corruption") || $0.contains("error") }
        #expect(corruption.isEmpty, "\(corruption)")
        again.server.stop()
    }
}
