public import PromModel

/// One `scrape_configs` entry: a job, how to reach its targets and what to do with their samples.
///
/// Intervals, timeouts, limits and protocols left out in YAML are filled from `global` at load, so every
/// field here is the effective value.
public struct ScrapeConfig: Sendable, Hashable, Encodable {
    public var jobName: String
    public var honorLabels = false
    public var honorTimestamps = true
    public var trackTimestampsStaleness = false
    public var scrapeInterval: PromDuration = .minutes(1)
    public var scrapeTimeout: PromDuration = .seconds(10)
    public var scrapeProtocols: [ScrapeProtocol] = ScrapeProtocol.defaults
    public var fallbackScrapeProtocol: ScrapeProtocol?
    public var enableCompression = true
    public var metricsPath = "/metrics"
    public var scheme = "http"
    /// URL query parameters (`params:`); each name may repeat.
    public var params = SortedMap<[String]>()
    public var scrapeFailureLogFile: String?
    public var bodySizeLimit: ByteSize = .zero
    public var sampleLimit: UInt64 = 0
    public var targetLimit: UInt64 = 0
    public var labelLimit: UInt64 = 0
    public var labelNameLengthLimit: UInt64 = 0
    public var labelValueLengthLimit: UInt64 = 0
    public var keepDroppedTargets: UInt64 = 0
    public var metricNameValidationScheme: NameValidationScheme = .utf8
    /// How names outside the legacy character set are requested from targets.
    public var metricNameEscapingScheme: NameEscapingScheme = .allowUTF8
    public var alwaysScrapeClassicHistograms = false
    public var convertClassicHistogramsToNHCB = false
    public var nativeHistogramBucketLimit: UInt64 = 0
    public var nativeHistogramMinBucketFactor: Double = 0
    public var httpClientConfig = HTTPClientConfig()
    /// Where targets come from: static targets and file, HTTP and Kubernetes discovery.
    public var serviceDiscovery = ServiceDiscoveryConfigs()
    public var relabelConfigs: [RelabelConfig] = []
    public var metricRelabelConfigs: [RelabelConfig] = []

    public init(jobName: String) { self.jobName = jobName }

    public var staticConfigs: [StaticConfig] {
        get { serviceDiscovery.staticConfigs }
        set { serviceDiscovery.staticConfigs = newValue }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case jobName = "job_name"
        case honorLabels = "honor_labels"
        case honorTimestamps = "honor_timestamps"
        case trackTimestampsStaleness = "track_timestamps_staleness"
        case scrapeInterval = "scrape_interval"
        case scrapeTimeout = "scrape_timeout"
        case scrapeProtocols = "scrape_protocols"
        case fallbackScrapeProtocol = "fallback_scrape_protocol"
        case enableCompression = "enable_compression"
        case metricsPath = "metrics_path"
        case scheme
        case params
        case scrapeFailureLogFile = "scrape_failure_log_file"
        case bodySizeLimit = "body_size_limit"
        case sampleLimit = "sample_limit"
        case targetLimit = "target_limit"
        case labelLimit = "label_limit"
        case labelNameLengthLimit = "label_name_length_limit"
        case labelValueLengthLimit = "label_value_length_limit"
        case keepDroppedTargets = "keep_dropped_targets"
        case metricNameValidationScheme = "metric_name_validation_scheme"
        case metricNameEscapingScheme = "metric_name_escaping_scheme"
        case alwaysScrapeClassicHistograms = "always_scrape_classic_histograms"
        case convertClassicHistogramsToNHCB = "convert_classic_histograms_to_nhcb"
        case nativeHistogramBucketLimit = "native_histogram_bucket_limit"
        case nativeHistogramMinBucketFactor = "native_histogram_min_bucket_factor"
        case relabelConfigs = "relabel_configs"
        case metricRelabelConfigs = "metric_relabel_configs"
    }

    /// Every field name a scrape config accepts (its own plus the inlined HTTP client fields).
    static let fieldNames: [String] = CodingKeys.allCases.map(\.rawValue) + HTTPClientConfig.fieldNames
        + ServiceDiscoveryConfigs.fieldNames

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(jobName, forKey: .jobName)
        try c.encode(honorLabels, forKey: .honorLabels)
        try c.encode(honorTimestamps, forKey: .honorTimestamps)
        try c.encode(trackTimestampsStaleness, forKey: .trackTimestampsStaleness)
        try c.encode(scrapeInterval, forKey: .scrapeInterval)
        try c.encode(scrapeTimeout, forKey: .scrapeTimeout)
        try c.encode(scrapeProtocols, forKey: .scrapeProtocols)
        try c.encodeIfPresent(fallbackScrapeProtocol, forKey: .fallbackScrapeProtocol)
        try c.encode(enableCompression, forKey: .enableCompression)
        try c.encode(metricsPath, forKey: .metricsPath)
        try c.encode(scheme, forKey: .scheme)
        if !params.isEmpty { try c.encode(params, forKey: .params) }
        try c.encodeIfPresent(scrapeFailureLogFile, forKey: .scrapeFailureLogFile)
        if bodySizeLimit != .zero { try c.encode(bodySizeLimit, forKey: .bodySizeLimit) }
        if sampleLimit != 0 { try c.encode(sampleLimit, forKey: .sampleLimit) }
        if targetLimit != 0 { try c.encode(targetLimit, forKey: .targetLimit) }
        if labelLimit != 0 { try c.encode(labelLimit, forKey: .labelLimit) }
        if labelNameLengthLimit != 0 { try c.encode(labelNameLengthLimit, forKey: .labelNameLengthLimit) }
        if labelValueLengthLimit != 0 { try c.encode(labelValueLengthLimit, forKey: .labelValueLengthLimit) }
        if keepDroppedTargets != 0 { try c.encode(keepDroppedTargets, forKey: .keepDroppedTargets) }
        if metricNameValidationScheme != .utf8 {
            try c.encode(metricNameValidationScheme, forKey: .metricNameValidationScheme)
        }
        if metricNameEscapingScheme != NameEscapingScheme.defaultFor(metricNameValidationScheme) {
            try c.encode(metricNameEscapingScheme, forKey: .metricNameEscapingScheme)
        }
        if alwaysScrapeClassicHistograms { try c.encode(true, forKey: .alwaysScrapeClassicHistograms) }
        if convertClassicHistogramsToNHCB { try c.encode(true, forKey: .convertClassicHistogramsToNHCB) }
        if nativeHistogramBucketLimit != 0 { try c.encode(nativeHistogramBucketLimit, forKey: .nativeHistogramBucketLimit) }
        if nativeHistogramMinBucketFactor != 0 {
            try c.encode(nativeHistogramMinBucketFactor, forKey: .nativeHistogramMinBucketFactor)
        }
        // Prometheus inlines the HTTP client fields into the scrape config.
        try httpClientConfig.encode(to: encoder)
        try serviceDiscovery.encode(to: encoder)
        try c.encodeNonEmpty(relabelConfigs, forKey: .relabelConfigs)
        try c.encodeNonEmpty(metricRelabelConfigs, forKey: .metricRelabelConfigs)
    }
}
