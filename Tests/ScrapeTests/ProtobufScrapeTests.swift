import Foundation
import HTTPClient
import PromConfig
import PromModel
@_spi(Benchmarks) import Scrape
import Storage
import Synchronization
import Testing
import TestSupport

/// A storage that keeps what was committed, floats and native histograms apart, so tests can see exactly
/// what a scrape appended (the TSDB does not store histograms yet).
final class RecordingStorage: Appendable, Sendable {
    struct Committed: Sendable {
        var floats: [(Labels, Timestamp, Double)] = []
        var histograms: [(Labels, Timestamp, FloatHistogram)] = []
    }

    let committed = Mutex(Committed())
    /// Refuse histograms like a float-only storage, with the error the TSDB gives today.
    let refuseHistograms: Bool

    init(refuseHistograms: Bool = false) { self.refuseHistograms = refuseHistograms }

    func appender() -> any Appender { Batch(storage: self) }

    /// The newest float of each series named `name` by label set, without target labels.
    func floats(at t: Timestamp) -> [Labels: Double] {
        committed.withLock { c in
            var out: [Labels: Double] = [:]
            for (l, ts, v) in c.floats where ts == t { out[l] = v }
            return out
        }
    }

    final class Batch: HistogramAppender {
        let storage: RecordingStorage
        var pending = Committed()
        var next: UInt64 = 1
        init(storage: RecordingStorage) { self.storage = storage }

        func append(_ ref: SeriesRef, _ labels: Labels, t: Timestamp, v: Double) throws(AppendError) -> SeriesRef {
            pending.floats.append((labels, t, v))
            next += 1
            return SeriesRef(next)
        }

        func appendFloatHistogram(_ ref: SeriesRef, _ labels: Labels, t: Timestamp, h: FloatHistogram) throws(AppendError) -> SeriesRef {
            if storage.refuseHistograms { throw AppendError.storage("native histograms are not supported") }
            pending.histograms.append((labels, t, h))
            next += 1
            return SeriesRef(next)
        }

        func commit() throws(AppendError) {
            let p = pending
            storage.committed.withLock {
                $0.floats += p.floats
                $0.histograms += p.histograms
            }
        }

        func rollback() { pending = Committed() }
    }
}

/// Protobuf bodies through the scrape path (`ScrapeIngester`: parse, cache, relabel, append, staleness,
/// report), into a recording storage.
@Suite struct ProtobufScrapeTests {
    static let protobufType = "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited"
    typealias PM = ProtoMetrics

    static let native = PM.Native(schema: 3, positiveSpans: [(0, 4)], positiveDeltas: [1, 1, 1, 1])

    static func body(counter: Double = 5, withHistogram: Bool = true) -> [UInt8] {
        var families = [
            PM.family("c_total", help: "A counter.", type: .counter, metrics: [
                PM.metric(labels: [("a", "1")], type: .counter, value: counter)
            ]),
            PM.family("s", type: .summary, metrics: [PM.summaryMetric(count: 2, sum: 1, quantiles: [(0.5, 0.25)])]),
        ]
        if withHistogram {
            families.append(PM.family("h", type: .histogram, metrics: [
                PM.histogramMetric(count: 10, sum: 4, buckets: [(1, 3)], native: native)
            ]))
        }
        return ProtoMessage.delimited(families)
    }

    func ingester(_ storage: RecordingStorage, _ configure: (inout ScrapeOptions) -> Void = { _ in }) throws -> ScrapeIngester {
        var options = ScrapeOptions(jobName: "j", interval: .seconds(15), timeout: .seconds(10))
        configure(&options)
        guard case .active(let target) = resolveTarget(
            Labels([(LabelName.address, "127.0.0.1:1")]), group: .empty, options: options)
        else {
            Issue.record("target did not resolve")
            throw CancellationError()
        }
        return ScrapeIngester(target: target, options: options, appendable: storage, client: try HTTPClient())
    }

