import Foundation
import Testing
import TestSupport

/// `/api/v1/targets/metadata` and `/api/v1/metadata` through the real `sextant server`, whose two jobs scrape a
/// real `prometheus-node-exporter` over loopback: metadata comes from the exporter's HELP/TYPE lines.
@Suite(.serialized)
struct MetadataAPIEndToEndTests {
    static let nodeExporter = "/usr/bin/prometheus-node-exporter"
    static let loadHelp = "1m load average."

    func data(_ server: SextantServer, _ path: String) async throws -> Any? {
        let r = try await TestHTTP.get("\(server.baseURL)\(path)")
        #expect(r.status == 200, "\(path): \(r.body)")
        let json = try r.json()
        #expect(json["status"] as? String == "success")
        return json["data"]
    }

    @Test func metadataEndpointsAnswerInPrometheusShape() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.nodeExporter), "install prometheus-node-exporter (scripts/bootstrap)")
        let port = try PeerProcess.freeTCPPort()
        let exporter = try await PeerProcess.start(
            executable: Self.nodeExporter,
            arguments: ["--web.listen-address=127.0.0.1:\(port)", "--collector.disable-defaults", "--collector.loadavg"],
            readiness: .tcpPort(port: port))
        defer { exporter.stop() }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let config = dir.file("prometheus.yml")
        try """
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: a
                static_configs: [{targets: ["127.0.0.1:\(port)"]}]
              - job_name: b
                static_configs: [{targets: ["127.0.0.1:\(port)"], labels: {team: x}}]
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let server = try await SextantServer.start(configFile: config, dataDirectory: dir.file("data"))
        defer { server.stop() }

        // Both targets scraped at least once.
        let ready = try await TestHTTP.eventually { () async throws -> Bool? in
            let d = try await data(server, "/api/v1/targets/metadata?metric=node_load1") as? [Any]
            return d?.count == 2 ? true : nil
        }
        try #require(ready == true, "metadata never appeared:\n\(server.process.output)")

        // metric given: entries carry target, type, help, unit and no "metric" key.
        let byMetric = try #require(try await data(server, "/api/v1/targets/metadata?metric=node_load1") as? [[String: Any]])
        #expect(byMetric.count == 2)
        for e in byMetric {
            #expect(Set(e.keys) == ["target", "type", "help", "unit"])
            #expect(e["type"] as? String == "gauge")
            #expect(e["help"] as? String == Self.loadHelp)
            #expect(e["unit"] as? String == "")
        }
        let targets = byMetric.compactMap { $0["target"] as? [String: String] }
        #expect(targets.contains(["job": "a", "instance": "127.0.0.1:\(port)"]))
        #expect(targets.contains(["job": "b", "instance": "127.0.0.1:\(port)", "team": "x"]))

        // match_target selects targets by their labels; without metric every family is listed with "metric".
        let forB = try #require(
            try await data(server, "/api/v1/targets/metadata?match_target=\(TestHTTP.escape(#"{job="b"}"#))") as? [[String: Any]])
        #expect(!forB.isEmpty)
        #expect(forB.allSatisfy { ($0["target"] as? [String: String])?["job"] == "b" })
        #expect(forB.allSatisfy { Set($0.keys) == ["target", "metric", "type", "help", "unit"] })
        let metrics = forB.compactMap { $0["metric"] as? String }
        #expect(metrics.contains("node_load1") && metrics.contains("node_load5") && metrics.contains("up") == false)

        // limit caps the targets that contribute.
        let limited = try #require(try await data(server, "/api/v1/targets/metadata?metric=node_load1&limit=1") as? [Any])
        #expect(limited.count == 1)
        let none = try #require(try await data(server, "/api/v1/targets/metadata?metric=no_such_metric") as? [Any])
        #expect(none.isEmpty)

        // A bad selector is bad_data.
        let bad = try await TestHTTP.get("\(server.baseURL)/api/v1/targets/metadata?match_target=\(TestHTTP.escape("{job="))")
        #expect(bad.status == 400)
        #expect(try bad.json()["errorType"] as? String == "bad_data")
        let badLimit = try await TestHTTP.get("\(server.baseURL)/api/v1/targets/metadata?limit=x")
        #expect(badLimit.status == 400)

        // /api/v1/metadata: distinct metadata per metric across targets (two targets, one entry).
        let all = try #require(try await data(server, "/api/v1/metadata") as? [String: [[String: String]]])
        #expect(all["node_load1"] == [["type": "gauge", "help": Self.loadHelp, "unit": ""]])
        #expect(all.count >= 3)
        let two = try #require(try await data(server, "/api/v1/metadata?limit=2") as? [String: Any])
        #expect(two.count == 2)
        let one = try #require(try await data(server, "/api/v1/metadata?metric=node_load5") as? [String: [[String: String]]])
        #expect(Array(one.keys) == ["node_load5"])
        let perMetric = try #require(try await data(server, "/api/v1/metadata?limit_per_metric=1") as? [String: [Any]])
        #expect(perMetric.values.allSatisfy { $0.count == 1 })
    }
}
