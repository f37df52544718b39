public import PromModel

/// What the targets API shows of an active target; the executable adapts the scrape manager to this.
public struct APIActiveTarget: Sendable {
    public var discoveredLabels: Labels
    public var labels: Labels
    public var scrapePool: String
    public var scrapeURL: String
    public var globalURL: String
    public var lastError: String
    /// ms since the epoch; 0 = never scraped.
    public var lastScrape: Int64
    public var lastScrapeDuration: Double
    public var health: String
    public var scrapeInterval: String
    public var scrapeTimeout: String

    public init(
        discoveredLabels: Labels, labels: Labels, scrapePool: String, scrapeURL: String, globalURL: String,
        lastError: String, lastScrape: Int64, lastScrapeDuration: Double, health: String, scrapeInterval: String,
        scrapeTimeout: String
    ) {
        self.discoveredLabels = discoveredLabels
        self.labels = labels
        self.scrapePool = scrapePool
        self.scrapeURL = scrapeURL
        self.globalURL = globalURL
        self.lastError = lastError
        self.lastScrape = lastScrape
        self.lastScrapeDuration = lastScrapeDuration
        self.health = health
        self.scrapeInterval = scrapeInterval
        self.scrapeTimeout = scrapeTimeout
    }
}

public struct APIDroppedTarget: Sendable {
    public var discoveredLabels: Labels
    public var scrapePool: String
    public init(discoveredLabels: Labels, scrapePool: String) {
        self.discoveredLabels = discoveredLabels
        self.scrapePool = scrapePool
    }
}

/// The scrape side of the server, as the API sees it.
public protocol TargetsProvider: Sendable {
    func activeTargets() -> [APIActiveTarget]
    func droppedTargets() -> [APIDroppedTarget]
    func scrapePools() -> [String]
    /// Targets dropped per pool, including those not listed (`keep_dropped_targets`).
    func droppedTargetCounts() -> [String: Int]
}

extension TargetsProvider {
    public func droppedTargetCounts() -> [String: Int] {
        var counts: [String: Int] = [:]
        for t in droppedTargets() { counts[t.scrapePool, default: 0] += 1 }
        return counts
    }
}

/// Server state the API reports and the lifecycle endpoints act on.
public protocol ServerStatusProvider: Sendable {
    /// Whether the server has finished starting (WAL replayed) and serves queries.
    var isReady: Bool { get }
    /// The loaded configuration as YAML, secrets masked.
    var configYAML: String { get }
    /// The server's own metrics in the text exposition format.
    func selfMetrics() -> [UInt8]
}

/// One metric family's metadata as a target exposed it.
public struct APIMetricFamily: Sendable, Equatable {
    public var metric: String
    public var metadata: MetricMetadata
    public init(metric: String, metadata: MetricMetadata) {
        self.metric = metric
        self.metadata = metadata
    }
}

/// The metric metadata of one active target, for `/api/v1/targets/metadata` and `/api/v1/metadata`.
public struct APITargetMetadata: Sendable {
    /// The target's labels (no `__` labels), as `/api/v1/targets` shows them under `labels`.
    public var labels: Labels
    /// Sorted by metric name.
    public var families: [APIMetricFamily]
    public init(labels: Labels, families: [APIMetricFamily]) {
        self.labels = labels
        self.families = families
    }
}

/// Metric metadata kept by the scrape side, per active target.
public protocol MetadataProvider: Sendable {
    /// Active targets in the order of `/api/v1/targets`, with what their scrapes said about metric families.
    func targetMetadata() -> [APITargetMetadata]
}
