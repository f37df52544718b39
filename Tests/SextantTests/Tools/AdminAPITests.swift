import Foundation
import Testing
import TestSupport

/// Status, format/parse and admin endpoints of a real server scraping itself.
@Suite(.serialized)
struct AdminAPITests {
    func start(_ dir: TemporaryDirectory, admin: Bool) async throws -> SextantServer {
        let port = try PeerProcess.freeTCPPort()
        let config = dir.file("prometheus.yml")
        try """
            global: {scrape_interval: 1s, scrape_timeout: 1s}
            scrape_configs:
              - job_name: self
                static_configs: [{targets: ["127.0.0.1:\(port)"]}]
            """.write(toFile: config, atomically: true, encoding: .utf8)
        return try await SextantServer.start(
            configFile: config, dataDirectory: dir.file("data"), port: port,
            extraArguments: admin ? ["--web.enable-admin-api"] : [])
    }

    func upCount(_ s: SextantServer) async throws -> Int {
        let r = try await TestHTTP.get("\(s.baseURL)/api/v1/query?query=up")
        let data = try #require(r.json()["data"] as? [String: Any])
        return (data["result"] as? [[String: Any]])?.count ?? 0
    }

    @Test func adminEndpointsWorkWhenEnabled() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let s = try await start(dir, admin: true)
        defer { s.stop() }
        _ = try await TestHTTP.eventually { try await upCount(s) > 0 ? true : nil }

        let status = try await TestHTTP.get("\(s.baseURL)/api/v1/status/tsdb?limit=3")
        #expect(status.status == 200, "\(status.body)")
        let data = try #require(status.json()["data"] as? [String: Any])
        let head = try #require(data["headStats"] as? [String: Any])
        #expect((head["numSeries"] as? Int ?? 0) > 0)
        let byName = try #require(data["seriesCountByMetricName"] as? [[String: Any]])
        #expect(byName.count == 3)
        #expect(data["labelValueCountByLabelName"] is [[String: Any]])
        #expect(data["memoryInBytesByLabelName"] is [[String: Any]])
        #expect(data["seriesCountByLabelValuePair"] is [[String: Any]])

        let snap = try await TestHTTP.post("\(s.baseURL)/api/v1/admin/tsdb/snapshot")
        #expect(snap.status == 200, "\(snap.body)")
        let name = try #require((snap.json()["data"] as? [String: Any])?["name"] as? String)
        var isDir: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: dir.file("data/snapshots/\(name)"), isDirectory: &isDir) && isDir.boolValue)
        #expect(try !FileManager.default.contentsOfDirectory(atPath: dir.file("data/snapshots/\(name)")).isEmpty)

        let del = try await TestHTTP.post("\(s.baseURL)/api/v1/admin/tsdb/delete_series", form: ["match[]": "up"])
        #expect(del.status == 204, "\(del.body)")
        let clean = try await TestHTTP.post("\(s.baseURL)/api/v1/admin/tsdb/clean_tombstones")
        #expect(clean.status == 204)
        let noMatch = try await TestHTTP.post("\(s.baseURL)/api/v1/admin/tsdb/delete_series")
        #expect(noMatch.status == 400)
        #expect(noMatch.body.contains("no match[] parameter provided"))
    }

    @Test func adminEndpointsAreUnavailableWhenDisabled() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let s = try await start(dir, admin: false)
        defer { s.stop() }
        for path in ["delete_series?match[]=up", "clean_tombstones", "snapshot"] {
            let r = try await TestHTTP.post("\(s.baseURL)/api/v1/admin/tsdb/\(path)")
            #expect(r.status == 503, "\(path): \(r.body)")
            #expect(try r.json()["errorType"] as? String == "unavailable")
            #expect(try r.json()["error"] as? String == "admin APIs disabled")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.file("data/snapshots")))
    }

    @Test func formatParseFlagsAndRuntimeInfo() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let s = try await start(dir, admin: false)
        defer { s.stop() }
        let f = try await TestHTTP.get("\(s.baseURL)/api/v1/format_query?query=\(TestHTTP.escape("sum by(job)(up)"))")
        #expect(f.body == #"{"status":"success","data":"sum by (job) (up)"}"#)
        let bad = try await TestHTTP.get("\(s.baseURL)/api/v1/format_query?query=\(TestHTTP.escape("sum(("))")
        #expect(bad.status == 400)

        let p = try await TestHTTP.post("\(s.baseURL)/api/v1/parse_query", form: ["query": "up{job=\"a\"} offset 5m"])
        #expect(p.body == """
            {"status":"success","data":{"matchers":[{"name":"job","type":"=","value":"a"},\
            {"name":"__name__","type":"=","value":"up"}],"name":"up","offset":300000,\
            "startOrEnd":null,"timestamp":null,"type":"vectorSelector"}}
            """, "\(p.body)")

        let flags = try await TestHTTP.get("\(s.baseURL)/api/v1/status/flags")
        let fd = try #require(flags.json()["data"] as? [String: String])
        #expect(fd["storage.tsdb.path"] == dir.file("data"))
        #expect(fd["web.enable-admin-api"] == "false")

        let rt = try await TestHTTP.get("\(s.baseURL)/api/v1/status/runtimeinfo")
        let rd = try #require(rt.json()["data"] as? [String: Any])
        #expect(rd["reloadConfigSuccess"] as? Bool == true)
        #expect(rd["storageRetention"] as? String == "15d")
        #expect(rd["startTime"] is String)
    }
}

/// delete_series on data that no scrape rewrites: blocks imported with `sextant tsdb import` before start.
struct DeleteSeriesTests {
    @Test func deletedSamplesAreGoneFromQueries() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let input = dir.file("in.om")
        try """
            temp{room="a"} 21.5 60
            temp{room="b"} 19 60
            # EOF

            """.write(toFile: input, atomically: true, encoding: .utf8)
        let imported = try SextantCLI.run(["tsdb", "import", "openmetrics", input, dir.file("data")])
        #expect(imported.status == 0, "\(imported.stderr)")
        let config = dir.file("prometheus.yml")
        try "global: {scrape_interval: 1m}\n".write(toFile: config, atomically: true, encoding: .utf8)
        let s = try await SextantServer.start(
            configFile: config, dataDirectory: dir.file("data"),
            extraArguments: ["--web.enable-admin-api", "--storage.tsdb.retention.time=100y"])
        defer { s.stop() }
        func rooms() async throws -> [String] {
            let r = try await TestHTTP.get("\(s.baseURL)/api/v1/query?query=temp&time=90")
            let data = try #require(r.json()["data"] as? [String: Any])
            let result = data["result"] as? [[String: Any]] ?? []
            return result.compactMap { ($0["metric"] as? [String: String])?["room"] }.sorted()
        }
        #expect(try await rooms() == ["a", "b"])
        let del = try await TestHTTP.post(
            "\(s.baseURL)/api/v1/admin/tsdb/delete_series", form: ["match[]": #"temp{room="a"}"#, "start": "0", "end": "100"])
        #expect(del.status == 204, "\(del.body)")
        #expect(try await rooms() == ["b"])
    }
}
