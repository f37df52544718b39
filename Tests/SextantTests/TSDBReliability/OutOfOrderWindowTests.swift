import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// `storage.tsdb.out_of_order_time_window` from the config file: a target exposing samples with their own,
/// decreasing timestamps; late ones within the window are stored, older ones refused and counted, a reload to
/// 0 refuses them all again, and a restart keeps what was accepted.
@Suite(.serialized)
struct OutOfOrderWindowTests {
    static let python = "/usr/bin/python3"

    static func metric(_ body: String, _ name: String) -> Double {
        body.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ")[1]) } ?? 0
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: python), "needs python3 to serve a static target"))
    func lateSamplesWithinTheConfiguredWindowAreKept() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let www = dir.file("www")
        try FileManager.default.createDirectory(atPath: www, withIntermediateDirectories: true)
        func expose(_ v: Int, at t: Int64) throws {
            try "# TYPE late_metric gauge\nlate_metric \(v) \(t)\n".write(toFile: www + "/metrics", atomically: true, encoding: .utf8)
        }
        let t0 = Int64(Date().timeIntervalSince1970 * 1000)
        try expose(1, at: t0)
        let targetPort = try PeerProcess.freeTCPPort()
        let target = try await PeerProcess.start(
            executable: Self.python,
            arguments: ["-m", "http.server", "\(targetPort)", "--bind", "127.0.0.1", "--directory", www],
            readiness: .tcpPort(port: targetPort))
        defer { target.stop() }
        let job = """
              - job_name: late
                static_configs: [{targets: ["127.0.0.1:\(targetPort)"]}]
            storage:
              tsdb:
                out_of_order_time_window: 30m
            """
        let s = try await SelfScrapingServer.start(dir: dir, extraArguments: ["--web.enable-lifecycle"], configExtra: job)
        defer { s.server.stop() }
        let base = s.server.baseURL
        let time = queryTimeAhead()
        func stored() async throws -> [Double] {
            try await StoredSamples.read(base, selector: "late_metric", range: "2h", time: time).map(\.t).sorted()
        }
        let first = try await TestHTTP.eventually { let t = try await stored(); return t.isEmpty ? nil : t }
        #expect(first == [Double(t0) / 1000], "\(s.output)")

        // 5 minutes late: within the window.
        try expose(2, at: t0 - 300_000)
        let late = try await TestHTTP.eventually { let t = try await stored(); return t.count == 2 ? t : nil }
        #expect(late == [Double(t0 - 300_000) / 1000, Double(t0) / 1000])

        // An hour late: beyond it, refused as too old and counted.
        try expose(3, at: t0 - 3_600_000)
        let tooOld = try await TestHTTP.eventually {
            let m = try await TestHTTP.get("\(base)/metrics").body
            return Self.metric(m, "prometheus_tsdb_too_old_samples_total") > 0 ? m : nil
        }
        #expect(tooOld != nil)
        #expect(try await stored().count == 2)

        // Reloaded with no window: late samples are out of order again.
        let config = try String(contentsOfFile: s.config, encoding: .utf8)
        try config.replacingOccurrences(of: "30m", with: "0s").write(toFile: s.config, atomically: true, encoding: .utf8)
        #expect(try await TestHTTP.post("\(base)/-/reload").status == 200)
        try expose(4, at: t0 - 120_000)
        let refused = try await TestHTTP.eventually {
            let m = try await TestHTTP.get("\(base)/metrics").body
            return Self.metric(m, "prometheus_tsdb_out_of_order_samples_total") > 0 ? m : nil
        }
        #expect(refused != nil)
        #expect(try await stored().count == 2)

        // What was accepted survives a crash (replayed from the WAL as late samples).
        s.kill9()
        let again = try await s.restarted()
        defer { again.server.stop() }
        let after = try await StoredSamples.read(again.server.baseURL, selector: "late_metric", range: "2h", time: time)
        #expect(after.map(\.t).sorted() == [Double(t0 - 300_000) / 1000, Double(t0) / 1000])
    }
}
