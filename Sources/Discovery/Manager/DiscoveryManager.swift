public import HTTPClient
public import Logging
public import PromConfig
public import PromModel
import Synchronization

/// Runs the discovery of every scrape job of a config and reports each job's target-group changes.
///
/// Each job gets one provider per discovery entry (its `static_configs` as one more); sources are
/// namespaced per provider (`static/0`, `file/1/PATH:0`, `http/0/URL:0`, `kubernetes/0/pod/NS/NAME`) so
/// providers of one job never replace each other's groups. `apply` restarts only jobs whose discovery
/// config changed; a restarted provider's first (complete) update also removes its previous groups that it
/// no longer reports, so targets that survive a reload keep scraping without a gap.
///
/// `run` hosts all providers as child tasks until cancelled; `apply` may be called before or during it.
public final class DiscoveryManager: Sendable {
    /// Receives `(job, groups)`; called with the manager's state locked, so it must not call back into
    /// the manager. Keeping the call under the lock orders a restart's removals before the new updates.
    public typealias Sink = @Sendable (_ job: String, _ groups: [TargetGroup]) -> Void

    struct JobRun: Sendable {
        var job: String
        var generation: Int
        var providers: [(key: String, provider: any DiscoveryProvider)]
        var stop: AsyncStream<Void>
    }

    struct JobState {
        var discovery: ServiceDiscoveryConfigs
        var generation: Int
        var stop: AsyncStream<Void>.Continuation
        /// Sources currently reported, by provider key.
        var sources: [String: Set<String>] = [:]
        /// Provider keys that have sent their first update in this generation.
        var started: Set<String> = []
        /// Targets per reported source, for `prometheus_sd_discovered_targets`.
        var targetCounts: [String: Int] = [:]
        /// Discovery entries that could not be set up, for `prometheus_sd_failed_configs`.
        var failedConfigs = 0
    }

    private let http: HTTPClient
    private let logger: Logger
    private let filePollInterval: Duration
    private let state = Mutex<(jobs: [String: JobState], generation: Int)>(([:], 0))
    private let runs: AsyncStream<JobRun>
    private let runsContinuation: AsyncStream<JobRun>.Continuation

    public init(http: HTTPClient, logger: Logger, filePollInterval: Duration = .seconds(5)) {
        self.http = http
        self.logger = logger
        self.filePollInterval = filePollInterval
        (runs, runsContinuation) = AsyncStream.makeStream()
        DiscoveryMetrics.initialize()
    }

    /// Installs the scrape jobs of a (re)loaded config.
    public func apply(_ config: PrometheusConfig) {
        apply(jobs: config.allScrapeConfigs.map { ($0.jobName, $0.serviceDiscovery) })
    }

    /// Installs jobs by name and discovery config; jobs not listed stop.
    public func apply(jobs: [(name: String, discovery: ServiceDiscoveryConfigs)]) {
        var started: [JobRun] = []
        state.withLock { s in
            let names = Set(jobs.map(\.name))
            for (name, job) in s.jobs where !names.contains(name) {
                job.stop.finish()
                s.jobs[name] = nil
                DiscoveryMetrics.discoveredTargetsGauge(job: name).destroy()
            }
            defer { DiscoveryMetrics.failedConfigs(s.jobs.values.reduce(0) { $0 + $1.failedConfigs }) }
            for (name, discovery) in jobs {
                if let old = s.jobs[name], old.discovery == discovery { continue }
                s.generation += 1
                let (providers, failed) = makeProviders(job: name, discovery)
                let (stop, stopContinuation) = AsyncStream<Void>.makeStream()
                var job = JobState(discovery: discovery, generation: s.generation, stop: stopContinuation)
                job.failedConfigs = failed
                if let old = s.jobs[name] {
                    old.stop.finish()
                    // Providers that no longer exist lose their groups now; the others on their first update.
                    let keys = Set(providers.map(\.key))
                    let gone = old.sources.filter { !keys.contains($0.key) }.values.flatMap { $0 }
                    if !gone.isEmpty { sink?(name, gone.sorted().map { TargetGroup(source: $0, targets: []) }) }
                    job.sources = old.sources.filter { keys.contains($0.key) }
                    let kept = Set(job.sources.values.flatMap { $0 })
                    job.targetCounts = old.targetCounts.filter { kept.contains($0.key) }
                }
                s.jobs[name] = job
                started.append(JobRun(job: name, generation: s.generation, providers: providers, stop: stop))
            }
        }
        for r in started { runsContinuation.yield(r) }
    }

