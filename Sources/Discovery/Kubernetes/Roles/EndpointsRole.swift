public import KubeClient
public import PromModel

/// `role: endpoints`: one target per address and port of each Endpoints object, plus the remaining
/// container ports of the pods behind them.
public enum EndpointsRole {
    public static func source(namespace: String, name: String) -> String { "endpoints/\(namespace)/\(name)" }

    public static func group(_ eps: Endpoints, lookups: Lookups) -> TargetGroup {
        let ns = eps.metadata.namespace ?? ""
        let name = eps.metadata.name ?? ""
        var ls = [Meta.namespace: ns]
        Meta.addObjectMeta(&ls, eps.metadata, role: "endpoints")
        // The Service of the same name owns these endpoints.
        if let svc = lookups.service("\(ns)/\(name)") { ls.merge(ServiceRole.labels(svc)) { _, n in n } }

        let p = Meta.prefix + "endpoint_"
        var podTargets = PodBackedTargets()
        var targets: [Labels] = []
        func add(_ addr: Endpoints.Address, _ port: Endpoints.Port, ready: String) {
            var t = [
                Meta.address: Meta.joinHostPort(addr.ip, port.port),
                p + "port_name": port.name ?? "",
                p + "port_protocol": port.protocol ?? "",
                p + "ready": ready,
            ]
            if let ref = addr.targetRef {
                t[p + "address_target_kind"] = ref.kind ?? ""
                t[p + "address_target_name"] = ref.name ?? ""
            }
            if let node = addr.nodeName { t[p + "node_name"] = node }
            if let host = addr.hostname, !host.isEmpty { t[p + "hostname"] = host }
            t.merge(lookups.nodeLabels(nodeName: addr.nodeName, ref: addr.targetRef)) { _, n in n }
            if let pod = lookups.pod(for: addr.targetRef, defaultNamespace: ns) {
                podTargets.decorate(&t, pod: pod, port: port.port, portProtocol: port.protocol)
            }
            targets.append(Labels(t))
        }
        for subset in eps.subsets ?? [] {
            for port in subset.ports ?? [] {
                for addr in subset.addresses ?? [] { add(addr, port, ready: "true") }
                for addr in subset.notReadyAddresses ?? [] { add(addr, port, ready: "false") }
            }
        }
        targets += podTargets.uncoveredPortTargets()
        return TargetGroup(source: source(namespace: ns, name: name), targets: targets, labels: Labels(ls))
    }
}
