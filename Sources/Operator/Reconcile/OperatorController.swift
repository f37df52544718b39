package import KubeClient
package import Logging
import Synchronization

/// The reconcile loop: informers feed a work queue of `Sextant` keys; workers sync them.
package final class OperatorController: Sendable {
    package struct Options: Sendable {
        /// Restricts every namespaced watch to one namespace; nil watches all.
        package var namespace: String?
        /// Also watch prometheus-operator's `monitoring.coreos.com` monitors when that group is served.
        package var coreosMonitors = true
        package var workers = 2
        /// How often each `Sextant` is synced again without an event, to refresh what its servers report
        /// (`ConfigApplied`, target counts); nil disables.
        package var statusInterval: Duration? = .seconds(30)
        /// Server URLs replacing pod IPs, per `namespace/name` (`--server-url-override`).
        package var serverOverrides: [String: [ServerEndpoint]] = [:]
        /// Reads the servers' APIs; nil leaves `ConfigApplied` unknown and target counts unset.
        package var fetcher: (any ServerFetcher)?
        /// Hashes the operator's own passwords for servers with `web.basicAuthUsers`; nil leaves its user out of
        /// their web configs (and their status unread).
        package var hasher: (any PasswordHasher)?
        package init(namespace: String? = nil) { self.namespace = namespace }
    }

    /// Counters for `/metrics`.
    package struct Stats: Sendable {
        package var syncs = 0
        package var failures = 0
        package var applies = 0
        package var queueLength = 0
        package var ready = false
        /// Upper bounds (seconds) of the reconcile duration histogram buckets.
        package static let durationBounds: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]
        /// Non-cumulative counts per bucket of `durationBounds`, plus one for +Inf.
        package var durationCounts = [Int](repeating: 0, count: durationBounds.count + 1)
        package var durationSum = 0.0
        /// The last sync's state per `Sextant` key: applied, unchanged, paused, invalid or failed.
        package var sextantStates: [String: String] = [:]
        /// Monitors and rules selected and rejected per `Sextant` key, from its last plan.
        package var monitorCounts: [String: (selected: Int, rejected: Int)] = [:]

        mutating func observe(duration: Duration) {
            let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
            durationSum += seconds
            let i = Self.durationBounds.firstIndex { seconds <= $0 } ?? Self.durationBounds.count
            durationCounts[i] += 1
        }
    }

    let client: KubeClient
    let options: Options
    let logger: Logger
    let queue = WorkQueue()
    private let stats = Mutex(Stats())

    package init(client: KubeClient, options: Options, logger: Logger) {
        self.client = client
        self.options = options
        self.logger = logger
    }

    package var currentStats: Stats { stats.withLock { $0 } }

    /// The monitor groups to watch: ours, plus prometheus-operator's when wanted and served.
    package func monitorGroups() async -> [String] {
        var groups = [APIGroup.sextant]
        if options.coreosMonitors,
            let first = OperatorResources.monitors(group: APIGroup.coreos).first,
            (try? await client.isServed(first)) == true
        {
            groups.append(APIGroup.coreos)
        }
        return groups
    }

    /// `policy/v1` PodDisruptionBudgets when served (1.21+), else `policy/v1beta1`.
    package func pdbVersion() async -> PDBVersion {
        let v1 = APIResource(group: "policy", version: "v1", plural: "poddisruptionbudgets", kind: "PodDisruptionBudget", namespaced: true)
        return (try? await client.isServed(v1)) == true ? .v1 : .v1beta1
    }

    /// Runs informers and workers until the calling task is cancelled.
    package func run() async {
        let groups = await monitorGroups()
        let cache = OperatorCache(client: client, namespace: options.namespace, monitorGroups: groups, logger: logger)
        let reconciler = Reconciler(
            client: client, cache: cache, pdbVersion: await pdbVersion(), logger: logger, fetcher: options.fetcher,
            serverOverrides: options.serverOverrides, hasher: options.hasher)
        logger.info("operator starting", metadata: ["monitorGroups": "\(groups)", "namespace": "\(options.namespace ?? "all")"])
        await withTaskGroup(of: Void.self) { group in
            for (informer, scope) in cache.all {
                group.addTask { await informer.run() }
                group.addTask { [queue] in
                    for await change in informer.changes {
                        let objects: [DynamicObject]
                        switch change {
                        case .added(let o), .deleted(let o): objects = [o]
                        case .updated(let old, let new): objects = [old, new]
                        case .synced: objects = []
                        }
                        for key in Set(objects.flatMap { cache.keys(for: $0, scope: scope) }) { await queue.add(key) }
                    }
                }
            }
            group.addTask { [queue, logger] in
                await cache.waitForSync()
                guard !Task.isCancelled else { return }
                self.stats.withLock { $0.ready = true }
                logger.info("caches synced")
                // Sextants whose objects vanished while the operator was down still need their cluster-scoped cleanup;
                // every cached Sextant is queued by its informer's initial `added` events.
                for s in cache.sextants.list() {
                    await queue.add("\(s.metadata.namespace ?? "")/\(s.metadata.name ?? "")")
                }
                await withTaskGroup(of: Void.self) { workers in
                    for _ in 0..<max(1, self.options.workers) {
                        workers.addTask { await self.work(reconciler) }
                    }
                }
            }
            group.addTask { [queue] in
                // Cancellation ends the informers; the queue must be shut down for the workers to return.
                await withTaskCancellationHandler {
                    while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
                } onCancel: {
                    Task { await queue.shutdown() }
                }
            }
        }
    }

    private func work(_ reconciler: Reconciler) async {
        while let key = await queue.next() {
            let start = ContinuousClock.now
            do {
                let result = try await reconciler.sync(key)
                let outcome = result.outcome
                stats.withLock {
                    $0.syncs += 1
                    $0.observe(duration: ContinuousClock.now - start)
                    if case .applied = outcome { $0.applies += 1 }
                    if outcome == .deleted {
                        $0.sextantStates[key] = nil
                        $0.monitorCounts[key] = nil
                    } else {
                        $0.sextantStates[key] = outcome.stateName
                        $0.monitorCounts[key] = (result.selected, result.rejected)
                    }
                }
                logger.debug("synced", metadata: ["key": "\(key)", "outcome": "\(outcome)"])
                if case .applied(let n) = outcome {
                    logger.info("applied", metadata: ["key": "\(key)", "objects": "\(n)"])
                }
                await queue.done(key)
                if let interval = options.statusInterval, outcome != .deleted {
                    await queue.addAfter(key, interval)
                }
            } catch {
                stats.withLock {
                    $0.syncs += 1
                    $0.failures += 1
                    $0.observe(duration: ContinuousClock.now - start)
                    $0.sextantStates[key] = "failed"
                }
                logger.warning("sync failed; retrying with backoff", metadata: ["key": "\(key)", "error": "\(error)"])
                await queue.failed(key)
            }
            let length = await queue.length
            stats.withLock { $0.queueLength = length }
        }
    }

    /// Keys waiting in the work queue now.
    package func queueDepth() async -> Int { await queue.length }
}

