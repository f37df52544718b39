import Foundation
import Testing
import TestSupport

/// A real `sextant server` scrapes a loopback target that answers in the Prometheus protobuf format
/// (`scrape_protocols: [PrometheusProto]`): counters, summary quantiles and classic histogram buckets become
/// queryable series, the family metadata reaches the metadata API, and a native histogram in the same body is
/// stored and queried as one.
@Suite(.serialized)
struct ProtobufScrapeEndToEndTests {
    static let protobufType = "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited"

    /// Serves `DIR/metrics` as protobuf and records each request's Accept header in `DIR/accept`.
    static let target = """
        import http.server, os, sys
        d = sys.argv[2]
        class H(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                open(os.path.join(d, 'accept'), 'w').write(self.headers.get('Accept', ''))
                body = open(os.path.join(d, 'metrics'), 'rb').read()
                self.send_response(200)
                self.send_header('Content-Type', sys.argv[3])
                self.send_header('Content-Length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *args):
                pass
        http.server.ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])), H).serve_forever()
        """

    static var body: [UInt8] {
        typealias PM = ProtoMetrics
        return ProtoMessage.delimited([
            PM.family("proto_requests_total", help: "Requests served.", type: .counter, metrics: [
                PM.metric(labels: [("path", "/a")], type: .counter, value: 42),
                PM.metric(labels: [("path", "/b")], type: .counter, value: 7),
            ]),
            PM.family("proto_latency_seconds", help: "Latency.", type: .summary, unit: "seconds", metrics: [
                PM.summaryMetric(count: 10, sum: 2.5, quantiles: [(0.5, 0.2), (0.9, 0.45)])
            ]),
            PM.family("proto_size_bytes", help: "Sizes.", type: .histogram, metrics: [
                PM.histogramMetric(count: 6, sum: 900, buckets: [(100, 2), (1000, 5)])
            ]),
            PM.family("proto_native_seconds", help: "A native histogram.", type: .histogram, metrics: [
                PM.histogramMetric(
                    count: 3, sum: 1.5, buckets: [(1, 2)],
                    native: PM.Native(schema: 0, positiveSpans: [(0, 2)], positiveDeltas: [2, -1]))
            ]),
        ])
    }

    func query(_ server: SextantServer, _ q: String) async throws -> [[String: Any]] {
        let r = try await TestHTTP.get("\(server.baseURL)/api/v1/query?query=\(TestHTTP.escape(q))")
        #expect(r.status == 200, "\(r.body)")
        let data = try #require(r.json()["data"] as? [String: Any])
        return data["result"] as? [[String: Any]] ?? []
    }

    func value(_ server: SextantServer, _ q: String) async throws -> String? {
        try await TestHTTP.eventually {
            try await query(server, q).first.flatMap { ($0["value"] as? [Any])?.last as? String }
        }
    }

    @Test func scrapesAProtobufTargetIntoQueryableSeries() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try Data(Self.body).write(to: URL(fileURLWithPath: dir.file("metrics")))
        let port = try PeerProcess.freeTCPPort()
        let python = try #require(PeerProcess.which("python3"))
        let target = try await PeerProcess.start(
            executable: python, arguments: ["-c", Self.target, "\(port)", dir.path, Self.protobufType],
            readiness: .tcpPort(port: port))
        defer { target.stop() }

        let config = dir.file("prometheus.yml")
        try """
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: proto
                scrape_protocols: [PrometheusProto]
                static_configs: [{targets: ["127.0.0.1:\(port)"]}]
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let server = try await SextantServer.start(configFile: config, dataDirectory: dir.file("data"))
        defer { server.stop() }

        let counter = try await value(server, #"proto_requests_total{path="/a",job="proto"}"#)
        #expect(counter == "42", "\(server.process.output)")
        #expect(try await value(server, #"proto_latency_seconds{quantile="0.9"}"#) == "0.45")
        #expect(try await value(server, "proto_latency_seconds_count") == "10")
        #expect(try await value(server, #"proto_size_bytes_bucket{le="100.0"}"#) == "2")
        #expect(try await value(server, #"proto_size_bytes_bucket{le="+Inf"}"#) == "6")
        #expect(try await value(server, #"up{job="proto"}"#) == "1")
        // The native histogram's classic buckets are not ingested without always_scrape_classic_histograms.
        #expect(try await query(server, "proto_native_seconds_bucket").isEmpty)
        // The native histogram itself is stored and served as Prometheus's API writes histograms.
        let native = try await TestHTTP.eventually { () -> String? in
            let r = try await TestHTTP.get("\(server.baseURL)/api/v1/query?query=\(TestHTTP.escape("proto_native_seconds"))")
            return r.body.contains("\"histogram\":") ? r.body : nil
        }
        #expect(native?.contains(#""count":"3","sum":"1.5","buckets":[[0,"0.5","1","2"],[0,"1","2","1"]]"#) == true,
                "\(native ?? "no histogram")")
        #expect(try await value(server, "histogram_count(proto_native_seconds)") == "3")
        #expect(try await value(server, "histogram_sum(proto_native_seconds)") == "1.5")

        let accept = try String(contentsOfFile: dir.file("accept"), encoding: .utf8)
        #expect(accept == "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.6,*/*;q=0.5")

        let metadata = try await TestHTTP.get("\(server.baseURL)/api/v1/metadata?metric=proto_latency_seconds")
        let entries = try #require((try metadata.json()["data"] as? [String: Any])?["proto_latency_seconds"] as? [[String: String]])
        #expect(entries == [["type": "summary", "help": "Latency.", "unit": "seconds"]])
    }
}
