/// `v1/Service`.
public struct Service: KubeResource, Hashable {
    public static let apiResource = APIResource(
        group: "", version: "v1", plural: "services", kind: "Service", namespaced: true)

    public var apiVersion: String? = "v1"
    public var kind: String? = "Service"
    public var metadata: ObjectMeta
    public var spec: Spec?
    public var status: Status?

    public init(metadata: ObjectMeta, spec: Spec? = nil) {
        self.metadata = metadata
        self.spec = spec
    }

    public struct Spec: Codable, Sendable, Hashable {
        public var type: String?
        public var clusterIP: String?
        public var externalName: String?
        /// Requested address of a `LoadBalancer` Service (what Prometheus reports as `loadbalancer_ip`).
        public var loadBalancerIP: String?
        public var selector: [String: String]?
        public var ports: [Port]?

        public init(
            type: String? = nil, clusterIP: String? = nil, externalName: String? = nil,
            selector: [String: String]? = nil, ports: [Port]? = nil
        ) {
            self.type = type
            self.clusterIP = clusterIP
            self.externalName = externalName
            self.selector = selector
            self.ports = ports
        }
    }

    public struct Port: Codable, Sendable, Hashable {
        public var name: String?
        public var `protocol`: String?
        public var port: Int
        public var targetPort: IntOrString?
        public var nodePort: Int?

        public init(name: String? = nil, protocol: String? = nil, port: Int, targetPort: IntOrString? = nil) {
            self.name = name
            self.protocol = `protocol`
            self.port = port
            self.targetPort = targetPort
        }
    }

    public struct Status: Codable, Sendable, Hashable {
        public var loadBalancer: LoadBalancerStatus?
    }

    public struct LoadBalancerStatus: Codable, Sendable, Hashable {
        public var ingress: [LoadBalancerIngress]?
    }

    public struct LoadBalancerIngress: Codable, Sendable, Hashable {
        public var ip: String?
        public var hostname: String?
    }
}
