import Exposition
import Logging
import PromModel
import Storage

/// The per-target state of a scrape loop: cache, report series refs and timestamp alignment.
/// Owned by the loop's task; never shared.
struct ScrapeRunner {
    let loop: ScrapeLoop
    var cache = ScrapeCache()
    var metadata = MetadataCache()
    private var reportRefs = [SeriesRef](repeating: .unknown, count: ReportSeries.allCases.count)
    private let reportLabels: [Labels]
    let targetLabels: Labels
    private var lastTimestamp: Timestamp = 0

    /// Prometheus snaps a scrape's timestamp to the expected tick when the jitter is this small, so
    /// timestamps are exactly `interval` apart and compress to almost nothing.
    static let timestampTolerance: Int64 = 2

    init(loop: ScrapeLoop) {
        self.loop = loop
        targetLabels = loop.target.labels
        reportLabels = ReportSeries.allCases.map { s in
            var b = LabelsBuilder(loop.target.labels)
            b.set(LabelName.metricName, s.rawValue)
            return b.labels()
        }
    }

    /// Scrapes once; nil when the loop was cancelled mid-scrape (nothing is appended then).
    mutating func scrapeOnce() async -> ScrapeReport? {
        let wallStart = Timestamp.now()
        var ts = wallStart
        let interval = loop.options.interval.milliseconds
        if lastTimestamp != 0, abs(ts - (lastTimestamp + interval)) <= Self.timestampTolerance {
            ts = lastTimestamp + interval
        }
        lastTimestamp = ts
        let clock = ContinuousClock()
        let started = clock.now

        let fetched = await loop.fetch()
        // A scrape interrupted by stop or shutdown is not a failure of the target: record nothing.
        if Task.isCancelled { return nil }
        return ingest(fetched, ts: ts, wallStart: wallStart, started: started)
    }

    /// Everything of a scrape after the fetch: parse, append, staleness, report series, commit.
    mutating func ingest(
        _ fetched: Result<(body: [UInt8], contentType: String?), ScrapeFailure>, ts: Timestamp, wallStart: Timestamp,
        started: ContinuousClock.Instant
    ) -> ScrapeReport {
        let clock = ContinuousClock()
        cache.beginIteration()
        var counts = AppendCounts()
        var failure: ScrapeFailure?
        var app = loop.appender

        switch fetched {
        case .failure(let f):
            failure = f
        case .success(let (body, contentType)):
            do {
                let format = ExpositionFormat.from(contentType: contentType, fallback: loop.options.fallbackFormat)
                counts = try appendBody(body, format: format, ts: ts, app: app)
            } catch let f as ScrapeFailure {
                failure = f
            } catch {
                failure = ScrapeFailure("\(error)")
            }
        }
        if failure != nil {
            // Nothing of a failed scrape is kept; everything the target exposed before goes stale.
            app.rollback()
            app = loop.appender
            cache.discardCurrent()
            counts = AppendCounts(scraped: counts.scraped)
        }
        for (labels, ref) in cache.vanished() {
            _ = try? app.append(ref, labels, t: ts, v: StaleNaN.value)
        }
        cache.endIteration()
        metadata.endIteration(successful: failure == nil)

        let duration = (clock.now - started)
        let seconds = Double(duration.nanoseconds) / 1e9
        appendReport(app, ts: ts, up: failure == nil, duration: seconds, counts: counts)
        do {
            try app.commit()
        } catch {
            failure = failure ?? ScrapeFailure("appending scraped samples: \(error)")
        }

        loop.scrapeMetrics.record(counts: counts, failed: failure != nil)
        if let failure {
            loop.log.debug("scrape failed", metadata: ["err": "\(failure)"])
        }
        var report = ScrapeReport()
        report.health = failure == nil ? .up : .down
        report.lastError = failure?.description ?? ""
        report.lastScrape = wallStart
        report.lastScrapeDuration = seconds
        report.samplesScraped = counts.scraped
        return report
    }

    /// Parses the body and appends every sample. Throws a `ScrapeFailure` when the scrape as a whole must fail
    /// (parse error, a limit exceeded).
    private mutating func appendBody(
        _ body: [UInt8], format: ExpositionFormat, ts: Timestamp, app: any Appender
    ) throws -> AppendCounts {
        if format == .protobuf { return try appendProtobuf(body, ts: ts, app: app) }
        var counts = AppendCounts()
        var parser = ExpositionParser(body, format: format)
        try body.withUnsafeBytes { raw in
            while true {
                let entry: ExpositionEntry?
                do {
                    entry = try parser.next()
                } catch {
                    throw ScrapeFailure("\(error)")
                }
                guard let entry else { break }
                guard case .series = entry else {
                    metadata.observe(entry, parser: parser, body: raw)
                    continue
                }
                try appendSample(
                    key: UnsafeRawBufferPointer(rebasing: raw[parser.seriesRange]), timestamp: parser.timestamp,
                    value: .float(parser.value), ts: ts, app: app, counts: &counts, labels: { parser.labels() })
            }
        }
        return counts
    }

    private mutating func appendReport(_ app: any Appender, ts: Timestamp, up: Bool, duration: Double, counts: AppendCounts) {
        let values: [Double] = [
            up ? 1 : 0, duration, Double(counts.scraped), Double(counts.postRelabel), Double(counts.added),
        ]
        for (i, v) in values.enumerated() {
            if let ref = try? app.append(reportRefs[i], reportLabels[i], t: ts, v: v) { reportRefs[i] = ref }
        }
    }

    /// The target's metric metadata, sorted by family, when it changed since the last call.
    mutating func metadataUpdate() -> [FamilyMetadata]? { metadata.snapshotIfChanged() }

    /// End of the target: every series it exposed, and its report series, get a staleness marker.
    mutating func markEverythingStale() {
        let app = loop.appender
        // After the last scrape's timestamp even when that was snapped ahead of the wall clock,
        // or the markers would be refused as out of order.
        let ts = max(Timestamp.now(), lastTimestamp + 1)
        for (labels, ref) in cache.lastSeen {
            _ = try? app.append(ref, labels, t: ts, v: StaleNaN.value)
        }
        for (i, labels) in reportLabels.enumerated() {
            _ = try? app.append(reportRefs[i], labels, t: ts, v: StaleNaN.value)
        }
        do {
            try app.commit()
        } catch {
            loop.log.warning("writing staleness markers failed", metadata: ["err": "\(error)"])
        }
    }
}

/// The synthetic series every scrape writes, in Prometheus's order.
enum ReportSeries: String, CaseIterable {
    case up
    case scrapeDurationSeconds = "scrape_duration_seconds"
    case scrapeSamplesScraped = "scrape_samples_scraped"
    case scrapeSamplesPostMetricRelabeling = "scrape_samples_post_metric_relabeling"
    case scrapeSeriesAdded = "scrape_series_added"
}

/// Counters of one scrape.
struct AppendCounts {
    var scraped = 0
    var postRelabel = 0
    var added = 0
    var outOfOrder = 0
    var duplicate = 0
    var outOfBounds = 0

    mutating func count(_ error: AppendError) {
        switch error {
        case .outOfOrderSample, .tooOldSample: outOfOrder += 1
        case .duplicateSampleForTimestamp: duplicate += 1
        default: outOfBounds += 1
        }
    }
}
