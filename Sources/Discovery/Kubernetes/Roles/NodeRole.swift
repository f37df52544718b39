public import KubeClient
public import PromModel

/// `role: node`: one target per node at its kubelet port.
public enum NodeRole {
    public static func source(name: String) -> String { "node/\(name)" }

    /// Group labels of a node (also attached to pods and endpoints with `attach_metadata.node`).
    static func labels(_ node: Node) -> [String: String] {
        var ls: [String: String] = [:]
        Meta.addObjectMeta(&ls, node.metadata, role: "node")
        ls[Meta.prefix + "node_provider_id"] = node.spec?.providerID ?? ""
        return ls
    }

    /// The labels `attach_metadata: {node: true}` adds: the node's name, labels and label-present flags.
    static func attachedLabels(_ node: Node) -> [String: String] {
        var ls: [String: String] = [Meta.prefix + "node_name": node.metadata.name ?? ""]
        for (k, v) in node.metadata.labels ?? [:] {
            let n = Meta.sanitize(k)
            ls[Meta.prefix + "node_label_" + n] = v
            ls[Meta.prefix + "node_labelpresent_" + n] = Meta.present
        }
        return ls
    }

    /// The node's target group; no target when it has no usable address (Prometheus logs and skips it).
    public static func group(_ node: Node) -> TargetGroup {
        let name = node.metadata.name ?? ""
        let addresses = node.status?.addresses ?? []
        // The scrape address prefers internal over external IPs, then legacy host IPs, then host names.
        let preferred = ["InternalIP", "ExternalIP", "LegacyHostIP", "Hostname"]
        guard let address = preferred.lazy.compactMap({ t in addresses.first { $0.type == t }?.address }).first else {
            return TargetGroup(source: source(name: name), targets: [], labels: Labels(labels(node)))
        }
        let port = node.status?.daemonEndpoints?.kubeletEndpoint?.Port ?? 0
        var target = [Meta.address: Meta.joinHostPort(address, port), Meta.instance: name]
        for a in addresses {
            let label = Meta.sanitize(Meta.prefix + "node_address_" + a.type)
            if target[label] == nil { target[label] = a.address }
        }
        return TargetGroup(source: source(name: name), targets: [Labels(target)], labels: Labels(labels(node)))
    }
}
