import Foundation
import Logging
import PromModel
import Storage
import TSDB
import Testing
import TestSupport

/// WAL compression is Prometheus's: the real `prometheus` (which snappy-compresses its WAL by default) writes a
/// WAL, and Sextant's storage replays it and returns the samples it scraped.
struct PrometheusWALTests {
    static let prometheus = "/usr/bin/prometheus"

    @Test func replaysTheSnappyCompressedWALOfPrometheus() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.prometheus), "install prometheus (scripts/bootstrap)")
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let port = try PeerProcess.freeTCPPort()
        try """
        global:
          scrape_interval: 1s
        scrape_configs:
        - job_name: self
          static_configs:
          - targets: ['127.0.0.1:\(port)']
        """.write(toFile: dir.file("prometheus.yml"), atomically: true, encoding: .utf8)
        let prometheus = try await PeerProcess.start(
            executable: Self.prometheus,
            arguments: [
                "--config.file=\(dir.file("prometheus.yml"))", "--storage.tsdb.path=\(dir.file("prom-data"))",
                "--web.listen-address=127.0.0.1:\(port)",
            ],
            readiness: .tcpPort(port: port))
        // Wait for three scrapes of itself, then stop it (its WAL stays: no block is cut in seconds).
        let query = "http://127.0.0.1:\(port)/api/v1/query?query=" + TestHTTP.escape("count_over_time(up[1m]) >= 3")
        let scraped = try await TestHTTP.eventually {
            try await TestHTTP.get(query).body.contains("\"job\":\"self\"") ? true : nil
        }
        prometheus.stop()
        try #require(scraped == true, "prometheus did not scrape itself:\n\(prometheus.output)")

        let segment = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir.file("prom-data/wal/00000000"))))
        #expect(segment.first.map { $0 & 0x08 != 0 } == true, "the first record is snappy-compressed")

        try FileManager.default.createDirectory(atPath: dir.file("sextant"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: dir.file("prom-data/wal"), toPath: dir.file("sextant/wal"))
        let tsdb = try TSDB(directory: dir.file("sextant"), options: TSDBOptions(), logger: Logger(label: "test"))
        defer { try? tsdb.close() }
        let series = try tsdb.querier(mint: 0, maxt: .max).select(
            sorted: true, hints: nil, matchers: [.equal("__name__", "up"), .equal("job", "self")])
        try #require(series.count == 1)
        var it = series[0].makeIterator()
        var samples: [Sample] = []
        while it.next() == .float { samples.append(it.at()) }
        #expect(samples.count >= 3)
        #expect(samples.allSatisfy { $0.v == 1 })
    }
}
