import Foundation
package import KubeClient
package import Logging

/// One level-triggered, idempotent reconcile of a `Sextant`: snapshot from the caches, plan, apply, status.
package struct Reconciler: Sendable {
    package static let fieldManager = "sextant-operator"

    let client: KubeClient
    let cache: OperatorCache
    let pdbVersion: PDBVersion
    let logger: Logger
    /// Reads the servers' HTTP APIs for `ConfigApplied` and target counts; nil skips that.
    let fetcher: (any ServerFetcher)?
    /// Server URLs per `namespace/name`, replacing pod IPs (see `ServerOverride`).
    let serverOverrides: [String: [ServerEndpoint]]
    /// Hashes the operator's own passwords for servers with basic auth (`OperatorCredentials`); nil renders
    /// their web configs without the operator's user.
    let hasher: (any PasswordHasher)?

    package init(
        client: KubeClient, cache: OperatorCache, pdbVersion: PDBVersion, logger: Logger,
        fetcher: (any ServerFetcher)? = nil, serverOverrides: [String: [ServerEndpoint]] = [:],
        hasher: (any PasswordHasher)? = nil
    ) {
        self.client = client
        self.cache = cache
        self.pdbVersion = pdbVersion
        self.logger = logger
        self.fetcher = fetcher
        self.serverOverrides = serverOverrides
        self.hasher = hasher
    }

    /// What one sync did, for logs and metrics.
    package enum Outcome: Equatable, Sendable {
        case applied(objects: Int)
        case unchanged
        case paused
        case invalid(String)
        case deleted
    }

    /// Reconciles `key` (`namespace/name`). Throws when the caller should retry with backoff.
    /// An outcome with how many monitors and rules the plan selected and rejected, for metrics.
    package struct Result: Equatable, Sendable {
        package var outcome: Outcome
        package var selected = 0
        package var rejected = 0
    }

    package func sync(_ key: String) async throws -> Result {
        guard let object = cache.sextants.get(key) else {
            try await deleteClusterScoped(key)
            return Result(outcome: .deleted)
        }
        let sextant = try WireConvert.convert(object, to: Sextant.self)
        let (credentials, newCredentials) = try await operatorCredentials(for: sextant)
        let plan: SextantPlan
        do {
            plan = try Self.plan(sextant, cache: cache, pdbVersion: pdbVersion, credentials: credentials)
        } catch {
            // The spec itself is wrong: retrying cannot help until the object changes, which re-queues it.
            var observation = SextantObservation(
                generation: sextant.metadata.generation ?? 0, shards: [], reconcileError: "\(error)")
            observation.reconcileReason = error.conditionReason
            try await writeStatus(sextant, object: object, observation)
            return Result(outcome: .invalid("\(error)"))
        }

        var outcome = Outcome.unchanged
        var applyError: String?
        if sextant.spec.paused == true {
            outcome = .paused
        } else if !isCurrent(plan) {
            do {
                for o in plan.objects { try await apply(o) }
                // Only after everything new is in place, so a shrink never leaves the config without a server.
                try await prune(sextant, plan: plan)
                outcome = .applied(objects: plan.objects.count)
                if newCredentials {
                    logger.info(
                        "made new operator credentials",
                        metadata: ["key": "\(key)", "secret": "\(ServerNames(sextant).operatorCredentialsSecret)"])
                }
            } catch {
                applyError = "\(error)"
            }
        }

        var observation = SextantObservation(
            generation: sextant.metadata.generation ?? 0, shards: shards(of: plan), reconcileError: applyError,
            selected: plan.selected, rejected: plan.rejected)
        let basic = credentials.map { BasicCredentials(username: OperatorCredentials.username, password: $0.password) }
        let reports = await readServers(
            of: sextant, access: ServerAccess(credentials: basic, certificatePEM: serverCertificate(of: sextant)))
        var counts: [MonitorTargetCounts.Key: MonitorTargetCounts.Count]?
        if fetcher != nil {
            let verdict = ConfigAppliedCheck.evaluate(reports, rendered: Self.renderedConfigHashes(sextant, plan: plan))
            observation.configApplied = verdict.applied
            observation.configReason = verdict.reason
            observation.configMessage = verdict.message
            // Counts only when every server answered: a partial sum would make targets look lost.
            if !reports.isEmpty, reports.allSatisfy({ $0.error == nil }) { counts = MonitorTargetCounts.count(reports) }
        }
        if sextant.spec.paused == true { observation.configMessage = "paused: objects are not applied" }
        try await writeStatus(sextant, object: object, observation)
        await writeMonitorStatuses(sextant, plan: plan, counts: counts)
        if let applyError { throw ReconcileError(key: key, message: applyError) }
        return Result(outcome: outcome, selected: plan.selected.count, rejected: plan.rejected.count)
    }

    /// The plan for `sextant` from the caches: a first pass finds the Secret and ConfigMap keys the renderers
    /// reference, a second renders with their values. `credentials` nil: the operator's credentials Secret as
    /// cached, when it holds a hash (`--dry-run` makes none).
    package static func plan(
        _ sextant: Sextant, cache: OperatorCache, pdbVersion: PDBVersion, credentials: OperatorCredentials? = nil
    ) throws(RenderError) -> SextantPlan {
        var snap = ClusterSnapshot(sextant: sextant, namespaceLabels: cache.namespaceLabels())
        snap.operatorCredentials =
            credentials
            ?? cache.secretData(namespace: sextant.namespace, name: ServerNames(sextant).operatorCredentialsSecret)
            .flatMap(OperatorCredentials.init(secretData:))
        let sms = cache.decoded("ServiceMonitor", as: ServiceMonitor.self)
        let pms = cache.decoded("PodMonitor", as: PodMonitor.self)
        let prbs = cache.decoded("Probe", as: Probe.self)
        let rules = cache.decoded("PrometheusRule", as: PrometheusRule.self)
        snap.serviceMonitors = sms.objects
        snap.podMonitors = pms.objects
        snap.probes = prbs.objects
        snap.rules = rules.objects
        snap.pdbVersion = pdbVersion
        let ns = sextant.namespace
        if let ref = sextant.spec.additionalScrapeConfigs {
            snap.additionalScrapeConfigs = cache.value(AssetKey(.secret, namespace: ns, name: ref.name ?? "", key: ref.key))
        }
        if let ref = sextant.spec.web?.basicAuthUsers {
            snap.webUsers = cache.value(AssetKey(.secret, namespace: ns, name: ref.name ?? "", key: ref.key))
        }
        var plan = try SextantPlanner.plan(snap)
        if !plan.missingAssets.isEmpty {
            for key in plan.missingAssets {
                if let v = cache.value(key) { snap.assetValues[key] = v }
            }
            plan = try SextantPlanner.plan(snap)
        }
        plan.rejected += sms.failed + pms.failed + prbs.failed + rules.failed
        return plan
    }

    /// True when every StatefulSet of the plan exists with the plan's input hash: nothing to apply.
    func isCurrent(_ plan: SextantPlan) -> Bool {
        let sets = plan.objects.filter { $0.kind == "StatefulSet" }
        guard !sets.isEmpty else { return false }
        return sets.allSatisfy { set in
            guard let cached = cache.statefulSets.get("\(set.metadata.namespace ?? "")/\(set.metadata.name ?? "")"),
                let view = try? WireConvert.convert(cached, to: StatefulSetView.self)
            else { return false }
            return view.metadata.annotations?[ServerObjectsRenderer.inputHashAnnotation] == plan.inputHash
        }
    }

    func apply(_ object: KubeObject) async throws {
        guard let resource = OperatorResources.resource(apiVersion: object.apiVersion, kind: object.kind) else {
            throw ReconcileError(key: object.key, message: "no API resource known for kind \"\(object.kind)\"")
        }
        let dynamic = try WireConvert.convert(object, to: DynamicObject.self)
        _ = try await client.apply(dynamic, in: resource, fieldManager: Self.fieldManager, force: true)
    }

    /// Desired and available replicas per StatefulSet of the plan, from the cache.
    func shards(of plan: SextantPlan) -> [SextantObservation.Shard] {
        plan.objects.filter { $0.kind == "StatefulSet" }.map { set in
            let cached = cache.statefulSets.get("\(set.metadata.namespace ?? "")/\(set.metadata.name ?? "")")
            let view = cached.flatMap { try? WireConvert.convert($0, to: StatefulSetView.self) }
            var desired: Int32 = 1
            if case .statefulSet(let spec) = set.body { desired = spec.replicas }
            return .init(desired: desired, available: view?.status?.availableReplicas ?? view?.status?.readyReplicas ?? 0)
        }
    }

    func writeStatus(_ sextant: Sextant, object: DynamicObject, _ observation: SextantObservation) async throws {
        let status = SextantStatusBuilder.build(previous: sextant.status, observation, now: Self.now())
        guard status != sextant.status else { return }
        var dynamic = object
        dynamic.fields["status"] = try WireConvert.convert(SextantStatusBody(status: status), to: DynamicObject.self)
            .fields["status"]
        _ = try await client.updateStatus(dynamic, in: OperatorResources.sextants())
    }

    /// Records this `Sextant`'s binding on every monitor it considered. Failures are logged: the next sync
    /// (any event on the monitor re-queues) writes them again.
    /// `counts` nil: the servers could not be read, keep the previous counts; otherwise a monitor missing from
    /// it has zero targets.
    func writeMonitorStatuses(
        _ sextant: Sextant, plan: SextantPlan, counts: [MonitorTargetCounts.Key: MonitorTargetCounts.Count]?
    ) async {
        let considered = plan.selected.map { ($0, String?.none) } + plan.rejected.map { ($0, $0.reason ?? "rejected") }
        let services = counts == nil ? [] : cache.serviceInfos()
        for (ref, rejection) in considered {
            guard let (object, resource) = cache.monitor(kind: ref.kind, namespace: ref.namespace, name: ref.name),
                let generic = try? WireConvert.convert(object, to: StatusOnly.self)
            else { continue }
            let binding = MonitorBindings.binding(
                for: sextant, rejection: rejection, generation: generic.metadata.generation, now: Self.now(),
                previous: generic.status)
            // Rejected monitors are not in the config, so they have no targets of this server.
            let key = MonitorTargetCounts.Key(kind: ref.kind, namespace: ref.namespace, name: ref.name)
            var count = counts.map { $0[key] ?? MonitorTargetCounts.Count() }
            if rejection == nil, ref.kind == "ServiceMonitor", count?.targets == 0,
                let sm = try? WireConvert.convert(object, to: ServiceMonitor.self)
            {
                count?.noTargetsReason = NoTargetsReason.explain(sm, services: services)
            }
            if rejection == nil, ref.kind == "PodMonitor", count?.targets == 0,
                let pm = try? WireConvert.convert(object, to: PodMonitor.self)
            {
                count?.noTargetsReason = await explainNoTargets(pm)
            }
            let status = MonitorBindings.status(previous: generic.status, binding: binding, counts: count)
            guard status != generic.status else { continue }
            do {
                var dynamic = object
                let encoded = try WireConvert.convert(WithStatus(status: status), to: DynamicObject.self)
                dynamic.fields["status"] = encoded.fields["status"]
                _ = try await client.updateStatus(dynamic, in: resource)
            } catch {
                logger.warning("cannot write monitor status", metadata: ["object": "\(ref.kind)/\(ref.namespace)/\(ref.name)", "error": "\(error)"])
            }
        }
    }

    /// Cluster-scoped objects cannot carry an owner reference to a namespaced `Sextant`, so the garbage
    /// collector never removes them: the operator deletes them once the `Sextant` is gone.
    func deleteClusterScoped(_ key: String) async throws {
        let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return }
        let sx = Sextant(
            apiVersion: "", kind: "Sextant", metadata: ObjectMeta(name: parts[1], namespace: parts[0]),
            spec: SextantSpec())
        let name = ServerNames(sx).clusterRole
        for kind in ["ClusterRoleBinding", "ClusterRole"] {
            guard let r = OperatorResources.resource(apiVersion: "rbac.authorization.k8s.io/v1", kind: kind) else { continue }
            do {
                try await client.delete(r, name: name)
            } catch {
                // Already gone (or never created): nothing to clean up.
                if !error.isNotFound { throw error }
            }
        }
    }

    static func now() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: Date())
    }
}

/// A failed reconcile step, retried with backoff.
package struct ReconcileError: Error, CustomStringConvertible {
    package var key: String
    package var message: String
    package var description: String { "reconcile \(key): \(message)" }
}

/// The metadata and status of a monitor, whatever its spec.
struct StatusOnly: Decodable {
    struct Meta: Decodable { var generation: Int64? }
    var metadata: Meta
    var status: MonitorStatus?
}

struct WithStatus: Encodable {
    var status: MonitorStatus
}

struct SextantStatusBody: Encodable {
    var status: SextantStatus
}
