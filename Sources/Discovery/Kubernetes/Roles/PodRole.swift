public import KubeClient
public import PromModel

/// `role: pod`: one target per declared container port, or one port-less target per container without ports.
public enum PodRole {
    public static func source(namespace: String, name: String) -> String { "pod/\(namespace)/\(name)" }

    static let name = Meta.prefix + "pod_name"
    static let containerName = Meta.prefix + "pod_container_name"
    static let containerID = Meta.prefix + "pod_container_id"
    static let containerImage = Meta.prefix + "pod_container_image"
    static let containerInit = Meta.prefix + "pod_container_init"
    static let portName = Meta.prefix + "pod_container_port_name"
    static let portNumber = Meta.prefix + "pod_container_port_number"
    static let portProtocol = Meta.prefix + "pod_container_port_protocol"

    /// The pod's own labels (without namespace), also attached to endpoints backed by the pod.
    static func labels(_ pod: Pod) -> [String: String] {
        let p = Meta.prefix + "pod_"
        var ls: [String: String] = [
            p + "ip": pod.status?.podIP ?? "",
            p + "ready": ready(pod),
            p + "phase": pod.status?.phase ?? "",
            p + "node_name": pod.spec?.nodeName ?? "",
            p + "host_ip": pod.status?.hostIP ?? "",
            p + "uid": pod.metadata.uid ?? "",
        ]
        Meta.addObjectMeta(&ls, pod.metadata, role: "pod")
        if let owner = pod.metadata.ownerReferences?.first(where: { $0.controller == true }) {
            if !owner.kind.isEmpty { ls[p + "controller_kind"] = owner.kind }
            if !owner.name.isEmpty { ls[p + "controller_name"] = owner.name }
        }
        return ls
    }

    /// `true`/`false`/`unknown` from the Ready condition, lower-cased as Prometheus reports it.
    static func ready(_ pod: Pod) -> String {
        guard let c = pod.status?.conditions?.first(where: { $0.type == "Ready" }) else { return "unknown" }
        return c.status.lowercased()
    }

    /// Containers then init containers, each with whether it is an init container.
    static func containers(_ pod: Pod) -> [(container: Pod.Container, isInit: Bool)] {
        (pod.spec?.containers ?? []).map { ($0, false) } + (pod.spec?.initContainers ?? []).map { ($0, true) }
    }

    public static func group(_ pod: Pod, node: Node? = nil) -> TargetGroup {
        let ns = pod.metadata.namespace ?? ""
        let source = source(namespace: ns, name: pod.metadata.name ?? "")
        // A pod without an IP (starting, evicted) has nothing to scrape yet.
        guard let ip = pod.status?.podIP, !ip.isEmpty else { return TargetGroup(source: source, targets: []) }
        var groupLabels = labels(pod)
        groupLabels[Meta.namespace] = ns
        if let node { groupLabels.merge(NodeRole.attachedLabels(node)) { _, n in n } }
        var targets: [Labels] = []
        for (c, isInit) in containers(pod) {
            let statuses = isInit ? pod.status?.initContainerStatuses : pod.status?.containerStatuses
            let id = statuses?.first { $0.name == c.name }?.containerID ?? ""
            let base = [
                containerName: c.name, containerID: id, containerImage: c.image ?? "",
                containerInit: isInit ? "true" : "false",
            ]
            guard let ports = c.ports, !ports.isEmpty else {
                // No declared port: a target at the bare pod IP, for relabeling to add one.
                targets.append(Labels(base.merging([Meta.address: ip]) { _, n in n }))
                continue
            }
            for port in ports {
                var t = base
                t[Meta.address] = Meta.joinHostPort(ip, port.containerPort)
                t[portNumber] = String(port.containerPort)
                t[portName] = port.name ?? ""
                t[portProtocol] = port.protocol ?? ""
                targets.append(Labels(t))
            }
        }
        return TargetGroup(source: source, targets: targets, labels: Labels(groupLabels))
    }
}
