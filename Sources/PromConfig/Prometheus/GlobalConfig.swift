public import PromModel

/// The `global:` section: defaults for every scrape job and rule group, and the external labels.
public struct GlobalConfig: Sendable, Hashable, Encodable {
    public var scrapeInterval: PromDuration = .minutes(1)
    public var scrapeTimeout: PromDuration = .seconds(10)
    public var scrapeProtocols: [ScrapeProtocol] = ScrapeProtocol.defaults
    public var evaluationInterval: PromDuration = .minutes(1)
    public var ruleQueryOffset: PromDuration = .zero
    public var externalLabels: Labels = .empty
    public var queryLogFile: String?
    public var scrapeFailureLogFile: String?
    public var bodySizeLimit: ByteSize = .zero
    public var sampleLimit: UInt64 = 0
    public var labelLimit: UInt64 = 0
    public var labelNameLengthLimit: UInt64 = 0
    public var labelValueLengthLimit: UInt64 = 0
    public var targetLimit: UInt64 = 0
    public var keepDroppedTargets: UInt64 = 0
    public var metricNameValidationScheme: NameValidationScheme = .utf8
    public var convertClassicHistogramsToNHCB = false
    public var alwaysScrapeClassicHistograms = false

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case scrapeInterval = "scrape_interval"
        case scrapeTimeout = "scrape_timeout"
        case scrapeProtocols = "scrape_protocols"
        case evaluationInterval = "evaluation_interval"
        case ruleQueryOffset = "rule_query_offset"
        case externalLabels = "external_labels"
        case queryLogFile = "query_log_file"
        case scrapeFailureLogFile = "scrape_failure_log_file"
        case bodySizeLimit = "body_size_limit"
        case sampleLimit = "sample_limit"
        case labelLimit = "label_limit"
        case labelNameLengthLimit = "label_name_length_limit"
        case labelValueLengthLimit = "label_value_length_limit"
        case targetLimit = "target_limit"
        case keepDroppedTargets = "keep_dropped_targets"
        case metricNameValidationScheme = "metric_name_validation_scheme"
        case convertClassicHistogramsToNHCB = "convert_classic_histograms_to_nhcb"
        case alwaysScrapeClassicHistograms = "always_scrape_classic_histograms"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(scrapeInterval, forKey: .scrapeInterval)
        try c.encode(scrapeTimeout, forKey: .scrapeTimeout)
        try c.encode(scrapeProtocols, forKey: .scrapeProtocols)
        try c.encode(evaluationInterval, forKey: .evaluationInterval)
        if ruleQueryOffset != .zero { try c.encode(ruleQueryOffset, forKey: .ruleQueryOffset) }
        try c.encodeLabels(externalLabels, forKey: .externalLabels)
        try c.encodeIfPresent(queryLogFile, forKey: .queryLogFile)
        try c.encodeIfPresent(scrapeFailureLogFile, forKey: .scrapeFailureLogFile)
        if bodySizeLimit != .zero { try c.encode(bodySizeLimit, forKey: .bodySizeLimit) }
        if sampleLimit != 0 { try c.encode(sampleLimit, forKey: .sampleLimit) }
        if labelLimit != 0 { try c.encode(labelLimit, forKey: .labelLimit) }
        if labelNameLengthLimit != 0 { try c.encode(labelNameLengthLimit, forKey: .labelNameLengthLimit) }
        if labelValueLengthLimit != 0 { try c.encode(labelValueLengthLimit, forKey: .labelValueLengthLimit) }
        if targetLimit != 0 { try c.encode(targetLimit, forKey: .targetLimit) }
        if keepDroppedTargets != 0 { try c.encode(keepDroppedTargets, forKey: .keepDroppedTargets) }
        if metricNameValidationScheme != .utf8 {
            try c.encode(metricNameValidationScheme, forKey: .metricNameValidationScheme)
        }
        if convertClassicHistogramsToNHCB { try c.encode(true, forKey: .convertClassicHistogramsToNHCB) }
        if alwaysScrapeClassicHistograms { try c.encode(true, forKey: .alwaysScrapeClassicHistograms) }
    }
}

extension NodeDecoder {
    /// Reads `global:`; unset or zero intervals take Prometheus's defaults, and a missing timeout is capped
    /// at the interval.
    public func globalConfig() throws(ConfigError) -> GlobalConfig {
        let o = try object(GlobalConfig.CodingKeys.allCases.map(\.rawValue))
        var g = GlobalConfig()
        let defaults = GlobalConfig()
        if let v = try o.duration("scrape_interval"), v != .zero { g.scrapeInterval = v }
        if let v = try o.duration("scrape_timeout"), v != .zero {
            if v > g.scrapeInterval {
                throw o.error(at: "scrape_timeout", "global scrape_timeout \(v) greater than scrape_interval \(g.scrapeInterval)")
            }
            g.scrapeTimeout = v
        } else {
            g.scrapeTimeout = min(defaults.scrapeTimeout, g.scrapeInterval)
        }
        if let d = o["scrape_protocols"] { g.scrapeProtocols = try d.scrapeProtocols() }
        if let v = try o.duration("evaluation_interval"), v != .zero { g.evaluationInterval = v }
        if let v = try o.duration("rule_query_offset") { g.ruleQueryOffset = v }
        if let d = o["metric_name_validation_scheme"] { g.metricNameValidationScheme = try d.nameValidationScheme() }
        if let d = o["external_labels"] {
            g.externalLabels = try d.labels(
                scheme: g.metricNameValidationScheme, allowMetricName: false, expandEnvironment: true)
        }
        g.queryLogFile = try o.filePath("query_log_file")
        g.scrapeFailureLogFile = try o.filePath("scrape_failure_log_file")
        if let d = o["body_size_limit"] { g.bodySizeLimit = try d.byteSize() }
        g.sampleLimit = try o.uint("sample_limit") ?? 0
        g.labelLimit = try o.uint("label_limit") ?? 0
        g.labelNameLengthLimit = try o.uint("label_name_length_limit") ?? 0
        g.labelValueLengthLimit = try o.uint("label_value_length_limit") ?? 0
        g.targetLimit = try o.uint("target_limit") ?? 0
        g.keepDroppedTargets = try o.uint("keep_dropped_targets") ?? 0
        g.convertClassicHistogramsToNHCB = try o.bool("convert_classic_histograms_to_nhcb") ?? false
        g.alwaysScrapeClassicHistograms = try o.bool("always_scrape_classic_histograms") ?? false
        return g
    }
}
