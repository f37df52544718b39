import Foundation
import PromConfig
import PromModel
import Scrape
import Testing
import TestSupport

/// `target_limit` and `scrape_protocols` through real scrapes (the python server of `MetadataCacheTests`).
@Suite(.serialized)
struct TargetLimitAndProtocolsTests {
    func eventually(_ what: String, _ check: () throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if (try? check()) == true { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("timed out waiting for \(what)")
    }

    @Test func overTheTargetLimitEveryScrapeFailsUntilBackUnder() async throws {
        let f = try await MetadataCacheTests.Fixture()
        defer { f.stop() }
        try f.expose("a 1\n")
        var options = ScrapeOptions(jobName: "t", interval: .milliseconds(100), timeout: .milliseconds(100))
        options.limits.targetLimit = 1
        let manager = f.manager
        let port = f.port
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await manager.run() }
            manager.apply([options])
            // Two targets (the same server under two names) against a limit of one.
            let two = [Labels(["__address__": "127.0.0.1:\(port)"]), Labels(["__address__": "localhost:\(port)"])]
            manager.updateTargets(job: "t", [TargetGroup(source: "s", targets: two)])
            try await eventually("both targets fail with the limit") {
                let t = manager.activeTargets()
                return t.count == 2
                    && t.allSatisfy {
                        $0.report.health == .down
                            && $0.report.lastError == "target_limit exceeded (number of targets: 2, limit: 1)"
                    }
            }
            #expect(try f.scrapes() >= 1, "up = 0 is still recorded")

            manager.updateTargets(job: "t", [TargetGroup(source: "s", targets: [two[0]])])
            try await eventually("the remaining target scrapes again") {
                manager.activeTargets().first?.report.health == .up
            }
            group.cancelAll()
        }
    }

    struct ProtocolCase: Sendable, CustomStringConvertible {
        var protocols: [ScrapeProtocol]
        var accept: String
        var description: String { protocols.map(\.rawValue).joined(separator: ",") }
    }

    @Test(arguments: [
        ProtocolCase(protocols: ScrapeProtocol.defaults, accept: ExpositionFormatAccept.prometheus3Default),
        ProtocolCase(protocols: [.prometheusText0_0_4], accept: "text/plain;version=0.0.4;q=0.6,*/*;q=0.5"),
        ProtocolCase(
            protocols: [.prometheusProto, .prometheusText1_0_0, .openMetricsText0_0_1],
            accept: "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.6,"
                + "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,*/*;q=0.3"),
        // Prometheus's DefaultProtoFirstScrapeProtocols, as in its TestAcceptHeader.
        ProtocolCase(
            protocols: [.prometheusProto, .openMetricsText1_0_0, .openMetricsText0_0_1, .prometheusText1_0_0, .prometheusText0_0_4],
            accept: "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.6,"
                + "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,"
                + "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1"),
    ])
    func acceptHeaderFollowsScrapeProtocols(_ c: ProtocolCase) async throws {
        let f = try await MetadataCacheTests.Fixture()
        defer { f.stop() }
        try f.expose("a 1\n")
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let list = c.protocols.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        try """
            scrape_configs:
              - job_name: t
                scrape_interval: 100ms
                scrape_timeout: 100ms
                scrape_protocols: [\(list)]
            """.write(toFile: dir.file("p.yml"), atomically: true, encoding: .utf8)
        let options = ScrapeOptions(config: try PrometheusConfig.load(path: dir.file("p.yml")).scrapeConfigs[0])
        let manager = f.manager
        let port = f.port
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await manager.run() }
            manager.apply([options])
            manager.updateTargets(
                job: "t", [TargetGroup(source: "s", targets: [Labels(["__address__": "127.0.0.1:\(port)"])])])
            try await eventually("a scrape") { manager.activeTargets().first?.report.health == .up }
            group.cancelAll()
        }
        #expect(try String(contentsOfFile: f.dir.file("accept"), encoding: .utf8) == c.accept)
    }
}

/// Prometheus 3's default `Accept` header, written out so the test does not read it from the code under test
/// (as in Prometheus's `TestAcceptHeader`: weights count down from 0.6 whatever the list holds).
enum ExpositionFormatAccept {
    static let prometheus3Default =
        "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,"
        + "application/openmetrics-text;version=0.0.1;q=0.5,"
        + "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,"
        + "text/plain;version=0.0.4;q=0.3,*/*;q=0.2"
}

/// `track_timestamps_staleness`: a vanished sample that carried its own timestamp gets a staleness marker only
/// when the option is on.
@Suite(.serialized)
struct TimestampStalenessTests {
    @Test(arguments: [false, true])
    func explicitTimestampSeriesGoStaleOnlyWhenTracked(_ track: Bool) async throws {
        let f = try await MetadataCacheTests.Fixture()
        defer { f.stop() }
        let ts = (Int64(Date().timeIntervalSince1970) - 60) * 1000
        try f.expose("a 1 \(ts)\nb 2\n")
        var options = ScrapeOptions(jobName: "t", interval: .milliseconds(100), timeout: .milliseconds(100))
        options.trackTimestampsStaleness = track
        let manager = f.manager
        let port = f.port
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await manager.run() }
            manager.apply([options])
            manager.updateTargets(
                job: "t", [TargetGroup(source: "s", targets: [Labels(["__address__": "127.0.0.1:\(port)"])])])
            try await TargetLimitAndProtocolsTests().eventually("a scraped") { try f.samples("a").count == 1 }
            try f.expose("b 2\n")
            let before = try f.scrapes()
            try await TargetLimitAndProtocolsTests().eventually("three more scrapes") { try f.scrapes() >= before + 3 }
            let a = try f.samples("a")
            #expect(a.contains { StaleNaN.isStale($0.v) } == track, "\(a)")
            group.cancelAll()
        }
    }
}
