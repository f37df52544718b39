public import PromModel

extension NodeDecoder {
    /// Reads one scrape config, filling what it leaves out from `global` as Prometheus does.
    public func scrapeConfig(global: GlobalConfig) throws(ConfigError) -> ScrapeConfig {
        let o = try object(ScrapeConfig.fieldNames)
        guard let jobName = try o.string("job_name"), !jobName.isEmpty else {
            throw o.objectError(at: "job_name", "job_name is empty")
        }
        var s = ScrapeConfig(jobName: jobName)
        s.honorLabels = try o.bool("honor_labels") ?? false
        s.honorTimestamps = try o.bool("honor_timestamps") ?? true
        s.trackTimestampsStaleness = try o.bool("track_timestamps_staleness") ?? false

        // A zero interval means "inherit", as in Prometheus.
        if let v = try o.duration("scrape_interval"), v != .zero {
            s.scrapeInterval = v
        } else {
            s.scrapeInterval = global.scrapeInterval
        }
        if let v = try o.duration("scrape_timeout"), v != .zero {
            if v > s.scrapeInterval {
                throw o.error(
                    at: "scrape_timeout",
                    "scrape_timeout \(v) greater than scrape_interval \(s.scrapeInterval) in job \(quoted(jobName))")
            }
            s.scrapeTimeout = v
        } else {
            s.scrapeTimeout = min(global.scrapeTimeout, s.scrapeInterval)
        }
        if let d = o["scrape_protocols"] {
            s.scrapeProtocols = try d.scrapeProtocols()
        } else {
            s.scrapeProtocols = global.scrapeProtocols
        }
        if let d = o["fallback_scrape_protocol"] { s.fallbackScrapeProtocol = try d.scrapeProtocol() }
        s.enableCompression = try o.bool("enable_compression") ?? true

        if let path = try o.string("metrics_path"), !path.isEmpty {
            // Go's URL type adds the slash when joining host and path; storing it keeps consumers simple.
            s.metricsPath = path.hasPrefix("/") ? path : "/" + path
        }
        if let scheme = try o.string("scheme"), !scheme.isEmpty {
            guard scheme == "http" || scheme == "https" else {
                throw o.error(at: "scheme", "invalid scheme \(quoted(scheme)): expected \"http\" or \"https\"")
            }
            s.scheme = scheme
        }
        if let d = o["params"] {
            for e in try d.entries() { s.params[e.key] = try e.value.stringList() }
        }
        s.scrapeFailureLogFile = try o.filePath("scrape_failure_log_file") ?? global.scrapeFailureLogFile

        s.bodySizeLimit = try o.decode("body_size_limit") { d throws(ConfigError) in try d.byteSize() } ?? .zero
        if s.bodySizeLimit == .zero { s.bodySizeLimit = global.bodySizeLimit }
        // Zero limits inherit the global limit (Prometheus ≥ 2.45).
        func limit(_ key: String, _ global: UInt64) throws(ConfigError) -> UInt64 {
            let v = try o.uint(key) ?? 0
            return v == 0 ? global : v
        }
        s.sampleLimit = try limit("sample_limit", global.sampleLimit)
        s.targetLimit = try limit("target_limit", global.targetLimit)
        s.labelLimit = try limit("label_limit", global.labelLimit)
        s.labelNameLengthLimit = try limit("label_name_length_limit", global.labelNameLengthLimit)
        s.labelValueLengthLimit = try limit("label_value_length_limit", global.labelValueLengthLimit)
        s.keepDroppedTargets = try limit("keep_dropped_targets", global.keepDroppedTargets)
        if let d = o["metric_name_validation_scheme"] {
            s.metricNameValidationScheme = try d.nameValidationScheme()
        } else {
            s.metricNameValidationScheme = global.metricNameValidationScheme
        }

        s.metricNameEscapingScheme = NameEscapingScheme.defaultFor(s.metricNameValidationScheme)
        if let d = o["metric_name_escaping_scheme"] {
            let e = try d.nameEscapingScheme()
            if s.metricNameValidationScheme == .legacy && e == .allowUTF8 {
                throw d.error("metric_name_escaping_scheme allow-utf-8 cannot be used with metric_name_validation_scheme legacy")
            }
            s.metricNameEscapingScheme = e
        }
        s.alwaysScrapeClassicHistograms = try o.bool("always_scrape_classic_histograms") ?? global.alwaysScrapeClassicHistograms
        s.convertClassicHistogramsToNHCB = try o.bool("convert_classic_histograms_to_nhcb") ?? global.convertClassicHistogramsToNHCB
        s.nativeHistogramBucketLimit = try o.uint("native_histogram_bucket_limit") ?? 0
        if let d = o["native_histogram_min_bucket_factor"] {
            let f = try d.double()
            if f < 0 || f.isNaN { throw d.error("native_histogram_min_bucket_factor must be >= 0, got \(f)") }
            s.nativeHistogramMinBucketFactor = f
        }

        s.httpClientConfig = try o.httpClientConfig()
        let scheme = s.metricNameValidationScheme
        s.serviceDiscovery = try o.serviceDiscoveryConfigs(scheme: scheme)
        s.relabelConfigs = try o.list("relabel_configs") { d throws(ConfigError) in try d.relabelConfig() }
        s.metricRelabelConfigs = try o.list("metric_relabel_configs") { d throws(ConfigError) in
            try d.relabelConfig()
        }
        return s
    }
}
