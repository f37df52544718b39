public import KubeClient
import PromModel

/// Cached objects an endpoint-like role reads besides its own: the backing pods, the owning service and
/// (with `attach_metadata.node`) nodes. Keys are `namespace/name`, nodes by name.
public struct Lookups: Sendable {
    public var pod: @Sendable (String) -> Pod?
    public var service: @Sendable (String) -> Service?
    /// `nil` when node metadata is not attached.
    public var node: (@Sendable (String) -> Node?)?

    public init(
        pod: @escaping @Sendable (String) -> Pod? = { _ in nil },
        service: @escaping @Sendable (String) -> Service? = { _ in nil },
        node: (@Sendable (String) -> Node?)? = nil
    ) {
        self.pod = pod
        self.service = service
        self.node = node
    }
}

/// What endpoints and endpoint slices share: targets backed by pods get the pod's labels and the
/// labels of the container port they hit, and every other declared port of those pods becomes a target too.
struct PodBackedTargets {
    private var pods: [(pod: Pod, ports: Set<Int>)] = []
    private var index: [String: Int] = [:]

    /// Adds pod labels (and container-port labels when `port` matches a declared container port) to `target`,
    /// remembering that `port` of this pod is covered.
    mutating func decorate(_ target: inout [String: String], pod: Pod, port: Int?, portProtocol: String?) {
        let key = pod.metadata.key
        if index[key] == nil {
            index[key] = pods.count
            pods.append((pod, []))
        }
        target.merge(PodRole.labels(pod)) { _, n in n }
        guard let port else { return }
        outer: for (c, isInit) in PodRole.containers(pod) {
            for cport in c.ports ?? [] where cport.containerPort == port {
                target[PodRole.containerName] = c.name
                target[PodRole.containerImage] = c.image ?? ""
                target[PodRole.portName] = cport.name ?? ""
                target[PodRole.portNumber] = String(port)
                target[PodRole.portProtocol] = portProtocol ?? ""
                target[PodRole.containerInit] = isInit ? "true" : "false"
                break outer
            }
        }
        pods[index[key]!].ports.insert(port)
    }

    /// Targets for the declared container ports of seen pods that no endpoint port covered.
    func uncoveredPortTargets() -> [Labels] {
        var out: [Labels] = []
        for (pod, covered) in pods {
            guard let ip = pod.status?.podIP, !ip.isEmpty else { continue }
            for (c, isInit) in PodRole.containers(pod) {
                for cport in c.ports ?? [] where !covered.contains(cport.containerPort) {
                    var t = PodRole.labels(pod)
                    t[Meta.address] = Meta.joinHostPort(ip, cport.containerPort)
                    t[PodRole.containerName] = c.name
                    t[PodRole.containerImage] = c.image ?? ""
                    t[PodRole.portName] = cport.name ?? ""
                    t[PodRole.portNumber] = String(cport.containerPort)
                    t[PodRole.portProtocol] = cport.protocol ?? ""
                    t[PodRole.containerInit] = isInit ? "true" : "false"
                    out.append(Labels(t))
                }
            }
        }
        return out
    }
}

extension Lookups {
    /// The pod an endpoint address refers to, when it is a pod the cache knows.
    func pod(for ref: ObjectReference?, defaultNamespace: String) -> Pod? {
        guard let ref, ref.kind == "Pod", let name = ref.name else { return nil }
        return pod("\(ref.namespace ?? defaultNamespace)/\(name)")
    }

    /// Node labels for an endpoint: by its node name, else by a `Node` target reference.
    func nodeLabels(nodeName: String?, ref: ObjectReference?) -> [String: String] {
        guard let node else { return [:] }
        let name = nodeName ?? (ref?.kind == "Node" ? ref?.name : nil)
        guard let name, let n = node(name) else { return [:] }
        return NodeRole.attachedLabels(n)
    }
}