extension Reconciler.Outcome {
    var stateName: String {
        switch self {
        case .applied: "applied"
        case .unchanged: "unchanged"
        case .paused: "paused"
        case .invalid: "invalid"
        case .deleted: "deleted"
        }
    }
}

extension OperatorController {
    /// Syncs the caches once, plans every `Sextant` and returns the objects as YAML documents, without applying.
    package func dryRun() async throws -> String {
        let groups = await monitorGroups()
        let cache = OperatorCache(client: client, namespace: options.namespace, monitorGroups: groups, logger: logger)
        let pdb = await pdbVersion()
        return try await withThrowingTaskGroup(of: Void.self) { group in
            for (informer, _) in cache.all { group.addTask { await informer.run() } }
            defer { group.cancelAll() }
            await cache.waitForSync()
            var out = ""
            let sextants = cache.sextants.list().sorted {
                ($0.metadata.namespace ?? "", $0.metadata.name ?? "") < ($1.metadata.namespace ?? "", $1.metadata.name ?? "")
            }
            for object in sextants {
                let sextant = try WireConvert.convert(object, to: Sextant.self)
                let plan = try Reconciler.plan(sextant, cache: cache, pdbVersion: pdb)
                out += "# Sextant \(sextant.namespace)/\(sextant.name): \(plan.selected.count) selected, "
                    + "\(plan.rejected.count) rejected, input hash \(plan.inputHash)\n"
                for r in plan.rejected { out += "#   rejected \(r.kind) \(r.namespace)/\(r.name): \(r.reason ?? "")\n" }
                out += try YAMLWriter.encodeDocuments(plan.objects)
            }
            return out
        }
    }
}
