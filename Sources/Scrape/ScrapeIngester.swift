public import HTTPClient
import Logging
public import PromModel
public import Storage

/// One target's scrape path without the HTTP fetch: parse, cache lookup, relabeling, append, staleness,
/// report series and commit, exactly as a scrape loop runs them after each fetch.
///
/// For the micro benchmarks (`Benchmarks/ScrapeBenchmarks`), which live in another package and so cannot
/// reach the internal loop. Not thread-safe: one ingester per task, like one loop per target.
@_spi(Benchmarks) public struct ScrapeIngester {
    private var runner: ScrapeRunner

    /// `client` is never used for I/O; the loop type needs one.
    public init(target: ScrapeTarget, options: ScrapeOptions, appendable: any Appendable, client: HTTPClient) {
        let loop = ScrapeLoop(
            pool: options.jobName, target: target, options: options, client: client, appendable: appendable,
            metrics: ScrapeMetrics(), logger: Logger(label: "sextant.scrape.ingester", factory: { _ in SwiftLogNoOpLogHandler() }))
        runner = ScrapeRunner(loop: loop)
    }

    /// Ingests one scrape body taken at `ts` (ms); returns the report the target would show afterwards.
    public mutating func ingest(_ body: [UInt8], contentType: String?, at ts: Timestamp) -> ScrapeReport {
        runner.ingest(.success((body, contentType)), ts: ts, wallStart: ts, started: ContinuousClock().now)
    }
}