    func series(_ name: String, _ extra: [String: String] = [:]) -> Labels {
        var d = ["__name__": name, "job": "j", "instance": "127.0.0.1:1"]
        for (k, v) in extra { d[k] = v }
        return Labels(d)
    }

    @Test func nativeHistogramsAreAppendedAsHistogramsAndClassicSeriesSkipped() throws {
        let storage = RecordingStorage()
        var ing = try ingester(storage)
        let report = ing.ingest(Self.body(), contentType: Self.protobufType, at: 1000)
        #expect(report.health == .up, "\(report.lastError)")
        #expect(report.samplesScraped == 1 + 3 + 1)
        let floats = storage.floats(at: 1000)
        #expect(floats[series("c_total", ["a": "1"])] == 5)
        #expect(floats[series("s_count")] == 2)
        #expect(floats[series("s_sum")] == 1)
        #expect(floats[series("s", ["quantile": "0.5"])] == 0.25)
        #expect(!floats.keys.contains { $0.metricName.hasPrefix("h_") })
        let hs = storage.committed.withLock { $0.histograms }
        #expect(hs.count == 1)
        #expect(hs.first?.0 == series("h"))
        #expect(hs.first?.2 == FloatHistogram(schema: 3, count: 10, sum: 4, positiveOffset: 0, positive: [1, 2, 3, 4]))
    }

    @Test func alwaysScrapeClassicHistogramsKeepsBoth() throws {
        let storage = RecordingStorage()
        var ing = try ingester(storage) { $0.nativeHistograms.alwaysScrapeClassic = true }
        let report = ing.ingest(Self.body(), contentType: Self.protobufType, at: 1000)
        #expect(report.samplesScraped == 1 + 3 + 1 + 4)
        let floats = storage.floats(at: 1000)
        #expect(floats[series("h_bucket", ["le": "1.0"])] == 3)
        #expect(floats[series("h_bucket", ["le": "+Inf"])] == 10)
        #expect(floats[series("h_count")] == 10)
        #expect(storage.committed.withLock { $0.histograms.count } == 1)
    }

    @Test func aStorageWithoutHistogramsCountsTheErrorAndKeepsTheScrape() throws {
        let storage = RecordingStorage(refuseHistograms: true)
        var ing = try ingester(storage)
        let report = ing.ingest(Self.body(), contentType: Self.protobufType, at: 1000)
        #expect(report.health == .up, "\(report.lastError)")
        #expect(storage.floats(at: 1000)[series("c_total", ["a": "1"])] == 5)
        #expect(storage.floats(at: 1000)[series("scrape_samples_post_metric_relabeling")] == 5)
        #expect(storage.floats(at: 1000)[series("scrape_series_added")] == 4)
    }

    @Test func cachedSeriesRelabelingAndStaleness() throws {
        let storage = RecordingStorage()
        var ing = try ingester(storage) {
            $0.metricRelabelConfigs = [RelabelConfig(sourceLabels: ["__name__"], regex: try! PromRegex("s_sum"), action: .drop)]
        }
        _ = ing.ingest(Self.body(counter: 5), contentType: Self.protobufType, at: 1000)
        _ = ing.ingest(Self.body(counter: 6), contentType: Self.protobufType, at: 2000)
        let second = storage.floats(at: 2000)
        #expect(second[series("c_total", ["a": "1"])] == 6)
        #expect(second[series("s_sum")] == nil, "dropped by metric_relabel_configs")
        #expect(second[series("scrape_series_added")] == 0, "every series came from the cache")
        // The histogram family disappears: its series gets a staleness marker.
        _ = ing.ingest(Self.body(counter: 7, withHistogram: false), contentType: Self.protobufType, at: 3000)
        let third = storage.floats(at: 3000)
        #expect(third[series("h")].map(StaleNaN.isStale) == true)
    }

