import Exposition
import HTTPClient
import Logging
import PromModel
import Storage
import Synchronization

/// Scrapes one target on its interval until stopped or cancelled.
///
/// `stop()` ends the loop and writes staleness markers for everything the target last exposed (the target
/// went away). Task cancellation ends it without markers (the server is shutting down, and the series
/// resume after restart). The loop's cache and counters are confined to the task running `run()`.
final class ScrapeLoop: Sendable {
    let pool: String
    let target: ScrapeTarget
    let options: ScrapeOptions
    let url: String
    private let client: HTTPClient
    private let appendable: any Appendable
    private let logger: Logger
    private let metrics: ScrapeMetrics
    private let state = Mutex(State())
    private let stopSignal: AsyncStream<Void>
    private let stopContinuation: AsyncStream<Void>.Continuation

    private struct State {
        var report = ScrapeReport()
        var metadata: [FamilyMetadata] = []
        var stopRequested = false
        /// Set while the pool is over its `target_limit`: scrapes fail with it without a request.
        var forcedError: String?
    }

    init(
        pool: String, target: ScrapeTarget, options: ScrapeOptions, client: HTTPClient, appendable: any Appendable,
        metrics: ScrapeMetrics, logger: Logger
    ) {
        self.pool = pool
        self.target = target
        self.options = options
        self.url = target.url(params: options.params)
        self.client = client
        self.appendable = appendable
        self.metrics = metrics
        var logger = logger
        logger[metadataKey: "scrape_pool"] = "\(pool)"
        logger[metadataKey: "target"] = "\(url)"
        self.logger = logger
        (stopSignal, stopContinuation) = AsyncStream.makeStream()
    }

    var report: ScrapeReport { state.withLock { $0.report } }
    /// What the target's last scrapes said about its metric families, sorted by name.
    var metadata: [FamilyMetadata] { state.withLock { $0.metadata } }

    /// Asks the loop to end, marking its series stale when the target is gone (not when a reload merely
    /// replaces the loop). Returns at once; `run()` returns soon after.
    func stop(markStale: Bool = true) {
        state.withLock { $0.stopRequested = markStale }
        stopContinuation.finish()
    }

    func run() async {
        let signal = stopSignal
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.scrapeUntilCancelled() }
            group.addTask { for await _ in signal {} }
            await group.next()
            group.cancelAll()
        }
    }

    /// Offset of this target's scrapes within the interval, stable for a target (Prometheus spreads
    /// targets by a hash so that thousands of them do not fire at the same instant).
    private func initialDelay(now: Int64) -> Duration {
        let intervalNS = max(1, options.interval.nanoseconds)
        let offset = Int64(truncatingIfNeeded: target.hash % UInt64(intervalNS))
        let base = intervalNS - (now % intervalNS)
        var next = base + offset
        if next > intervalNS { next -= intervalNS }
        return .nanoseconds(next)
    }

    private func scrapeUntilCancelled() async {
        var runner = ScrapeRunner(loop: self)
        let clock = ContinuousClock()
        var deadline = clock.now + initialDelay(now: Int64(Timestamp.now()) * 1_000_000)
        while !Task.isCancelled {
            do {
                try await Task.sleep(until: deadline, clock: clock)
            } catch {
                break
            }
            guard let report = await runner.scrapeOnce() else { break }
            let metadata = runner.metadataUpdate()
            state.withLock {
                $0.report = report
                if let metadata { $0.metadata = metadata }
            }
            deadline += options.interval
            // An overrunning scrape skips the ticks it missed rather than firing back to back.
            while deadline < clock.now { deadline += options.interval }
        }
        if state.withLock({ $0.stopRequested }) {
            runner.markEverythingStale()
        }
    }

    // MARK: - One scrape (kept here so the runner can reach the loop's immutable configuration)

    /// Makes every scrape fail with `message` (nil: scrape normally), as Prometheus does for a pool over its
    /// `target_limit`. The loop keeps its schedule, so up = 0 is recorded and series go stale.
    func setForcedError(_ message: String?) {
        state.withLock { $0.forcedError = message }
    }

    func fetch() async -> Result<(body: [UInt8], contentType: String?), ScrapeFailure> {
        if let forced = state.withLock({ $0.forcedError }) { return .failure(ScrapeFailure(forced)) }
        var request = HTTPRequest(url: url)
        request.headers = [
            HTTPHeader("Accept", options.acceptHeader),
            HTTPHeader("User-Agent", BuildInfo.userAgent),
            HTTPHeader("X-Prometheus-Scrape-Timeout-Seconds", formatSeconds(options.timeout)),
        ]
        request.timeout = options.timeout
        request.acceptCompressed = options.enableCompression
        if options.limits.bodySizeLimit > 0 { request.maxBodySize = options.limits.bodySizeLimit }
        options.http.apply(to: &request)
        do {
            let response = try await client.execute(request)
            guard response.status == 200 else {
                return .failure(ScrapeFailure("server returned HTTP status \(response.status) \(httpStatusText(response.status))"))
            }
            return .success((response.body, response.header("Content-Type")))
        } catch {
            if case .bodyTooLarge = error.kind {
                return .failure(ScrapeFailure("body size limit exceeded"))
            }
            return .failure(ScrapeFailure("\(error)"))
        }
    }

    var appender: any Appender { appendable.appender() }
    var log: Logger { logger }
    var scrapeMetrics: ScrapeMetrics { metrics }
}

/// A reason a scrape failed; its text is the target's `lastError`.
struct ScrapeFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}


func formatSeconds(_ d: Duration) -> String {
    let (s, atto) = d.components
    let ms = s * 1000 + atto / 1_000_000_000_000_000
    if ms % 1000 == 0 { return "\(ms / 1000)" }
    var frac = String(ms % 1000)
    while frac.count < 3 { frac = "0" + frac }
    while frac.hasSuffix("0") { frac.removeLast() }
    return "\(ms / 1000).\(frac)"
}

extension Duration {
    var nanoseconds: Int64 {
        let (s, atto) = components
        return s * 1_000_000_000 + atto / 1_000_000_000
    }
    var milliseconds: Int64 { nanoseconds / 1_000_000 }
}

func httpStatusText(_ code: Int) -> String {
    switch code {
    case 301: return "Moved Permanently"
    case 302: return "Found"
    case 400: return "Bad Request"
    case 401: return "Unauthorized"
    case 403: return "Forbidden"
    case 404: return "Not Found"
    case 405: return "Method Not Allowed"
    case 429: return "Too Many Requests"
    case 500: return "Internal Server Error"
    case 502: return "Bad Gateway"
    case 503: return "Service Unavailable"
    case 504: return "Gateway Timeout"
    default: return ""
    }
}

/// HTTPClient's header type, named apart from PromConfig's `HTTPHeader` for files that import both.
typealias RequestHeader = HTTPHeader
