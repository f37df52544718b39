import Foundation
import HTTPClient
import Logging
import PromModel
import Scrape
import Storage
import TSDB
import Testing
import TestSupport

/// Metric metadata kept per target, from real scrapes: a python HTTP server on loopback serves a body and a
/// Content-Type the test rewrites (text format and OpenMetrics), the manager scrapes it into a real head.
@Suite(.serialized)
struct MetadataCacheTests {
    /// Serves `DIR/metrics` with the Content-Type written in `DIR/content-type`; records the request's
    /// Accept header in `DIR/accept`.
    static let server = """
        import http.server, os, sys
        d = sys.argv[2]
        class H(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                open(os.path.join(d, 'accept'), 'w').write(self.headers.get('Accept', ''))
                body = open(os.path.join(d, 'metrics'), 'rb').read()
                ct = open(os.path.join(d, 'content-type')).read()
                self.send_response(200)
                self.send_header('Content-Type', ct)
                self.send_header('Content-Length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *args):
                pass
        http.server.ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])), H).serve_forever()
        """

    struct Fixture {
        let dir: TemporaryDirectory
        let server: PeerProcess
        let port: Int
        let tsdb: TSDB
        let client: HTTPClient
        let manager: ScrapeManager

        init() async throws {
            dir = try TemporaryDirectory()
            port = try PeerProcess.freeTCPPort()
            try "".write(toFile: dir.file("metrics"), atomically: true, encoding: .utf8)
            try "text/plain; version=0.0.4".write(toFile: dir.file("content-type"), atomically: true, encoding: .utf8)
            let python = try #require(PeerProcess.which("python3"))
            server = try await PeerProcess.start(
                executable: python, arguments: ["-c", MetadataCacheTests.server, "\(port)", dir.path],
                readiness: .tcpPort(port: port))
            tsdb = try TSDB(directory: nil, logger: Logger(label: "test"))
            client = try HTTPClient()
            manager = ScrapeManager(appendable: tsdb, client: client, logger: Logger(label: "test"))
        }

        func expose(_ body: String, contentType: String = "text/plain; version=0.0.4") throws {
            try contentType.write(toFile: dir.file("content-type"), atomically: true, encoding: .utf8)
            try body.write(toFile: dir.file("metrics"), atomically: true, encoding: .utf8)
        }

        var metadata: [FamilyMetadata] { manager.activeTargets().first?.metadata ?? [] }

        /// Every stored sample of `name` (job `t`), oldest first.
        func samples(_ name: String) throws -> [Sample] {
            let q = try tsdb.querier(mint: 0, maxt: Int64.max)
            guard let s = try q.select(sorted: true, hints: nil, matchers: [.equal("__name__", name)]).first else { return [] }
            var it = s.makeIterator()
            var out: [Sample] = []
            while it.next() != .none { out.append(it.at()) }
            return out
        }

        func scrapes() throws -> Int {
            let q = try tsdb.querier(mint: 0, maxt: Int64.max)
            guard let s = try q.select(sorted: true, hints: nil, matchers: [.equal("__name__", "up")]).first else { return 0 }
            var it = s.makeIterator()
            var n = 0
            while it.next() != .none { n += 1 }
            return n
        }

        func run(_ body: @Sendable (Fixture) async throws -> Void) async throws {
            let options = ScrapeOptions(jobName: "t", interval: .milliseconds(100), timeout: .milliseconds(100))
            let manager = self.manager
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await manager.run() }
                manager.apply([options])
                manager.updateTargets(
                    job: "t", [TargetGroup(source: "s", targets: [Labels(["__address__": "127.0.0.1:\(port)"])])])
                try await body(self)
                group.cancelAll()
            }
        }

        func stop() {
            server.stop()
            client.shutdown()
            dir.remove()
        }
    }

    func eventually(_ what: String, _ check: () throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if (try? check()) == true { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("timed out waiting for \(what)")
    }

    @Test func textFormatMetadataFollowsTheExposition() async throws {
        let f = try await Fixture()
        defer { f.stop() }
        try f.expose(#"""
            # HELP a A gauge with \\ and \n escapes.
            # TYPE a gauge
            a 1
            # HELP b Untyped reads as unknown.
            # TYPE b untyped
            b 2
            # TYPE c counter
            c 3
            d 4

            """#)
        try await f.run { f in
            let first = [
                FamilyMetadata(metric: "a", metadata: MetricMetadata(type: .gauge, help: "A gauge with \\ and \n escapes.")),
                FamilyMetadata(metric: "b", metadata: MetricMetadata(type: .unknown, help: "Untyped reads as unknown.")),
                FamilyMetadata(metric: "c", metadata: MetricMetadata(type: .counter)),
            ]
            try await eventually("metadata of the first body") { f.metadata == first }

            // Changed HELP and TYPE replace what was kept.
            try f.expose("# HELP a New help.\n# TYPE a counter\na 1\n# TYPE b gauge\nb 2\n# TYPE c counter\nc 3\n")
            try await eventually("changed metadata") {
                f.metadata.first { $0.metric == "a" }?.metadata == MetricMetadata(type: .counter, help: "New help.")
                    && f.metadata.first { $0.metric == "b" }?.metadata.type == .gauge
            }

            // A family that disappears is kept for 10 more successful scrapes, then forgotten.
            try f.expose("# TYPE a counter\na 1\n")
            let before = try f.scrapes()
            try await eventually("c forgotten") { !f.metadata.contains { $0.metric == "c" } }
            let scrapes = try f.scrapes() - before
            #expect(scrapes >= 11, "forgotten after \(scrapes) scrapes")
            #expect(f.metadata.map(\.metric) == ["a"])
        }
    }

    @Test func openMetricsFamiliesCarryTypeHelpAndUnit() async throws {
        let f = try await Fixture()
        defer { f.stop() }
        try f.expose(
            #"""
            # TYPE req counter
            # HELP req Requests with a \"quote\".
            req_total 7
            # TYPE latency_seconds histogram
            # UNIT latency_seconds seconds
            # HELP latency_seconds Latency.
            latency_seconds_bucket{le="1"} 1
            latency_seconds_bucket{le="+Inf"} 2
            latency_seconds_count 2
            latency_seconds_sum 1.5
            # TYPE build info
            build_info{version="1"} 1
            # EOF

            """#,
            contentType: "application/openmetrics-text; version=1.0.0; charset=utf-8")
        try await f.run { f in
            let want = [
                FamilyMetadata(metric: "build", metadata: MetricMetadata(type: .info)),
                FamilyMetadata(
                    metric: "latency_seconds", metadata: MetricMetadata(type: .histogram, help: "Latency.", unit: "seconds")),
                FamilyMetadata(metric: "req", metadata: MetricMetadata(type: .counter, help: "Requests with a \"quote\".")),
            ]
            try await eventually("OpenMetrics metadata") { f.metadata == want }
            #expect(f.manager.activeTargets().first?.report.health == .up)
        }
    }

    @Test func aFailingTargetKeepsItsMetadata() async throws {
        let f = try await Fixture()
        defer { f.stop() }
        try f.expose("# HELP a Kept.\n# TYPE a gauge\na 1\n")
        try await f.run { f in
            try await eventually("metadata") { f.metadata.count == 1 }
            try f.expose("a{ 1\n")
            try await eventually("target down") { f.manager.activeTargets().first?.report.health == .down }
            let before = try f.scrapes()
            try await eventually("12 failed scrapes") { try f.scrapes() - before >= 12 }
            #expect(f.metadata == [FamilyMetadata(metric: "a", metadata: MetricMetadata(type: .gauge, help: "Kept."))])
        }
    }
}