    @Test func honorTimestampsUsesTheMetricsTimestamp() throws {
        let body = ProtoMessage.delimited([
            PM.family("g", type: .gauge, metrics: [PM.metric(type: .gauge, value: 1, timestampMs: 500)])
        ])
        for honor in [true, false] {
            let storage = RecordingStorage()
            var ing = try ingester(storage) { $0.honorTimestamps = honor }
            _ = ing.ingest(body, contentType: Self.protobufType, at: 1000)
            #expect(storage.floats(at: honor ? 500 : 1000)[series("g")] == 1)
        }
    }

    @Test func limitsAndParseErrorsFailTheScrape() throws {
        let storage = RecordingStorage()
        var ing = try ingester(storage) { $0.limits.sampleLimit = 3 }
        #expect(ing.ingest(Self.body(), contentType: Self.protobufType, at: 1000).lastError == "sample limit exceeded")
        var broken = try ingester(RecordingStorage())
        let report = broken.ingest(Array(Self.body().dropLast(3)), contentType: Self.protobufType, at: 1000)
        #expect(report.health == .down)
        #expect(report.lastError.hasPrefix("protobuf byte "), "\(report.lastError)")
    }

    /// `fallback_scrape_protocol` picks the parser when the Content-Type is missing or unknown; without it such
    /// a body is read as text (and a protobuf body then fails to parse).
    @Test(arguments: [nil, "application/octet-stream"])
    func fallbackProtocolReadsBodiesWithoutAKnownContentType(_ contentType: String?) throws {
        let storage = RecordingStorage()
        var ing = try ingester(storage) { $0.fallbackFormat = .protobuf }
        let report = ing.ingest(Self.body(), contentType: contentType, at: 1000)
        #expect(report.health == .up, "\(report.lastError)")
        #expect(storage.floats(at: 1000)[series("c_total", ["a": "1"])] == 5)
        var noFallback = try ingester(RecordingStorage())
        #expect(noFallback.ingest(Self.body(), contentType: contentType, at: 1000).health == .down)
    }

    @Test func fallbackProtocolComesFromTheScrapeConfig() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try """
            scrape_configs:
              - job_name: a
                fallback_scrape_protocol: PrometheusProto
                always_scrape_classic_histograms: true
                native_histogram_bucket_limit: 160
                native_histogram_min_bucket_factor: 1.1
              - job_name: b
            """.write(toFile: dir.file("p.yml"), atomically: true, encoding: .utf8)
        let configs = try PrometheusConfig.load(path: dir.file("p.yml")).scrapeConfigs
        let a = ScrapeOptions(config: configs[0])
        #expect(a.fallbackFormat == .protobuf)
        #expect(a.nativeHistograms.alwaysScrapeClassic && a.nativeHistograms.bucketLimit == 160 && a.nativeHistograms.maxSchema == 2)
        let b = ScrapeOptions(config: configs[1])
        #expect(b.fallbackFormat == nil)
        #expect(b.nativeHistograms == NativeHistogramOptions())
    }

    struct LimitCase: Sendable, CustomTestStringConvertible {
        var bucketLimit: Int
        var minFactor: Double
        var schema: Int32?
        var testDescription: String { "limit \(bucketLimit), factor \(minFactor)" }
    }

    /// Schema 3 with four buckets: a bucket limit halves the resolution until it fits, a minimum growth factor
    /// caps the schema, and a limit that cannot be met fails the scrape.
    @Test(arguments: [
        LimitCase(bucketLimit: 0, minFactor: 0, schema: 3),
        LimitCase(bucketLimit: 4, minFactor: 0, schema: 3),
        LimitCase(bucketLimit: 2, minFactor: 0, schema: 1),
        LimitCase(bucketLimit: 0, minFactor: 1.1, schema: 2),
        LimitCase(bucketLimit: 0, minFactor: 2, schema: 0),
    ])
    func nativeHistogramBucketLimits(_ c: LimitCase) throws {
        let storage = RecordingStorage()
        var ing = try ingester(storage) {
            $0.nativeHistograms.bucketLimit = c.bucketLimit
            $0.nativeHistograms.maxSchema = NativeHistogramOptions.maxSchema(minBucketFactor: c.minFactor)
        }
        let report = ing.ingest(Self.body(), contentType: Self.protobufType, at: 1000)
        #expect(report.health == .up, "\(report.lastError)")
        let h = try #require(storage.committed.withLock { $0.histograms.first?.2 })
        #expect(h.schema == c.schema)
        #expect(h.count == 10 && h.positive.reduce(0, +) == 10)
    }

    @Test func anUnreachableBucketLimitFailsTheScrape() throws {
        let wide = ProtoMessage.delimited([
            PM.family("h", type: .histogram, metrics: [
                PM.histogramMetric(
                    count: 2, sum: 1, buckets: [],
                    native: PM.Native(schema: -4, positiveSpans: [(-3, 1), (5, 1)], positiveDeltas: [1, 0]))
            ])
        ])
        var ing = try ingester(RecordingStorage()) { $0.nativeHistograms.bucketLimit = 1 }
        #expect(ing.ingest(wide, contentType: Self.protobufType, at: 1000).lastError == "histogram bucket limit exceeded")
    }

    @Test(arguments: [(1.0, Int32(8)), (1.002, 8), (1.01, 6), (1.09, 3), (1.1, 2), (1.4, 1), (2, 0), (4, -1), (65536, -4), (1e9, -4)])
    func minBucketFactorMapsToSchema(_ factor: Double, _ schema: Int32) {
        #expect(NativeHistogramOptions.maxSchema(minBucketFactor: factor) == schema)
    }
}

