public import KubeClient
public import Logging
public import PromModel

/// Kubernetes service discovery for one `kubernetes_sd_configs` entry.
///
/// `run` lists and watches the objects the role needs (through `Informer`s, so it survives disconnects,
/// 410 Gone and API errors with backoff), waits until every cache has synced, sends the complete set of
/// target groups, and from then on sends the groups each change affects. A group with no targets removes
/// the group with that source. Sources follow Prometheus: `pod/NS/NAME`, `svc/NS/NAME`,
/// `endpoints/NS/NAME`, `endpointslice/NS/NAME`, `node/NAME`, `ingress/NS/NAME`.
public final class KubernetesDiscovery: DiscoveryProvider {
    let client: KubeClient
    public let options: KubernetesSDOptions
    let logger: Logger

    public init(client: KubeClient, options: KubernetesSDOptions, logger: Logger) {
        self.client = client
        self.options = options
        self.logger = logger
    }

    /// Runs until the calling task is cancelled, handing every update to `send` (one call at a time, in order).
    public func run(_ send: @escaping @Sendable ([TargetGroup]) async -> Void) async {
        // EndpointSlice and Ingress exist in several versions; use what the server serves (v1beta1 on 1.20).
        var sliceResource: APIResource?
        var ingressResource: APIResource?
        if options.role == .endpointslice {
            guard let r = await servedVersion([EndpointSlice.apiResource, EndpointSlice.v1beta1Resource]) else {
                return
            }
            sliceResource = r
        }
        if options.role == .ingress {
            guard let r = await servedVersion([Ingress.apiResource, Ingress.apiResource.withVersion("v1beta1")]) else {
                return
            }
            ingressResource = r
        }
        let caches = Caches(
            client: client, options: options, sliceResource: sliceResource, ingressResource: ingressResource,
            logger: logger)
        let (triggers, continuation) = AsyncStream<Trigger>.makeStream()
        await withTaskGroup(of: Void.self) { group in
            var index = 0
            func watch<T: KubeObject>(_ informers: [Informer<T>], _ kind: KubernetesSDOptions.Role) {
                for informer in informers {
                    let i = index
                    index += 1
                    group.addTask { await informer.run() }
                    group.addTask {
                        for await change in informer.changes {
                            if let event = change.eventName {
                                DiscoveryMetrics.kubernetesEvent(role: kind.rawValue, event: event)
                            }
                            continuation.yield(Trigger(informer: i, kind: kind, change: .init(change)))
                        }
                    }
                }
            }
            watch(caches.pods, .pod)
            watch(caches.services, .service)
            watch(caches.endpoints, .endpoints)
            watch(caches.slices, .endpointslice)
            watch(caches.ingresses, .ingress)
            if let nodes = caches.nodes { watch([nodes], .node) }

            var emitter = Emitter(role: options.role, caches: caches, attachNodes: options.attachNodeMetadata)
            var synced = Set<Int>()
            for await trigger in triggers {
                if case .synced = trigger.change { synced.insert(trigger.informer) }
                guard synced.count == caches.informerCount else { continue }
                let groups = emitter.groups(after: trigger, firstSync: !emitter.started)
                emitter.started = true
                if !groups.isEmpty { await send(groups) }
            }
            group.cancelAll()
        }
    }

    /// The first served of `candidates`, retrying discovery with backoff; `nil` only when cancelled.
    private func servedVersion(_ candidates: [APIResource]) async -> APIResource? {
        var backoff = Backoff()
        while !Task.isCancelled {
            do {
                if let r = try await client.firstServed(candidates) { return r }
                logger.warning("none of \(candidates.map(\.description)) is served; retrying")
            } catch {
                logger.warning("API discovery failed: \(error)")
            }
            try? await Task.sleep(for: backoff.next())
        }
        return nil
    }
}

extension InformerChange {
    /// The `event` label of `prometheus_sd_kubernetes_events_total`.
    var eventName: String? {
        switch self {
        case .synced: nil
        case .added: "add"
        case .updated: "update"
        case .deleted: "delete"
        }
    }
}

/// One informer's change, reduced to what the emitter needs.
struct Trigger: Sendable {
    enum Change: Sendable {
        case synced
        case key(String)

        init<T>(_ c: InformerChange<T>) {
            switch c {
            case .synced: self = .synced
            case .added(let o), .deleted(let o), .updated(_, let o): self = .key(o.key)
            }
        }
    }

    var informer: Int
    var kind: KubernetesSDOptions.Role
    var change: Change
}
