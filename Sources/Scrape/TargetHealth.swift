public import PromModel

/// Health of a target as `/api/v1/targets` reports it.
public enum TargetHealth: String, Sendable {
    case up
    case down
    case unknown
}

/// The outcome of the latest scrape of a target. A value type: the loop replaces it after every scrape.
public struct ScrapeReport: Sendable {
    public var health: TargetHealth = .unknown
    public var lastError: String = ""
    /// Wall-clock start of the last scrape, ms since the epoch; 0 before the first scrape.
    public var lastScrape: Int64 = 0
    public var lastScrapeDuration: Double = 0
    public var samplesScraped = 0

    public init() {}
}

/// What the targets API shows of an active target.
public struct ActiveTargetStatus: Sendable {
    public var scrapePool: String
    public var target: ScrapeTarget
    public var scrapeURL: String
    public var report: ScrapeReport
    /// Metric metadata from the target's scrapes, sorted by family name.
    public var metadata: [FamilyMetadata] = []
}

/// What the targets API shows of a target dropped by relabeling (or invalid).
public struct DroppedTargetStatus: Sendable {
    public var scrapePool: String
    public var discoveredLabels: Labels
}