/// Family metadata of protobuf scrapes through a real HTTP target and head (the fixture of
/// `MetadataCacheTests`): what the metadata APIs show follows the families' type, help and unit.
@Suite(.serialized)
struct ProtobufMetadataTests {
    typealias PM = ProtoMetrics

    func expose(_ f: MetadataCacheTests.Fixture, _ families: [ProtoMessage]) throws {
        try ProtobufScrapeTests.protobufType.write(toFile: f.dir.file("content-type"), atomically: true, encoding: .utf8)
        try Data(ProtoMessage.delimited(families)).write(to: URL(fileURLWithPath: f.dir.file("metrics")), options: .atomic)
    }

    @Test func protobufFamiliesCarryTypeHelpAndUnit() async throws {
        let f = try await MetadataCacheTests.Fixture()
        defer { f.stop() }
        try expose(f, [
            PM.family("c_total", help: "A counter.", type: .counter, metrics: [PM.metric(type: .counter, value: 1)]),
            PM.family("lat_seconds", help: "Latency.", type: .histogram, unit: "seconds", metrics: [
                PM.histogramMetric(count: 1, sum: 1, buckets: [(1, 1)])
            ]),
            PM.family("u", type: .untyped, metrics: [PM.metric(value: 2)]),
        ])
        try await f.run { f in
            let first = [
                FamilyMetadata(metric: "c_total", metadata: MetricMetadata(type: .counter, help: "A counter.")),
                FamilyMetadata(metric: "lat_seconds", metadata: MetricMetadata(type: .histogram, help: "Latency.", unit: "seconds")),
                FamilyMetadata(metric: "u", metadata: MetricMetadata(type: .unknown)),
            ]
            try await MetadataCacheTests().eventually("metadata of the first body") { f.metadata == first }
            #expect(try f.samples("lat_seconds_bucket").isEmpty == false)

            try expose(f, [PM.family("c_total", help: "New help.", type: .gauge, metrics: [PM.metric(type: .gauge, value: 1)])])
            try await MetadataCacheTests().eventually("changed metadata") {
                f.metadata.first { $0.metric == "c_total" }?.metadata == MetricMetadata(type: .gauge, help: "New help.")
            }
        }
    }
}
