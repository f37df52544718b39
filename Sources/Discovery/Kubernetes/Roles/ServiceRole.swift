public import KubeClient
public import PromModel

/// `role: service`: one target per service port at the service's cluster DNS name.
public enum ServiceRole {
    public static func source(namespace: String, name: String) -> String { "svc/\(namespace)/\(name)" }

    /// Group labels of a service (also attached to its endpoints and endpoint slices).
    static func labels(_ svc: Service) -> [String: String] {
        var ls = [Meta.namespace: svc.metadata.namespace ?? ""]
        Meta.addObjectMeta(&ls, svc.metadata, role: "service")
        return ls
    }

    public static func group(_ svc: Service) -> TargetGroup {
        let ns = svc.metadata.namespace ?? ""
        let name = svc.metadata.name ?? ""
        let p = Meta.prefix + "service_"
        let type = svc.spec?.type ?? ""
        var targets: [Labels] = []
        for port in svc.spec?.ports ?? [] {
            var t = [
                Meta.address: Meta.joinHostPort("\(name).\(ns).svc", port.port),
                p + "port_name": port.name ?? "",
                p + "port_number": String(port.port),
                p + "port_protocol": port.protocol ?? "",
                p + "type": type,
            ]
            if type == "ExternalName" {
                t[p + "external_name"] = svc.spec?.externalName ?? ""
            } else {
                t[p + "cluster_ip"] = svc.spec?.clusterIP ?? ""
            }
            if type == "LoadBalancer" { t[p + "loadbalancer_ip"] = svc.spec?.loadBalancerIP ?? "" }
            targets.append(Labels(t))
        }
        return TargetGroup(source: source(namespace: ns, name: name), targets: targets, labels: Labels(labels(svc)))
    }
}
