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
    /// Mounting needs root (CAP_SYS_ADMIN); elsewhere the test is skipped with this reason.
    static let mountable: Bool = {
        guard let dir = try? TemporaryDirectory(prefix: "sextant-tmpfs-probe") else { return false }
        defer { dir.remove() }
        guard run("/bin/mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", dir.path]) == 0 else { return false }
        _ = run("/bin/umount", [dir.path])
        return true
    }()

    @discardableResult
    static func run(_ tool: String, _ args: [String]) -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return -1 }
        p.waitUntilExit()
        return p.terminationStatus
    }

    /// Writes zeros into `path` until the file system refuses; returns the bytes written.
    static func fill(_ path: String) -> Int {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        let block = [UInt8](repeating: 0, count: 64 * 1024)
        var total = 0
        while true {
            let n = block.withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) }
            if n <= 0 { break }
            total += n
        }
        // The last page of a partly filled tmpfs page may still take a few bytes: take them too.
        var one: UInt8 = 0
        while write(fd, &one, 1) == 1 { total += 1 }
        return total
    }

    static func metric(_ body: String, _ name: String) -> Double? {
        body.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ")[1]) }
    }

    @Test(.enabled(if: mountable, "mounting a tmpfs needs root; skipped")) 
    func fullDiskRefusesAppendsKeepsQueriesAndRecovers() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let mnt = dir.file("tmpfs")
        try FileManager.default.createDirectory(atPath: mnt, withIntermediateDirectories: true)
        try #require(Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=8m", "tmpfs", mnt]) == 0, "mount failed")
        // Registered before the server's own stop, so it runs after it: the mount is busy while the server runs.
        defer { if Self.run("/bin/umount", [mnt]) != 0 { Self.run("/bin/umount", ["-l", mnt]) } }

        let s = try await SelfScrapingServer.start(dir: dir, dataDirectory: mnt + "/data")
        defer { s.server.stop() }
        let base = s.server.baseURL
        let time = queryTimeAhead()
        _ = try #require(try await StoredSamples.waitForUp(base, count: 5, time: time), "\(s.output)")

        let filler = mnt + "/filler"
        #expect(Self.fill(filler) > 0)
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