    private let sinkBox = Mutex<Sink?>(nil)
    private var sink: Sink? { sinkBox.withLock { $0 } }

    /// Runs the providers until cancelled, handing every update to `sink`.
    public func run(_ sink: @escaping Sink) async {
        sinkBox.withLock { $0 = sink }
        let runs = self.runs
        await withDiscardingTaskGroup { group in
            for await r in runs {
                group.addTask { await self.runJob(r) }
            }
        }
    }

    /// Runs one generation of a job's providers until its stop stream finishes or the task is cancelled.
    private func runJob(_ r: JobRun) async {
        await withTaskGroup(of: Bool.self) { group in
            for (key, provider) in r.providers {
                group.addTask {
                    await provider.run { groups in self.deliver(r, key: key, groups) }
                    return false
                }
            }
            group.addTask {
                for await _ in r.stop {}
                return true
            }
            while let stopped = await group.next() {
                if stopped { break }
            }
            group.cancelAll()
        }
    }

    private func deliver(_ r: JobRun, key: String, _ groups: [TargetGroup]) {
        let sink = self.sink
        state.withLock { s in
            guard var job = s.jobs[r.job], job.generation == r.generation else { return }
            let prefix = "\(key)/"
            var out = groups.map { g in
                TargetGroup(source: prefix + g.source, targets: g.targets, labels: g.labels)
            }
            var known = job.sources[key] ?? []
            if !job.started.contains(key) {
                // A provider's first update is complete: what it does not report is gone.
                job.started.insert(key)
                let reported = Set(out.map(\.source))
                out += known.subtracting(reported).sorted().map { TargetGroup(source: $0, targets: []) }
                known = []
            }
            for g in out {
                if g.targets.isEmpty { known.remove(g.source) } else { known.insert(g.source) }
                job.targetCounts[g.source] = g.targets.isEmpty ? nil : g.targets.count
            }
            job.sources[key] = known
            s.jobs[r.job] = job
            DiscoveryMetrics.receivedUpdate()
            DiscoveryMetrics.discoveredTargetsGauge(job: r.job).record(job.targetCounts.values.reduce(0, +))
            if !out.isEmpty {
                sink?(r.job, out)
                DiscoveryMetrics.sentUpdate()
            }
        }
    }

    /// The job's providers, and how many of its entries failed to set up (logged, and left out as Prometheus does).
    private func makeProviders(
        job: String, _ d: ServiceDiscoveryConfigs
    ) -> (providers: [(key: String, provider: any DiscoveryProvider)], failed: Int) {
        let log = { (kind: String) in
            var l = self.logger
            l[metadataKey: "job"] = "\(job)"
            l[metadataKey: "discovery"] = "\(kind)"
            return l
        }
        var out: [(key: String, provider: any DiscoveryProvider)] = []
        if !d.staticConfigs.isEmpty { out.append(("static", StaticDiscovery(configs: d.staticConfigs))) }
        for (i, c) in d.fileSDConfigs.enumerated() {
            out.append(("file/\(i)", FileDiscovery(config: c, pollInterval: filePollInterval, logger: log("file"))))
        }
        for (i, c) in d.httpSDConfigs.enumerated() {
            out.append(("http/\(i)", HTTPDiscovery(config: c, client: http, logger: log("http"))))
        }
        var failed = 0
        for (i, c) in d.kubernetesSDConfigs.enumerated() {
            let logger = log("kubernetes")
            do {
                let discovery = try KubernetesProvider(config: c, http: http, logger: logger).makeDiscovery()
                out.append(("kubernetes/\(i)", discovery))
            } catch {
                failed += 1
                logger.error(
                    "Cannot create service discovery", metadata: ["role": "\(c.role.rawValue)", "err": "\(error)"])
            }
        }
        return (out, failed)
    }
}
