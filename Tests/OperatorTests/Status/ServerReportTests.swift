import Synchronization
import Testing

@testable import Operator

/// Reading what servers report (`/api/v1/status/config`, `/api/v1/targets`) and the `ConfigApplied` verdict.
struct ServerReportTests {
    @Test func configHeaderGivesHashAndReloadError() throws {
        let ok = ##"{"status":"success","data":{"yaml":"# sextant-config-hash: 00ff00ff00ff00ff source: configmap a/b key k\nglobal:\n  scrape_interval: 1m\n"}}"##
        let parsed = try ServerReport.parseConfigHeader(Array(ok.utf8))
        #expect(parsed.hash == "00ff00ff00ff00ff")
        #expect(parsed.reloadError == nil)

        let bad = ##"{"status":"success","data":{"yaml":"# sextant-config-hash: 1 source: f\n# sextant-last-reload-error: line 3: bad duration \"soon\"\nglobal: {}\n"}}"##
        let refused = try ServerReport.parseConfigHeader(Array(bad.utf8))
        #expect(refused.reloadError == #"line 3: bad duration "soon""#)

        // A Prometheus (or an older server) without the header: no hash, so the config is never taken as applied.
        let plain = ##"{"status":"success","data":{"yaml":"global:\n  scrape_interval: 1m\n"}}"##
        #expect(try ServerReport.parseConfigHeader(Array(plain.utf8)).hash == nil)
    }

    @Test func targetsAreCountedPerMonitor() throws {
        let body = #"""
            {"status":"success","data":{"activeTargets":[
              {"scrapePool":"serviceMonitor/shop/api/0","health":"up","lastError":""},
              {"scrapePool":"serviceMonitor/shop/api/0","health":"down","lastError":"connection refused"},
              {"scrapePool":"serviceMonitor/shop/api/1","health":"unknown","lastError":""},
              {"scrapePool":"static","health":"up","lastError":""}],
             "droppedTargets":[{"discoveredLabels":{},"scrapePool":"serviceMonitor/shop/api/0"}],
             "droppedTargetCounts":{"serviceMonitor/shop/api/0":7,"static":0}}}
            """#
        let (active, dropped) = try ServerReport.parseTargets(Array(body.utf8))
        #expect(active.count == 4)
        #expect(dropped == ["serviceMonitor/shop/api/0": 7], "droppedTargetCounts wins over the (limited) list")
        var report = ServerReport(endpoint: ServerEndpoint(shard: 0, url: "http://a", pod: "p"))
        report.active = active
        report.dropped = dropped
        var unreachable = ServerReport(endpoint: ServerEndpoint(shard: 1, url: "http://b", pod: "q"))
        unreachable.error = "timeout"
        let counts = MonitorTargetCounts.count([report, report, unreachable])
        let api = try #require(counts[.init(kind: "ServiceMonitor", namespace: "shop", name: "api")])
        #expect(api == .init(targets: 6, up: 2, down: 2, dropped: 14, lastError: "serviceMonitor/shop/api/0: connection refused"))
        #expect(counts.count == 1)
    }

    struct VerdictCase: Sendable, CustomStringConvertible {
        var description: String
        var reports: [(shard: Int, hash: String?, reloadError: String?, error: String?)]
        var applied: Bool?
        var reason: String
    }

    static let verdicts: [VerdictCase] = [
        .init(description: "no servers", reports: [], applied: nil, reason: "NoServerRunning"),
        .init(description: "all current", reports: [(0, "a", nil, nil), (1, "b", nil, nil)], applied: true, reason: "ConfigLoaded"),
        .init(description: "shard 1 behind", reports: [(0, "a", nil, nil), (1, "a", nil, nil)], applied: nil, reason: "ConfigPending"),
        .init(description: "refused", reports: [(0, "old", "bad regex", nil), (1, "b", nil, nil)], applied: false, reason: "ConfigRejected"),
        .init(description: "unreachable", reports: [(0, nil, nil, "connection refused")], applied: nil, reason: "ServerUnreachable"),
    ]

    @Test(arguments: verdicts)
    func configAppliedVerdict(_ c: VerdictCase) {
        let reports = c.reports.enumerated().map { i, r in
            var report = ServerReport(endpoint: ServerEndpoint(shard: r.shard, url: "http://s\(i)", pod: "pod-\(i)"))
            report.configHash = r.hash
            report.reloadError = r.reloadError
            report.error = r.error
            return report
        }
        let v = ConfigAppliedCheck.evaluate(reports, rendered: [0: "a", 1: "b"])
        #expect(v.applied == c.applied)
        #expect(v.reason == c.reason)
        if c.applied != true { #expect(v.message?.isEmpty == false) }
    }

    @Test func configHashIsFNV1aHex() {
        #expect(ConfigHash.of("") == "cbf29ce484222325")
        #expect(ConfigHash.of("a") == "af63dc4c8601ec8c")
    }

    @Test func serverOverridesParse() throws {
        let o = try ServerOverride.parse(["mon/main=http://127.0.0.1:9090/", "mon/main/1=http://127.0.0.1:9091"])
        #expect(o["mon/main"] == [
            ServerEndpoint(shard: 0, url: "http://127.0.0.1:9090", pod: "override"),
            ServerEndpoint(shard: 1, url: "http://127.0.0.1:9091", pod: "override"),
        ])
        for bad in ["main=http://x", "mon/main", "mon/main=ftp://x", "mon/main/x=http://x"] {
            #expect(throws: ReconcileError.self) { try ServerOverride.parse([bad]) }
        }
    }

    /// Records what it was asked and answers like a server with no targets.
    final class RecordingFetcher: ServerFetcher {
        let calls = Mutex<[(String, ServerAccess)]>([])
        func get(_ url: String, access: ServerAccess) async throws -> [UInt8] {
            calls.withLock { $0.append((url, access)) }
            let body =
                url.hasSuffix("/api/v1/status/config")
                ? ##"{"status":"success","data":{"yaml":"# sextant-config-hash: 00000000000000ab source: f\n"}}"##
                : ##"{"status":"success","data":{"activeTargets":[],"droppedTargets":[]}}"##
            return Array(body.utf8)
        }
    }

    /// Both reads carry the credentials and pinned certificate they were given (and none when there are none).
    @Test func readPassesCredentialsToBothRequests() async {
        let fetcher = RecordingFetcher()
        let endpoint = ServerEndpoint(shard: 0, url: "https://10.0.0.7:9090", pod: "sextant-main-0")
        let credentials = ServerAccess(
            credentials: BasicCredentials(username: "sextant-operator", password: "s3cret"),
            certificatePEM: "-----BEGIN CERTIFICATE-----\n…")
        let report = await ServerReport.read(endpoint, fetcher: fetcher, access: credentials)
        #expect(report.error == nil && report.configHash == "00000000000000ab")
        _ = await ServerReport.read(endpoint, fetcher: fetcher)
        let calls = fetcher.calls.withLock { $0 }
        #expect(calls.map(\.0) == [
            "https://10.0.0.7:9090/api/v1/status/config", "https://10.0.0.7:9090/api/v1/targets",
            "https://10.0.0.7:9090/api/v1/status/config", "https://10.0.0.7:9090/api/v1/targets",
        ])
        #expect(calls.map(\.1) == [credentials, credentials, ServerAccess(), ServerAccess()])
    }
}
