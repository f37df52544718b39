public import Exposition
import Foundation
public import PromConfig
public import PromModel

/// Everything a scrape pool needs from its `scrape_config`, in Scrape's own terms.
///
/// Built from `PromConfig.ScrapeConfig` in one place (`ScrapeOptions+Config.swift`), so the loop code does not
/// follow the config file's shape. Equatable: a reload restarts a pool's loops only when this changes.
public struct ScrapeOptions: Sendable, Equatable {
    public var jobName: String
    public var interval: Duration
    public var timeout: Duration
    public var metricsPath: String
    public var scheme: String
    public var params: [String: [String]]
    public var honorLabels: Bool
    public var honorTimestamps: Bool
    public var enableCompression: Bool
    public var relabelConfigs: [RelabelConfig]
    public var metricRelabelConfigs: [RelabelConfig]
    public var limits: ScrapeLimits
    /// Auth, TLS and proxy settings, read afresh for every scrape (files may change).
    public var http: HTTPClientConfig
    /// `track_timestamps_staleness`: samples with explicit timestamps also get staleness markers when they vanish.
    public var trackTimestampsStaleness = false
    /// The `Accept` header of scrape requests, from `scrape_protocols`.
    public var acceptHeader = scrapeAcceptHeader(ScrapeProtocol.defaults)
    /// The parser for a response without a (known) Content-Type, from `fallback_scrape_protocol`; nil: the
    /// Prometheus text format.
    public var fallbackFormat: ExpositionFormat?
    /// What to do with native histograms (only protobuf bodies carry them).
    public var nativeHistograms = NativeHistogramOptions()

    public init(
        jobName: String, interval: Duration, timeout: Duration, metricsPath: String = "/metrics",
        scheme: String = "http", params: [String: [String]] = [:], honorLabels: Bool = false,
        honorTimestamps: Bool = true, enableCompression: Bool = true, relabelConfigs: [RelabelConfig] = [],
        metricRelabelConfigs: [RelabelConfig] = [], limits: ScrapeLimits = ScrapeLimits(),
        http: HTTPClientConfig = HTTPClientConfig()
    ) {
        self.jobName = jobName
        self.interval = interval
        self.timeout = timeout
        self.metricsPath = metricsPath
        self.scheme = scheme
        self.params = params
        self.honorLabels = honorLabels
        self.honorTimestamps = honorTimestamps
        self.enableCompression = enableCompression
        self.relabelConfigs = relabelConfigs
        self.metricRelabelConfigs = metricRelabelConfigs
        self.limits = limits
        self.http = http
    }
}

/// Per-scrape limits; zero means unlimited, as in Prometheus.
public struct ScrapeLimits: Sendable, Equatable {
    public var sampleLimit = 0
    public var labelLimit = 0
    public var labelNameLengthLimit = 0
    public var labelValueLengthLimit = 0
    public var bodySizeLimit = 0
    /// `keep_dropped_targets`: how many targets dropped by relabeling a pool remembers for the API.
    public var keepDroppedTargets = 0
    /// `target_limit`: more active targets than this fail every scrape of the pool (0: no limit).
    public var targetLimit = 0
    public init() {}
}


/// How native histograms of a protobuf scrape are ingested.
public struct NativeHistogramOptions: Sendable, Equatable {
    /// `always_scrape_classic_histograms`: also ingest the classic `_bucket`/`_sum`/`_count` series of a
    /// histogram that is exposed as a native one (otherwise only the native histogram is kept).
    public var alwaysScrapeClassic = false
    /// `native_histogram_bucket_limit`: more buckets than this (both sides) halve the resolution until the
    /// histogram fits; when even schema -4 does not fit, the scrape fails. 0: no limit.
    public var bucketLimit = 0
    /// The highest schema kept, from `native_histogram_min_bucket_factor`: finer histograms are reduced to it.
    public var maxSchema: Int32 = 8

    /// The coarsest exponential schema; the bucket limit cannot reduce resolution below it.
    static let minSchema: Int32 = -4

    public init() {}

    /// The largest schema whose bucket growth factor `2^(2^-schema)` is at least `factor` (8 for factors up to
    /// about 1.0027, down to -4 for 65536 and beyond), as in the table of Prometheus's configuration docs.
    public static func maxSchema(minBucketFactor factor: Double) -> Int32 {
        guard factor > 1 else { return 8 }
        var schema: Int32 = 8
        while schema > -4 && growthFactor(schema) < factor { schema -= 1 }
        return schema
    }

    static func growthFactor(_ schema: Int32) -> Double {
        exp2(exp2(-Double(schema)))
    }
}
