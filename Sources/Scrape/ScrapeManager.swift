public import HTTPClient
public import Logging
public import PromModel
public import Storage
import Synchronization

/// Keeps one scrape pool per job and one loop per target, following config reloads and discovery updates.
///
/// `run()` hosts every loop as a child task (structured concurrency) until it is cancelled; `apply` and
/// `updateTargets` may be called from any task, before or while `run()` runs.
public final class ScrapeManager: Sendable {
    private let appendable: any Appendable
    private let client: HTTPClient
    private let logger: Logger
    private let metrics = ScrapeMetrics()
    private let pools = Mutex([String: ScrapePool]())
    private let newLoops: AsyncStream<ScrapeLoop>
    private let newLoopsContinuation: AsyncStream<ScrapeLoop>.Continuation

    public init(appendable: any Appendable, client: HTTPClient, logger: Logger) {
        self.appendable = appendable
        self.client = client
        self.logger = logger
        (newLoops, newLoopsContinuation) = AsyncStream.makeStream()
    }

    /// Runs all loops until the calling task is cancelled. Loops stop without staleness markers then.
    public func run() async {
        let stream = newLoops
        await withDiscardingTaskGroup { group in
            for await loop in stream {
                group.addTask { await loop.run() }
            }
        }
    }

    /// Installs the jobs of a (re)loaded config. Jobs whose options are unchanged keep their loops; changed
    /// jobs restart their loops; removed jobs stop and mark their series stale.
    public func apply(_ jobs: [ScrapeOptions]) {
        var toStart: [ScrapeLoop] = []
        var toStop: [(ScrapeLoop, Bool)] = []
        pools.withLock { pools in
            let names = Set(jobs.map(\.jobName))
            for (name, pool) in pools where !names.contains(name) {
                toStop += pool.loops.values.map { ($0, true) }
                pools[name] = nil
                PoolMetrics.remove(job: name)
            }
            for options in jobs {
                if var pool = pools[options.jobName] {
                    guard pool.options != options else { continue }
                    toStop += pool.loops.values.map { ($0, false) }
                    pool.loops = [:]
                    pool.options = options
                    let changes = pool.reconcile(makeLoop: makeLoopFactory(options))
                    toStart += changes.start
                    pools[options.jobName] = pool
                } else {
                    pools[options.jobName] = ScrapePool(options: options)
                }
            }
        }
        for (loop, stale) in toStop { loop.stop(markStale: stale) }
        for loop in toStart { newLoopsContinuation.yield(loop) }
    }

    /// Replaces the target groups of `job` that share a source with `groups`.
    public func updateTargets(job: String, _ groups: [TargetGroup]) {
        let clock = ContinuousClock()
        let started = clock.now
        let result: (ScrapePool.Changes, [(Labels, TargetError)], Int)? = pools.withLock { pools in
            guard var pool = pools[job] else { return nil }
            let c = pool.update(groups, makeLoop: makeLoopFactory(pool.options))
            pools[job] = pool
            return (c, pool.invalid, pool.loops.count)
        }
        guard let (changes, invalid, targetCount) = result else {
            logger.debug("target update for unknown job", metadata: ["job": "\(job)"])
            return
        }
        PoolMetrics.recordSync(job: job, nanoseconds: (clock.now - started).nanoseconds, targets: targetCount)
        // Prometheus lists these nowhere but in its log ("Creating target failed").
        for (labels, err) in invalid {
            logger.error(
                "creating target failed",
                metadata: ["scrape_pool": "\(job)", "target": "\(labels.get(LabelName.address))", "err": "\(err)"])
        }
        for loop in changes.stop { loop.stop(markStale: true) }
        for loop in changes.start { newLoopsContinuation.yield(loop) }
    }

    private func makeLoopFactory(_ options: ScrapeOptions) -> (ScrapeTarget) -> ScrapeLoop {
        { [client, appendable, metrics, logger] target in
            ScrapeLoop(
                pool: options.jobName, target: target, options: options, client: client, appendable: appendable,
                metrics: metrics, logger: logger)
        }
    }

    /// Active targets of every pool, sorted by pool then URL.
    public func activeTargets() -> [ActiveTargetStatus] {
        let loops = pools.withLock { pools in pools.values.flatMap { $0.loops.values } }
        return loops.map { ActiveTargetStatus(
                scrapePool: $0.pool, target: $0.target, scrapeURL: $0.url, report: $0.report, metadata: $0.metadata) }
            .sorted { ($0.scrapePool, $0.scrapeURL) < ($1.scrapePool, $1.scrapeURL) }
    }

    /// Targets dropped by relabeling, by pool. Invalid targets (no address, bad interval, …) are not listed,
    /// as in Prometheus, which only logs them.
    public func droppedTargets() -> [DroppedTargetStatus] {
        pools.withLock { pools in
            pools.values.flatMap { pool in
                pool.dropped.map { DroppedTargetStatus(scrapePool: pool.options.jobName, discoveredLabels: $0) }
            }
        }
    }

    /// How many targets each pool dropped by relabeling, including those `keep_dropped_targets` did not keep.
    public func droppedTargetCounts() -> [String: Int] {
        pools.withLock { pools in pools.mapValues(\.droppedCount) }
    }

    /// Names of the configured scrape pools, sorted.
    public var scrapePools: [String] { pools.withLock { $0.keys.sorted() } }
}
