public import PromModel

/// A whole `prometheus.yml`, with every default filled in.
///
/// Load with `PrometheusConfig.load(path:)` or `parse(yaml:filename:)`; print with `yaml()` (secrets hidden)
/// or `yaml(revealSecrets: true)` to write a file another server will read.
public struct PrometheusConfig: Sendable, Hashable, Encodable {
    public var global = GlobalConfig()
    /// Rule file globs, resolved against the config file's directory.
    public var ruleFiles: [String] = []
    /// Scrape config file globs, resolved against the config file's directory.
    public var scrapeConfigFiles: [String] = []
    public var scrapeConfigs: [ScrapeConfig] = []
    public var alerting = AlertingConfig()
    public var remoteWrite: [RemoteWriteConfig] = []
    public var remoteRead: [RemoteReadConfig] = []
    public var storage = StorageConfig()
    public var otlp = OTLPConfig()
    public var tracing = TracingConfig()
    /// `runtime.gogc`, kept only so it prints back; it has no effect in Sextant.
    public var runtimeGOGC: Int?
    /// Scrape configs read from `scrape_config_files` at load time (not printed: they live in their own files).
    public var includedScrapeConfigs: [ScrapeConfig] = []

    public init() {}

    /// Inline and included scrape configs, inline first.
    public var allScrapeConfigs: [ScrapeConfig] { scrapeConfigs + includedScrapeConfigs }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case global
        case ruleFiles = "rule_files"
        case scrapeConfigFiles = "scrape_config_files"
        case scrapeConfigs = "scrape_configs"
        case alerting
        case remoteWrite = "remote_write"
        case remoteRead = "remote_read"
        case storage
        case otlp
        case tracing
        case runtime
    }

    enum RuntimeKeys: String, CodingKey {
        case gogc
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(global, forKey: .global)
        try c.encodeNonEmpty(ruleFiles, forKey: .ruleFiles)
        try c.encodeNonEmpty(scrapeConfigFiles, forKey: .scrapeConfigFiles)
        try c.encodeNonEmpty(scrapeConfigs, forKey: .scrapeConfigs)
        if !alerting.isEmpty { try c.encode(alerting, forKey: .alerting) }
        try c.encodeNonEmpty(remoteWrite, forKey: .remoteWrite)
        try c.encodeNonEmpty(remoteRead, forKey: .remoteRead)
        if !storage.isEmpty { try c.encode(storage, forKey: .storage) }
        if !otlp.isEmpty { try c.encode(otlp, forKey: .otlp) }
        if !tracing.isEmpty { try c.encode(tracing, forKey: .tracing) }
        if let runtimeGOGC {
            var r = c.nestedContainer(keyedBy: RuntimeKeys.self, forKey: .runtime)
            try r.encode(runtimeGOGC, forKey: .gogc)
        }
    }
}
