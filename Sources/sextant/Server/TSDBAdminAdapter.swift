import Foundation
import HTTPAPI
import PromConfig
import PromModel
import Synchronization
import TSDB

/// The TSDB as the API's `TSDBAdminProvider`.
struct TSDBAdminAdapter: TSDBAdminProvider {
    let tsdb: TSDB

    func tsdbStatus(limit: Int) -> APITSDBStatus {
        let c = tsdb.headCardinality(limit: limit)
        let s = tsdb.stats
        func entries(_ l: [HeadCardinality.Entry]) -> [APITSDBStatus.Entry] {
            l.map { APITSDBStatus.Entry(name: $0.name, value: $0.value) }
        }
        return APITSDBStatus(
            numSeries: s.numSeries, numLabelPairs: c.numLabelPairs, chunkCount: s.chunks, minTime: s.minTime,
            maxTime: s.maxTime, seriesCountByMetricName: entries(c.seriesCountByMetricName),
            labelValueCountByLabelName: entries(c.labelValueCountByLabelName),
            memoryInBytesByLabelName: entries(c.memoryInBytesByLabelName),
            seriesCountByLabelValuePair: entries(c.seriesCountByLabelValuePair))
    }

    func deleteSeries(selectors: [[Matcher]], start: Int64, end: Int64) throws {
        for matchers in selectors { try tsdb.deleteSeries(matchers: matchers, mint: start, maxt: end) }
    }

    /// Our deletion rewrites affected blocks at once (see `TSDB.deleteSeries`), so no tombstones remain on disk
    /// to clean; the endpoint succeeds as Prometheus's does when there is nothing to clean.
    func cleanTombstones() throws {}

    func snapshot(skipHead: Bool) throws -> String {
        guard let dir = tsdb.directory else { throw TSDBError("snapshots need an on-disk database") }
        let name = Self.snapshotName(Date())
        try FileManager.default.createDirectory(atPath: dir + "/snapshots", withIntermediateDirectories: true)
        try tsdb.snapshot(to: "\(dir)/snapshots/\(name)", withHead: !skipHead)
        return name
    }

    /// Prometheus's snapshot names: UTC `20060102T150405Z` then 16 random hex digits.
    static func snapshotName(_ now: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let random = (0..<8).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        return "\(f.string(from: now))-\(random)"
    }
}

/// What `/api/v1/status/runtimeinfo` reports; reloads through the API update it.
final class RuntimeState: Sendable {
    let startTime = Date()
    let storageRetention: String
    private let lastReload = Mutex<(ok: Bool, at: Date)>((true, Date()))

    init(storageRetention: String) { self.storageRetention = storageRetention }

    func recordReload(ok: Bool) { lastReload.withLock { $0 = (ok, Date()) } }

    func info() -> APIRuntimeInfo {
        let r = lastReload.withLock { $0 }
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return APIRuntimeInfo(
            startTime: iso.string(from: startTime), cwd: FileManager.default.currentDirectoryPath,
            reloadConfigSuccess: r.ok, lastConfigTime: iso.string(from: r.at), corruptionCount: 0,
            goroutineCount: Self.threadCount(), gomaxprocs: ProcessInfo.processInfo.activeProcessorCount,
            storageRetention: storageRetention)
    }

    /// Threads of this process (the closest thing to Go's goroutine count), from /proc.
    static func threadCount() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("Threads:") {
            return Int(line.dropFirst("Threads:".count).trimmingCharacters(in: .whitespaces)) ?? 0
        }
        return 0
    }
}

extension ServerOptions {
    /// Flag values as `/api/v1/status/flags` reports them (names without dashes).
    var flagValues: [String: String] {
        [
            "config.file": configFile ?? "",
            "config.kubernetes-configmap": configMap.map { "\($0.namespace)/\($0.name)" } ?? "",
            "web.listen-address": "\(host):\(port)",
            "web.external-url": externalURL,
            "web.config.file": webConfigFile ?? "",
            "web.page-title": pageTitle,
            "web.enable-lifecycle": String(enableLifecycle),
            "web.enable-admin-api": String(enableAdminAPI),
            "storage.tsdb.path": storagePath,
            "storage.tsdb.retention.time": PromDuration(milliseconds: retention.milliseconds).description,
            "storage.tsdb.retention.size": String(retentionSize),
            "storage.tsdb.min-block-duration": PromDuration(milliseconds: minBlockDuration.milliseconds).description,
            "storage.tsdb.wal-compression": String(walCompression),
            "query.lookback-delta": PromDuration(milliseconds: lookbackDelta.milliseconds).description,
            "query.timeout": PromDuration(milliseconds: queryTimeout.milliseconds).description,
            "query.max-samples": String(maxSamples),
            "query.max-concurrency": String(maxConcurrency),
            "enable-feature": features.sorted().joined(separator: ","),
        ]
    }
}
