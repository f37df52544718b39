import Foundation
import HTTPClient
import Logging
import PromModel
import Scrape
import Storage
import TSDB
import Testing
import TestSupport

/// A scrape manager against a real HTTP server (python's `http.server` serving a file the test rewrites)
/// and a real in-memory TSDB head: what a target exposes, stops exposing, or breaks, ends up in storage.
@Suite(.serialized)
struct ScrapeLoopTests {
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
            let python = try #require(PeerProcess.which("python3"))
            server = try await PeerProcess.start(
                executable: python, arguments: ["-m", "http.server", "--bind", "127.0.0.1", "\(port)", "--directory", dir.path],
                readiness: .tcpPort(port: port))
            tsdb = try TSDB(directory: nil, logger: Logger(label: "test"))
            client = try HTTPClient()
            manager = ScrapeManager(appendable: tsdb, client: client, logger: Logger(label: "test"))
        }

        func expose(_ body: String) throws {
            try body.write(toFile: dir.file("metrics"), atomically: true, encoding: .utf8)
        }

        /// The newest sample of the series selected by `name` with `job="t"`.
        func latest(_ name: String) throws -> Sample? {
            let q = try tsdb.querier(mint: 0, maxt: Int64.max)
            let series = try q.select(sorted: true, hints: nil, matchers: [.equal("__name__", name), .equal("job", "t")])
            guard let s = series.first else { return nil }
            var it = s.makeIterator()
            var last: Sample?
            while it.next() != .none { last = it.at() }
            return last
        }

        func stop() {
            server.stop()
            client.shutdown()
            dir.remove()
        }
    }

    func eventually(_ what: String, _ check: () throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if (try? check()) == true { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("timed out waiting for \(what)")
    }

    @Test func vanishedSeriesAndFailedScrapesGoStale() async throws {
        let f = try await Fixture()
        defer { f.stop() }
        try f.expose("# TYPE a gauge\na{x=\"1\"} 1\nb 2\n")
        let options = ScrapeOptions(jobName: "t", interval: .milliseconds(100), timeout: .milliseconds(100))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await f.manager.run() }
            f.manager.apply([options])
            f.manager.updateTargets(job: "t", [TargetGroup(source: "s", targets: [Labels(["__address__": "127.0.0.1:\(f.port)"])])])

            try await eventually("a and b scraped") { try f.latest("a")?.v == 1 && f.latest("b")?.v == 2 }
            #expect(try f.latest("up")?.v == 1)
            let q = try f.tsdb.querier(mint: 0, maxt: Int64.max)
            let a = try q.select(sorted: true, hints: nil, matchers: [.equal("__name__", "a")])
            #expect(a.first?.labels == Labels(["__name__": "a", "x": "1", "job": "t", "instance": "127.0.0.1:\(f.port)"]))

            // b vanishes from the exposition: its next sample is a staleness marker; a carries on.
            try f.expose("a{x=\"1\"} 3\n")
            try await eventually("b marked stale") { StaleNaN.isStale(try f.latest("b")?.v ?? 0) }
            try await eventually("a updated") { try f.latest("a")?.v == 3 }
            try await eventually("samples count 1") { try f.latest("scrape_samples_scraped")?.v == 1 }

            // A malformed body fails the scrape: up is 0, everything the target exposed goes stale.
            try f.expose("a{x=\"1\" 3\n")
            try await eventually("up = 0") { try f.latest("up")?.v == 0 }
            try await eventually("a marked stale") { StaleNaN.isStale(try f.latest("a")?.v ?? 0) }
            let target = try #require(f.manager.activeTargets().first)
            #expect(target.report.health == .down)
            #expect(target.report.lastError.contains("line 1"))

            // The target recovers.
            try f.expose("a{x=\"1\"} 5\n")
            try await eventually("recovered") { try f.latest("up")?.v == 1 && f.latest("a")?.v == 5 }

            // Removing the target ends its loop with staleness markers for its series and report series.
            f.manager.updateTargets(job: "t", [TargetGroup(source: "s", targets: [])])
            try await eventually("up marked stale") { StaleNaN.isStale(try f.latest("up")?.v ?? 0) }
            #expect(f.manager.activeTargets().isEmpty)
            group.cancelAll()
        }
    }

    @Test func sampleLimitFailsTheScrape() async throws {
        let f = try await Fixture()
        defer { f.stop() }
        try f.expose("a 1\nb 2\nc 3\n")
        var options = ScrapeOptions(jobName: "t", interval: .milliseconds(100), timeout: .milliseconds(100))
        options.limits.sampleLimit = 2
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await f.manager.run() }
            f.manager.apply([options])
            f.manager.updateTargets(job: "t", [TargetGroup(source: "s", targets: [Labels(["__address__": "127.0.0.1:\(f.port)"])])])
            try await eventually("scrape failed") { f.manager.activeTargets().first?.report.lastError == "sample limit exceeded" }
            #expect(try f.latest("up")?.v == 0)
            #expect(try f.latest("a") == nil)
            group.cancelAll()
        }
    }
}
