import Foundation
import Testing
import TestSupport

/// The `prometheus_sd_*` and `prometheus_target_sync_*` self-metrics of the real `sextant server`, under
/// Prometheus's names, as a file_sd job with a good and a broken file and an http_sd job whose endpoint
/// refuses connections, a kubernetes_sd job whose API server refuses them, and a kubernetes_sd entry whose
/// kubeconfig does not exist (a failed config), leave them.
@Suite(.serialized)
struct DiscoveryMetricsEndToEndTests {
    /// The value of the first sample of `name` whose labels include all of `labels`, from the text exposition.
    static func value(_ exposition: String, _ name: String, _ labels: [String: String] = [:]) -> Double? {
        for line in exposition.split(separator: "\n") where line.hasPrefix(name) && !line.hasPrefix("#") {
            let rest = line.dropFirst(name.count)
            guard rest.first == "{" || rest.first == " " else { continue }
            guard labels.allSatisfy({ rest.contains("\($0.key)=\"\($0.value)\"") }) else { continue }
            return line.split(separator: " ").last.flatMap { Double($0) }
        }
        return nil
    }

    @Test func discoveryAndSyncMetricsUsePrometheusNames() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try #"[{"targets": ["127.0.0.1:1", "127.0.0.1:2"]}]"#.write(toFile: dir.file("good.json"), atomically: true, encoding: .utf8)
        try #"[{"targets": "#.write(toFile: dir.file("bad.json"), atomically: true, encoding: .utf8)
        let refused = try PeerProcess.freeTCPPort()
        let config = dir.file("prometheus.yml")
        try """
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: files
                file_sd_configs:
                  - files: ["\(dir.file("*.json"))"]
                    refresh_interval: 1s
              - job_name: http
                http_sd_configs:
                  - url: http://127.0.0.1:\(refused)/sd
                    refresh_interval: 1s
              - job_name: kube
                kubernetes_sd_configs:
                  - role: pod
                    api_server: http://127.0.0.1:\(refused)
              - job_name: kube-broken
                kubernetes_sd_configs:
                  - role: node
                    kubeconfig_file: \(dir.file("missing-kubeconfig"))
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let server = try await SextantServer.start(configFile: config, dataDirectory: dir.file("data"))
        defer { server.stop() }

        let metrics = try await TestHTTP.eventually { () async throws -> String? in
            let body = try await TestHTTP.get("\(server.baseURL)/metrics").body
            let ready = (Self.value(body, "prometheus_sd_http_failures_total") ?? 0) >= 1
                && (Self.value(body, "prometheus_sd_kubernetes_failures_total") ?? 0) >= 1
                && Self.value(body, "prometheus_sd_discovered_targets", ["config": "files"]) == 2
            return ready ? body : nil
        }
        let last = try await TestHTTP.get("\(server.baseURL)/metrics").body
        let body = try #require(metrics, "metrics never settled:\n\(last)")
        #expect(Self.value(body, "prometheus_sd_discovered_targets", ["config": "files", "name": "scrape"]) == 2)
        #expect((Self.value(body, "prometheus_sd_file_read_errors_total") ?? 0) >= 1)
        #expect((Self.value(body, "prometheus_sd_kubernetes_failures_total") ?? 0) >= 1)
        #expect((Self.value(body, "prometheus_sd_refresh_failures_total", ["mechanism": "http"]) ?? 0) >= 1)
        #expect((Self.value(body, "prometheus_sd_received_updates_total", ["name": "scrape"]) ?? 0) >= 1)
        #expect((Self.value(body, "prometheus_sd_updates_total", ["name": "scrape"]) ?? 0) >= 1)
        #expect(Self.value(body, "prometheus_sd_failed_configs", ["name": "scrape"]) == 1)
        #expect((Self.value(body, "prometheus_target_sync_length_seconds_count", ["scrape_job": "files"]) ?? 0) >= 1)
        #expect(Self.value(body, "prometheus_target_scrape_pool_targets", ["scrape_job": "files"]) == 2)
        // Registered at start like Prometheus's, so rate() works from the first event.
        #expect(Self.value(body, "prometheus_sd_kubernetes_events_total", ["role": "pod", "event": "add"]) == 0)
    }
}
