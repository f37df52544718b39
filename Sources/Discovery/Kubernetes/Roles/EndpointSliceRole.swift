public import KubeClient
public import PromModel

/// `role: endpointslice`: one target per address and port of each slice (v1 or v1beta1), plus the
/// remaining container ports of the pods behind them.
public enum EndpointSliceRole {
    public static func source(namespace: String, name: String) -> String { "endpointslice/\(namespace)/\(name)" }

    /// The label naming a slice's Service.
    public static let serviceNameLabel = "kubernetes.io/service-name"

    public static func group(_ slice: EndpointSlice, lookups: Lookups) -> TargetGroup {
        let ns = slice.metadata.namespace ?? ""
        let p = Meta.prefix + "endpointslice_"
        var ls = [Meta.namespace: ns, p + "address_type": slice.addressType]
        Meta.addObjectMeta(&ls, slice.metadata, role: "endpointslice")
        if let svcName = slice.metadata.labels?[serviceNameLabel], let svc = lookups.service("\(ns)/\(svcName)") {
            ls.merge(ServiceRole.labels(svc)) { _, n in n }
        }

        var podTargets = PodBackedTargets()
        var targets: [Labels] = []
        for ep in slice.endpoints ?? [] {
            for port in slice.ports ?? [] {
                for addr in ep.addresses {
                    var t = [Meta.address: port.port.map { Meta.joinHostPort(addr, $0) } ?? addr]
                    if let v = port.name { t[p + "port_name"] = v }
                    if let v = port.protocol { t[p + "port_protocol"] = v }
                    if let v = port.port { t[p + "port"] = String(v) }
                    if let v = port.appProtocol { t[p + "port_app_protocol"] = v }
                    if let v = ep.conditions?.ready { t[p + "endpoint_conditions_ready"] = String(v) }
                    if let v = ep.conditions?.serving { t[p + "endpoint_conditions_serving"] = String(v) }
                    if let v = ep.conditions?.terminating { t[p + "endpoint_conditions_terminating"] = String(v) }
                    if let v = ep.hostname { t[p + "endpoint_hostname"] = v }
                    if let ref = ep.targetRef {
                        t[p + "address_target_kind"] = ref.kind ?? ""
                        t[p + "address_target_name"] = ref.name ?? ""
                    }
                    if let v = ep.nodeName { t[p + "endpoint_node_name"] = v }
                    if let v = ep.zone { t[p + "endpoint_zone"] = v }
                    for (k, v) in ep.anyTopology ?? [:] {
                        let n = Meta.sanitize(k)
                        t[p + "endpoint_topology_" + n] = v
                        t[p + "endpoint_topology_present_" + n] = Meta.present
                    }
                    t.merge(lookups.nodeLabels(nodeName: ep.nodeNameOrTopology, ref: ep.targetRef)) { _, n in n }
                    if let pod = lookups.pod(for: ep.targetRef, defaultNamespace: ns) {
                        podTargets.decorate(&t, pod: pod, port: port.port, portProtocol: port.protocol)
                    }
                    targets.append(Labels(t))
                }
            }
        }
        targets += podTargets.uncoveredPortTargets()
        return TargetGroup(
            source: source(namespace: ns, name: slice.metadata.name ?? ""), targets: targets, labels: Labels(ls))
    }
}
