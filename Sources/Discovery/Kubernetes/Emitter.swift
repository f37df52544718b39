import KubeClient
import PromModel

/// Turns informer changes into target-group updates for one role, remembering which sources it has sent
/// so that a relist can remove groups whose objects vanished meanwhile.
struct Emitter {
    let role: KubernetesSDOptions.Role
    let caches: Caches
    let lookups: Lookups
    var sent = Set<String>()
    var started = false

    init(role: KubernetesSDOptions.Role, caches: Caches, attachNodes: Bool) {
        self.role = role
        self.caches = caches
        self.lookups = caches.lookups(attachNodes: attachNodes)
    }

    mutating func groups(after trigger: Trigger, firstSync: Bool) -> [TargetGroup] {
        if firstSync || trigger.kind == role && isSynced(trigger) { return everything() }
        guard case .key(let key) = trigger.change else {
            // A secondary cache relisted: anything may have changed.
            return everything()
        }
        let keys = affectedKeys(kind: trigger.kind, key: key)
        return keys.map { record(group(forKey: $0)) }
    }

    private func isSynced(_ t: Trigger) -> Bool {
        if case .synced = t.change { return true }
        return false
    }

    private mutating func record(_ g: TargetGroup) -> TargetGroup {
        if g.targets.isEmpty { sent.remove(g.source) } else { sent.insert(g.source) }
        return g
    }

    /// Every current group, plus empty groups for sources sent before that no longer exist.
    private mutating func everything() -> [TargetGroup] {
        var out = primaryKeys().map { group(forKey: $0) }
        let current = Set(out.map(\.source))
        for stale in sent.subtracting(current).sorted() { out.append(TargetGroup(source: stale, targets: [])) }
        sent = Set(out.filter { !$0.targets.isEmpty }.map(\.source))
        return out
    }

    private func primaryKeys() -> [String] {
        switch role {
        case .pod: caches.pods.flatMap { $0.list() }.map(\.key).sorted()
        case .service: caches.services.flatMap { $0.list() }.map(\.key).sorted()
        case .endpoints: caches.endpoints.flatMap { $0.list() }.map(\.key).sorted()
        case .endpointslice: caches.slices.flatMap { $0.list() }.map(\.key).sorted()
        case .ingress: caches.ingresses.flatMap { $0.list() }.map(\.key).sorted()
        case .node: (caches.nodes?.list() ?? []).map(\.key).sorted()
        }
    }

    /// Primary objects whose group depends on the object `key` of `kind`.
    private func affectedKeys(kind: KubernetesSDOptions.Role, key: String) -> [String] {
        if kind == role { return [key] }
        let (ns, name) = split(key)
        switch (role, kind) {
        case (.endpoints, .service):
            return [key]
        case (.endpoints, .pod):
            return caches.endpoints.flatMap { $0.list() }.filter { eps in
                eps.metadata.namespace == ns
                    && (eps.subsets ?? []).contains { s in
                        ((s.addresses ?? []) + (s.notReadyAddresses ?? [])).contains {
                            refersTo($0.targetRef, "Pod", name)
                        }
                    }
            }.map(\.key)
        case (.endpointslice, .service):
            return caches.slices.flatMap { $0.list() }.filter {
                $0.metadata.namespace == ns && $0.metadata.labels?[EndpointSliceRole.serviceNameLabel] == name
            }.map(\.key)
        case (.endpointslice, .pod):
            return caches.slices.flatMap { $0.list() }.filter { slice in
                slice.metadata.namespace == ns
                    && (slice.endpoints ?? []).contains { refersTo($0.targetRef, "Pod", name) }
            }.map(\.key)
        case (.pod, .node):
            return caches.pods.flatMap { $0.list() }.filter { $0.spec?.nodeName == key }.map(\.key)
        default:
            // Node metadata of endpoints: any target may sit on the node.
            return primaryKeys()
        }
    }

    private func refersTo(_ ref: ObjectReference?, _ kind: String, _ name: String) -> Bool {
        ref?.kind == kind && ref?.name == name
    }

    private func split(_ key: String) -> (String, String) {
        guard let slash = key.firstIndex(of: "/") else { return ("", key) }
        return (String(key[..<slash]), String(key[key.index(after: slash)...]))
    }

    /// The group of the primary object `key`, or an empty group with its source when it is gone.
    private func group(forKey key: String) -> TargetGroup {
        let (ns, name) = split(key)
        switch role {
        case .pod:
            guard let pod = caches.pod(key) else {
                return TargetGroup(source: PodRole.source(namespace: ns, name: name), targets: [])
            }
            let node = lookups.node != nil ? pod.spec?.nodeName.flatMap { caches.node($0) } : nil
            return PodRole.group(pod, node: node)
        case .service:
            guard let svc = caches.service(key) else {
                return TargetGroup(source: ServiceRole.source(namespace: ns, name: name), targets: [])
            }
            return ServiceRole.group(svc)
        case .endpoints:
            guard let eps = caches.endpoints.lazy.compactMap({ $0.get(key) }).first else {
                return TargetGroup(source: EndpointsRole.source(namespace: ns, name: name), targets: [])
            }
            return EndpointsRole.group(eps, lookups: lookups)
        case .endpointslice:
            guard let slice = caches.slices.lazy.compactMap({ $0.get(key) }).first else {
                return TargetGroup(source: EndpointSliceRole.source(namespace: ns, name: name), targets: [])
            }
            return EndpointSliceRole.group(slice, lookups: lookups)
        case .ingress:
            guard let ing = caches.ingresses.lazy.compactMap({ $0.get(key) }).first else {
                return TargetGroup(source: IngressRole.source(namespace: ns, name: name), targets: [])
            }
            return IngressRole.group(ing)
        case .node:
            guard let node = caches.node(key) else {
                return TargetGroup(source: NodeRole.source(name: key), targets: [])
            }
            return NodeRole.group(node)
        }
    }
}
