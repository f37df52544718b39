import Foundation
import Testing
import TestSupport

/// Service discovery and config auto-reload through the real `sextant server`, scraping a real
/// `prometheus-node-exporter` over loopback.
@Suite(.serialized)
struct DiscoveryEndToEndTests {
    static let nodeExporter = "/usr/bin/prometheus-node-exporter"

    func startExporter() async throws -> (PeerProcess, Int) {
        try #require(FileManager.default.isExecutableFile(atPath: Self.nodeExporter), "install prometheus-node-exporter (scripts/bootstrap)")
        let port = try PeerProcess.freeTCPPort()
        let exporter = try await PeerProcess.start(
            executable: Self.nodeExporter,
            arguments: ["--web.listen-address=127.0.0.1:\(port)", "--collector.disable-defaults", "--collector.loadavg"],
            readiness: .tcpPort(port: port))
        return (exporter, port)
    }

    func query(_ server: SextantServer, _ q: String) async throws -> [[String: Any]] {
        let r = try await TestHTTP.get("\(server.baseURL)/api/v1/query?query=\(TestHTTP.escape(q))")
        #expect(r.status == 200, "\(r.body)")
        let data = try #require(r.json()["data"] as? [String: Any])
        return data["result"] as? [[String: Any]] ?? []
    }

    /// The active targets' label sets (`job`, `instance`, ...), from `/api/v1/targets`.
    func activeTargets(_ server: SextantServer) async throws -> [[String: Any]] {
        let r = try await TestHTTP.get("\(server.baseURL)/api/v1/targets")
        let data = try #require(r.json()["data"] as? [String: Any])
        return data["activeTargets"] as? [[String: Any]] ?? []
    }

    @Test func fileSDTargetIsScrapedAndRemovedWithStaleness() async throws {
        let (exporter, port) = try await startExporter()
        defer { exporter.stop() }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let sdFile = dir.file("targets.json")
        try #"[{"targets": ["127.0.0.1:\#(port)"], "labels": {"env": "sd"}}]"#
            .write(toFile: sdFile, atomically: true, encoding: .utf8)
        let config = dir.file("prometheus.yml")
        // A relative file_sd path: resolved against the config file's directory.
        try """
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: node
                file_sd_configs:
                  - files: ["*.json"]
                    refresh_interval: 1s
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let server = try await SextantServer.start(configFile: config, dataDirectory: dir.file("data"))
        defer { server.stop() }

        let scraped = try await TestHTTP.eventually {
            let r = try await query(server, #"node_load1{job="node"}"#)
            return r.isEmpty ? nil : r
        }
        let series = try #require(scraped, "node_load1 never scraped:\n\(server.process.output)")
        let metric = try #require(series.first?["metric"] as? [String: String])
        #expect(metric["instance"] == "127.0.0.1:\(port)")
        #expect(metric["env"] == "sd")
        let targets = try await activeTargets(server)
        #expect(targets.count == 1)
        let discovered = targets.first?["discoveredLabels"] as? [String: String]
        #expect(discovered?["__meta_filepath"] == sdFile)

        // The file no longer lists the exporter: the target goes away and its series are marked stale.
        try "[]".write(toFile: sdFile, atomically: true, encoding: .utf8)
        let gone = try await TestHTTP.eventually {
            try await activeTargets(server).isEmpty ? true : nil
        }
        #expect(gone == true, "target still active:\n\(server.process.output)")
        let stale = try await TestHTTP.eventually {
            try await query(server, #"node_load1{job="node"}"#).isEmpty ? true : nil
        }
        #expect(stale == true, "node_load1 still returned after the target was removed")
        // Still scraped up to removal: the stored history is there, only the present is stale.
        let history = try await query(server, #"count_over_time(node_load1{job="node"}[5m])"#)
        #expect(!history.isEmpty)
    }

    @Test func autoReloadPicksUpConfigChanges() async throws {
        let (exporter, port) = try await startExporter()
        defer { exporter.stop() }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let config = dir.file("prometheus.yml")
        func writeConfig(job: String) throws {
            try """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: \(job)
                    static_configs:
                      - targets: ["127.0.0.1:\(port)"]
                """.write(toFile: config, atomically: true, encoding: .utf8)
        }
        try writeConfig(job: "before")
        let server = try await SextantServer.start(
            configFile: config, dataDirectory: dir.file("data"),
            extraArguments: ["--enable-feature=auto-reload-config", "--config.auto-reload-interval=1s"])
        defer { server.stop() }
        func jobs() async throws -> [String] {
            try await activeTargets(server).compactMap { ($0["labels"] as? [String: String])?["job"] }
        }
        let first = try await TestHTTP.eventually { try await jobs() == ["before"] ? true : nil }
        #expect(first == true)
        try writeConfig(job: "after")
        let reloaded = try await TestHTTP.eventually { try await jobs() == ["after"] ? true : nil }
        #expect(reloaded == true, "config change not picked up:\n\(server.process.output)")
        let up = try await TestHTTP.eventually {
            try await query(server, #"up{job="after"}"#).isEmpty ? nil : true
        }
        #expect(up == true)
    }
}
