import Foundation
import Testing
import TestSupport

/// Import → dump → analyze through the binary, on a real data directory.
struct TSDBCommandTests {
    /// Two series over 3 hours (two 2h windows) plus one series in the first window only.
    static let openMetrics = """
        # TYPE http_requests counter
        http_requests_total{code="200",job="api"} 1 0
        http_requests_total{code="200",job="api"} 2 3600
        http_requests_total{code="200",job="api"} 3 10800
        http_requests_total{code="500",job="api"} 1000000 0
        http_requests_total{code="500",job="api"} 0.5 10800
        # TYPE temp gauge
        temp{room="a"} 21.5 60
        # EOF

        """

    func imported() throws -> (TemporaryDirectory, String) {
        let dir = try TemporaryDirectory()
        let input = dir.file("in.om")
        try Self.openMetrics.write(toFile: input, atomically: true, encoding: .utf8)
        let data = dir.file("data")
        let r = try SextantCLI.run(["tsdb", "import", "openmetrics", input, data])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("imported 6 samples of 3 series into 2 blocks"), "\(r.stdout)")
        return (dir, data)
    }

    @Test func importThenDumpShowsEverySampleInPromtoolFormat() throws {
        let (dir, data) = try imported()
        defer { dir.remove() }
        let blocks = try FileManager.default.contentsOfDirectory(atPath: data).filter { $0.count == 26 }
        #expect(blocks.count == 2, "\(blocks)")
        let r = try SextantCLI.run(["tsdb", "dump", data])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == """
            {__name__="http_requests_total", code="200", job="api"} 1 0
            {__name__="http_requests_total", code="200", job="api"} 2 3600000
            {__name__="http_requests_total", code="200", job="api"} 3 10800000
            {__name__="http_requests_total", code="500", job="api"} 1e+06 0
            {__name__="http_requests_total", code="500", job="api"} 0.5 10800000
            {__name__="temp", room="a"} 21.5 60000

            """)
    }

    @Test func dumpHonoursMatchAndTimeRange() throws {
        let (dir, data) = try imported()
        defer { dir.remove() }
        let r = try SextantCLI.run([
            "tsdb", "dump", data, #"--match=http_requests_total{code="200"}"#, "--min-time=1", "--max-time=4000000",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "{__name__=\"http_requests_total\", code=\"200\", job=\"api\"} 2 3600000\n")
    }

    @Test func analyzeReportsTheNewestBlock() throws {
        let (dir, data) = try imported()
        defer { dir.remove() }
        let r = try SextantCLI.run(["tsdb", "analyze", data])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Total Series: 2"), "\(r.stdout)")
        #expect(r.stdout.contains("Highest cardinality labels:\n2 code\n"), "\(r.stdout)")
        #expect(r.stdout.contains("Highest cardinality metric names:\n2 http_requests_total\n"), "\(r.stdout)")
    }

    @Test func importRefusesSamplesWithoutTimestamps() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let input = dir.file("in.om")
        try "up 1\n# EOF\n".write(toFile: input, atomically: true, encoding: .utf8)
        let r = try SextantCLI.run(["tsdb", "import", "openmetrics", input, dir.file("data")])
        #expect(r.status != 0)
        #expect(r.stderr.contains("no timestamp"), "\(r.stderr)")
    }
}
