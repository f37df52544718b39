import Exposition
import HTTPAPI
import PromConfig
import Prometheus
import PromModel
import Scrape
import TSDB

/// The scrape manager as the API's `TargetsProvider`.
struct ScrapeTargetsProvider: TargetsProvider {
    let manager: ScrapeManager
    let global: GlobalURLRewriter

    func activeTargets() -> [APIActiveTarget] {
        manager.activeTargets().map { t in
            APIActiveTarget(
                discoveredLabels: t.target.discoveredLabels, labels: t.target.labels, scrapePool: t.scrapePool,
                scrapeURL: t.scrapeURL, globalURL: global.globalURL(t.scrapeURL), lastError: t.report.lastError,
                lastScrape: t.report.lastScrape, lastScrapeDuration: t.report.lastScrapeDuration,
                health: t.report.health.rawValue, scrapeInterval: PromDuration(milliseconds: t.target.interval.milliseconds).description,
                scrapeTimeout: PromDuration(milliseconds: t.target.timeout.milliseconds).description)
        }
    }

    func droppedTargets() -> [APIDroppedTarget] {
        manager.droppedTargets().map { APIDroppedTarget(discoveredLabels: $0.discoveredLabels, scrapePool: $0.scrapePool) }
    }

    func scrapePools() -> [String] { manager.scrapePools }

    func droppedTargetCounts() -> [String: Int] { manager.droppedTargetCounts() }
}

extension ScrapeTargetsProvider: MetadataProvider {
    func targetMetadata() -> [APITargetMetadata] {
        manager.activeTargets().map { t in
            APITargetMetadata(
                labels: t.target.labels,
                families: t.metadata.map { APIMetricFamily(metric: $0.metric, metadata: $0.metadata) })
        }
    }
}

/// Readiness, config and self-metrics for the API.
struct ServerStatus: ServerStatusProvider {
    let config: ConfigReloader
    let tsdb: TSDB
    let registry: PrometheusCollectorRegistry
    let process = ProcessMetrics()

    var isReady: Bool { config.config != nil }

    /// The running config, headed by comments with the hash of its source text, where it came from and why
    /// the last reload failed (if it did): the operator compares the hash with the config it rendered to set
    /// `ConfigApplied`. Comments keep the response Prometheus's `{"yaml": …}`.
    var configYAML: String {
        guard let applied = config.applied else { return "" }
        var header = "# sextant-config-hash: \(applied.hash) source: \(applied.origin)\n"
        if let failure = config.lastFailure {
            let oneLine = failure.split(whereSeparator: \.isNewline).joined(separator: " ")
            header += "# sextant-last-reload-error: \(oneLine)\n"
        }
        return header + ((try? applied.config.yaml()) ?? "")
    }

    func selfMetrics() -> [UInt8] {
        var out = registry.emitToBuffer()
        process.emit(into: &out)
        emitHeadStats(tsdb.stats, into: &out)
        emitDBStats(tsdb.dbStats, into: &out)
        return out
    }
}

/// The head's statistics under Prometheus's metric names, so TSDB dashboards work unchanged.
func emitHeadStats(_ s: HeadStats, into out: inout [UInt8]) {
    var w = ExpositionWriter()
    func family(_ name: String, _ type: MetricType, _ help: String, _ value: Double) {
        w.write(MetricFamily(name: name, type: type, help: help, samples: [ExposedSample(labels: Labels([("__name__", name)]), value: value)]))
    }
    family("prometheus_tsdb_head_series", .gauge, "Total number of series in the head block.", Double(s.numSeries))
    family("prometheus_tsdb_head_series_created_total", .counter, "Total number of series created in the head", Double(s.seriesCreated))
    family("prometheus_tsdb_head_samples_appended_total", .counter, "Total number of appended samples.", Double(s.samplesAppended))
    family("prometheus_tsdb_head_chunks", .gauge, "Total number of chunks in the head block.", Double(s.chunks))
    family("prometheus_tsdb_head_chunks_created_total", .counter, "Total number of chunks created in the head", Double(s.chunksCreated))
    family("prometheus_tsdb_out_of_order_samples_total", .counter, "Total number of out of order samples ingestion failed attempts.", Double(s.outOfOrderSamples))
    family("prometheus_tsdb_out_of_bound_samples_total", .counter, "Total number of out of bound samples ingestion failed attempts.", Double(s.outOfBoundSamples))
    family("prometheus_tsdb_head_out_of_order_samples_appended_total", .counter, "Total number of appended out of order samples.", Double(s.outOfOrderSamplesAppended))
    family("prometheus_tsdb_too_old_samples_total", .counter, "Total number of out of order samples ingestion failed attempts due to OOO being enabled but the sample is too old.", Double(s.tooOldSamples))
    if s.minTime != Int64.max {
        family("prometheus_tsdb_head_min_time", .gauge, "Minimum timestamp of the head block.", Double(s.minTime))
        family("prometheus_tsdb_head_max_time", .gauge, "Maximum timestamp of the head block.", Double(s.maxTime))
    }
    out.append(contentsOf: w.bytes)
}

extension Duration {
    var milliseconds: Int64 {
        let (s, atto) = components
        return s * 1000 + atto / 1_000_000_000_000_000
    }
}
