import Foundation
import Testing
import TestSupport

/// The first slice end to end, as a user runs it: a real `sextant server` process scrapes a real
/// `prometheus-node-exporter` over loopback, stores the samples and answers `/api/v1` queries about them.
@Suite(.serialized)
struct ServerEndToEndTests {
    static let nodeExporter = "/usr/bin/prometheus-node-exporter"

    func writeConfig(_ dir: TemporaryDirectory, _ yaml: String) throws -> String {
        let path = dir.file("prometheus.yml")
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func query(_ server: SextantServer, _ q: String) async throws -> [[String: Any]] {
        let r = try await TestHTTP.get("\(server.baseURL)/api/v1/query?query=\(TestHTTP.escape(q))")
        #expect(r.status == 200, "\(r.body)")
        let data = try #require(r.json()["data"] as? [String: Any])
        return data["result"] as? [[String: Any]] ?? []
    }

    @Test func scrapesNodeExporterAndAnswersQueries() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.nodeExporter), "install prometheus-node-exporter (scripts/bootstrap)")
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let exporterPort = try PeerProcess.freeTCPPort()
        let exporter = try await PeerProcess.start(
            executable: Self.nodeExporter,
            arguments: ["--web.listen-address=127.0.0.1:\(exporterPort)", "--collector.disable-defaults", "--collector.cpu", "--collector.loadavg", "--collector.meminfo"],
            readiness: .tcpPort(port: exporterPort))
        defer { exporter.stop() }

        let config = try writeConfig(dir, """
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: node
                static_configs:
                  - targets: ["127.0.0.1:\(exporterPort)"]
                    labels: {env: test}
            """)
        let server = try await SextantServer.start(configFile: config, dataDirectory: dir.file("data"))
        defer { server.stop() }

        let cpu = try await TestHTTP.eventually {
            let r = try await query(server, "node_cpu_seconds_total")
            return r.isEmpty ? nil : r
        }
        let series = try #require(cpu, "no node_cpu_seconds_total after 30 s:\n\(server.process.output)")
        let metric = try #require(series.first?["metric"] as? [String: String])
        #expect(metric["__name__"] == "node_cpu_seconds_total")
        #expect(metric["job"] == "node")
        #expect(metric["instance"] == "127.0.0.1:\(exporterPort)")
        #expect(metric["env"] == "test")
        #expect(metric["cpu"] != nil)
        #expect(metric["mode"] != nil)
        // One series per cpu and mode, as node_exporter exposes them.
        let modes = Set(series.compactMap { ($0["metric"] as? [String: String])?["mode"] })
        #expect(modes.isSuperset(of: ["idle", "system", "user"]))

        let up = try await query(server, #"up{job="node"}"#)
        let upValue = try #require(up.first?["value"] as? [Any])
        #expect(upValue.last as? String == "1")
        let samples = try await query(server, #"scrape_samples_scraped{job="node"}"#)
        let scraped = Double(try #require((samples.first?["value"] as? [Any])?.last as? String)) ?? 0
        #expect(scraped > 10)

        // Metadata endpoints see the same series.
        let labels = try await TestHTTP.get("\(server.baseURL)/api/v1/labels")
        let names = try #require(try labels.json()["data"] as? [String])
        #expect(names.contains("cpu") && names.contains("mode") && names.contains("__name__"))
        let jobs = try await TestHTTP.get("\(server.baseURL)/api/v1/label/job/values")
        #expect(try jobs.json()["data"] as? [String] == ["node"])
        let seriesResponse = try await TestHTTP.get(
            "\(server.baseURL)/api/v1/series?match%5B%5D=\(TestHTTP.escape(#"node_load1{job="node"}"#))")
        let found = try #require(try seriesResponse.json()["data"] as? [[String: String]], "\(seriesResponse.body)")
        #expect(found.count == 1)
        #expect(found.first?["instance"] == "127.0.0.1:\(exporterPort)")

        // POST form queries, as Grafana sends them.
        let post = try await TestHTTP.post("\(server.baseURL)/api/v1/query", form: ["query": "count(node_cpu_seconds_total) > 0"])
        #expect(post.status == 200)

        // The targets API reports the target healthy.
        let targets = try await TestHTTP.get("\(server.baseURL)/api/v1/targets")
        let active = try #require((try targets.json()["data"] as? [String: Any])?["activeTargets"] as? [[String: Any]])
        #expect(active.count == 1)
        #expect(active.first?["health"] as? String == "up")
        #expect(active.first?["scrapeUrl"] as? String == "http://127.0.0.1:\(exporterPort)/metrics")
    }

    @Test func badQueriesGetPrometheusErrorJSON() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let server = try await SextantServer.start(configFile: nil, dataDirectory: dir.file("data"))
        defer { server.stop() }
        let r = try await TestHTTP.get("\(server.baseURL)/api/v1/query?query=\(TestHTTP.escape("rate(up)"))")
        #expect(r.status == 400)
        let body = try r.json()
        #expect(body["status"] as? String == "error")
        #expect(body["errorType"] as? String == "bad_data")
        #expect(body["error"] as? String == #"1:6: parse error: expected type range vector in call to function "rate", got instant vector"#)
        let range = try await TestHTTP.get("\(server.baseURL)/api/v1/query_range?query=up&start=10&end=0&step=1")
        #expect(range.status == 400)
        let ready = try await TestHTTP.get("\(server.baseURL)/-/ready")
        #expect(ready.status == 200)
        let healthy = try await TestHTTP.get("\(server.baseURL)/-/healthy")
        #expect(healthy.status == 200)
    }

    @Test func defaultConfigScrapesItself() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        // The embedded default config scrapes localhost:9090, so this server must own that port.
        let port = 9090
        try #require(isTCPPortFree(port), "port 9090 is in use; the default-config test needs it")
        let server = try await SextantServer.start(configFile: nil, dataDirectory: dir.file("data"), port: port)
        defer { server.stop() }
        let up = try await TestHTTP.eventually(timeout: .seconds(40)) {
            let r = try await query(server, "up")
            return r.isEmpty ? nil : r
        }
        let first = try #require(up?.first?["metric"] as? [String: String], "\(server.process.output)")
        #expect(first == ["__name__": "up", "instance": "localhost:9090", "job": "sextant"])
        let metrics = try await TestHTTP.get("\(server.baseURL)/metrics")
        #expect(metrics.body.contains("prometheus_tsdb_head_series "))
        #expect(metrics.body.contains("sextant_config_last_reload_successful 1"))
    }

    @Test func badReloadKeepsTheRunningConfig() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let config = try writeConfig(dir, """
            global: {scrape_interval: 1s}
            scrape_configs:
              - job_name: self
                static_configs: [{targets: ["127.0.0.1:1"]}]
            """)
        let server = try await SextantServer.start(
            configFile: config, dataDirectory: dir.file("data"), extraArguments: ["--web.enable-lifecycle"])
        defer { server.stop() }
        try "scrape_configs:\n  - job_name: x\n    scrape_intervall: 5s\n".write(toFile: config, atomically: true, encoding: .utf8)
        let reload = try await TestHTTP.post("\(server.baseURL)/-/reload")
        #expect(reload.status == 500)
        #expect(reload.body.contains("scrape_intervall"))
        #expect(reload.body.contains("prometheus.yml:3"))
        let pools = try await TestHTTP.get("\(server.baseURL)/api/v1/scrape_pools")
        #expect(pools.body.contains(#""self""#))
        let metrics = try await TestHTTP.get("\(server.baseURL)/metrics")
        #expect(metrics.body.contains("sextant_config_last_reload_successful 0"))
        // The unreachable target is down with the reason.
        let down = try await TestHTTP.eventually {
            let t = try await TestHTTP.get("\(server.baseURL)/api/v1/targets")
            return t.body.contains(#""health":"down""#) ? t.body : nil
        }
        #expect(try #require(down).contains("Connection refused"))
    }
}
