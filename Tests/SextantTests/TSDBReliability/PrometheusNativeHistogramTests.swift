import Foundation
import Testing
import TestSupport

/// Native histograms written by the real `prometheus`: it scrapes a protobuf target exposing native histograms,
/// cuts a block (Prometheus's integer histogram chunks) and keeps the rest in its WAL (integer histogram
/// records). Sextant serves a copy of that data directory, and every query must answer with the same JSON.
struct PrometheusNativeHistogramTests {
    static let prometheus = "/usr/bin/prometheus"

    /// A target answering with Prometheus's delimited protobuf format: two native histograms whose counts grow
    /// per scrape, with a bucket that appears at the 6th scrape, and a counter. Each scrape advances a fake clock
    /// by 15 s (explicit timestamps), so that minutes of data exist after seconds.
    static let target = #"""
    import http.server, struct, sys
    port, start = int(sys.argv[1]), int(sys.argv[2])
    state = {"n": 0}
    def varint(v):
        out = bytearray()
        while True:
            b, v = v & 0x7f, v >> 7
            if v:
                out.append(b | 0x80)
            else:
                out.append(b)
                return bytes(out)
    def zz(v): return ((v << 1) ^ (v >> 63)) & 0xFFFFFFFFFFFFFFFF
    def key(f, wt): return varint(f << 3 | wt)
    def ld(f, b): return key(f, 2) + varint(len(b)) + b
    def u(f, v): return key(f, 0) + varint(v)
    def s(f, v): return key(f, 0) + varint(zz(v))
    def d(f, v): return key(f, 1) + struct.pack('<d', v)
    def deltas(counts):
        out, prev = [], 0
        for c in counts:
            out.append(c - prev)
            prev = c
        return b''.join(varint(zz(x)) for x in out)
    def histogram(i, k):
        pos = [1 + i + k, 2 * i, 3 + i] + ([i] if i >= 5 else [])
        pos_spans = [(-1 + k, 3)] + ([(1, 1)] if i >= 5 else [])
        neg = [i, 1 + k]
        zero = i // 2
        h = u(1, sum(pos) + sum(neg) + zero) + d(2, 1.5 * i - k) + s(5, k) + d(6, 2.0 ** -128) + u(7, zero)
        h += ld(9, s(1, 0) + u(2, 2)) + ld(10, deltas(neg))
        for off, length in pos_spans:
            h += ld(12, s(1, off) + u(2, length))
        return h + ld(13, deltas(pos))
    def body(i):
        ts = start + i * 15000
        out = b''
        metrics = b''.join(ld(4, ld(1, ld(1, b'path') + ld(2, p)) + ld(7, histogram(i, k)) + u(6, ts))
                           for k, p in enumerate([b'/a', b'/b']))
        fam = ld(1, b'latency_seconds') + ld(2, b'Request latency.') + u(3, 4) + metrics
        out += varint(len(fam)) + fam
        fam = ld(1, b'requests_total') + u(3, 0) + ld(4, ld(3, d(1, 10.0 * i)) + u(6, ts))
        out += varint(len(fam)) + fam
        return out
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            b = body(state["n"])
            state["n"] += 1
            self.send_response(200)
            self.send_header('Content-Type', 'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited')
            self.send_header('Content-Length', str(len(b)))
            self.end_headers()
            self.wfile.write(b)
        def log_message(self, *a): pass
    http.server.HTTPServer(('127.0.0.1', port), Handler).serve_forever()
    """#

    /// Equal JSON, except that numbers in strings may differ in the last bit: Prometheus takes bucket bounds of
    /// schemas above 0 from a table whose entries are sometimes one ulp off 2^(k/2^schema) (2^-0.5 is
    /// 0.7071067811865475 there), Sextant computes them.
    static func same(_ a: Any, _ b: Any) -> Bool {
        switch (a, b) {
        case let (x as [String: Any], y as [String: Any]):
            return x.keys.sorted() == y.keys.sorted() && x.allSatisfy { same($0.value, y[$0.key]!) }
        case let (x as [Any], y as [Any]):
            return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        case let (x as String, y as String):
            if x == y { return true }
            guard let u = Double(x), let v = Double(y), u.isFinite, v.isFinite else { return false }
            return abs(u - v) <= 4 * max(abs(u), abs(v)).ulp
        case let (x as NSNumber, y as NSNumber):
            return x == y
        default:
            return false
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: prometheus), "install prometheus (scripts/bootstrap)"))
    func sextantAnswersLikePrometheusOnItsNativeHistograms() async throws {
        let python = try #require(PeerProcess.which("python3"))
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try Self.target.write(toFile: dir.file("target.py"), atomically: true, encoding: .utf8)
        let targetPort = try PeerProcess.freeTCPPort()
        // The fake clock starts 30 s ago: Prometheus refuses samples older than its head's newest minus half a
        // block, and its own `up` samples carry the real time.
        let start = (Int64(Date().timeIntervalSince1970) - 30) * 1000
        let target = try await PeerProcess.start(
            executable: python, arguments: [dir.file("target.py"), "\(targetPort)", "\(start)"],
            readiness: .tcpPort(port: targetPort))
        defer { target.stop() }
        try """
        global:
          scrape_interval: 1s
        scrape_configs:
        - job_name: app
          static_configs:
          - targets: ['127.0.0.1:\(targetPort)']
        """.write(toFile: dir.file("prometheus.yml"), atomically: true, encoding: .utf8)
        let port = try PeerProcess.freeTCPPort()
        let prometheus = try await PeerProcess.start(
            executable: Self.prometheus,
            arguments: [
                "--config.file=\(dir.file("prometheus.yml"))", "--storage.tsdb.path=\(dir.file("prom"))",
                "--web.listen-address=127.0.0.1:\(port)", "--enable-feature=native-histograms",
                "--storage.tsdb.min-block-duration=2m", "--storage.tsdb.max-block-duration=2m",
            ],
            readiness: .tcpPort(port: port))
        defer { prometheus.stop() }
        // Wait for a block (chunks of integer histograms) and for more samples in the head (its WAL) after it.
        let blockCut = try await TestHTTP.eventually(timeout: .seconds(90), every: .milliseconds(500)) { () -> Bool? in
            let blocks = (try? FileManager.default.contentsOfDirectory(atPath: dir.file("prom")))?.filter {
                $0.count == 26 && FileManager.default.fileExists(atPath: dir.file("prom/\($0)/meta.json"))
            }
            return (blocks?.isEmpty ?? true) ? nil : true
        }
        try #require(blockCut == true, "prometheus cut no block:\n\(prometheus.output)")
        try await Task.sleep(for: .seconds(3))
        target.stop()
        try await Task.sleep(for: .seconds(2))  // a scrape in flight finishes

        // Steps fall 1 s after sample times: at a step exactly 5 min (or a range) after a sample, 2.42's closed
        // windows still see it and Prometheus 3's left-open ones, which Sextant follows, do not.
        let from = start + 1000
        let end = from + 60 * 15_000
        // Not histogram_quantile: Prometheus 3 interpolates exponentially inside exponential buckets, 2.42
        // linearly, and Sextant follows 3 (promqltest's native_histograms.test).
        let queries = [
            "latency_seconds", "histogram_count(latency_seconds)", "histogram_sum(rate(latency_seconds[1m]))",
            "sum(latency_seconds)", "histogram_fraction(0, 1, latency_seconds)", "requests_total",
        ]
        func urls(_ base: String) -> [String] {
            queries.map { "\(base)/api/v1/query_range?query=\(TestHTTP.escape($0))&start=\(Double(from) / 1000)&end=\(Double(end) / 1000)&step=15" }
                + ["\(base)/api/v1/query?query=\(TestHTTP.escape("latency_seconds"))&time=\(Double(from + 240_000) / 1000)"]
        }
        var want: [String] = []
        for url in urls("http://127.0.0.1:\(port)") {
            let r = try await TestHTTP.get(url)
            #expect(r.status == 200, "\(url): \(r.body)")
            want.append(r.body)
        }
        prometheus.stop()
        // The data must hold histograms in a block and in the WAL for this test to mean anything.
        #expect(want[0].contains("\"histograms\":[["), "\(want[0])")

        try FileManager.default.copyItem(atPath: dir.file("prom"), toPath: dir.file("sextant"))
        try? FileManager.default.removeItem(atPath: dir.file("sextant/lock"))
        try "scrape_configs: []\n".write(toFile: dir.file("sextant.yml"), atomically: true, encoding: .utf8)
        let sextant = try await SextantServer.start(configFile: dir.file("sextant.yml"), dataDirectory: dir.file("sextant"))
        defer { sextant.stop() }
        for (i, url) in urls(sextant.baseURL).enumerated() {
            let r = try await TestHTTP.get(url)
            #expect(r.status == 200, "\(url): \(r.body)")
            let got = try JSONSerialization.jsonObject(with: Data(r.body.utf8))
            let expected = try JSONSerialization.jsonObject(with: Data(want[i].utf8))
            #expect(Self.same(got, expected), "\(queries.indices.contains(i) ? queries[i] : "instant")\nsextant:    \(r.body)\nprometheus: \(want[i])")
        }
    }
}
