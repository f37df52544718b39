/// `v1/Endpoints`.
public struct Endpoints: KubeResource, Hashable {
    public static let apiResource = APIResource(
        group: "", version: "v1", plural: "endpoints", kind: "Endpoints", namespaced: true)

    public var apiVersion: String? = "v1"
    public var kind: String? = "Endpoints"
    public var metadata: ObjectMeta
    public var subsets: [Subset]?

    public init(metadata: ObjectMeta, subsets: [Subset]? = nil) {
        self.metadata = metadata
        self.subsets = subsets
    }

    public struct Subset: Codable, Sendable, Hashable {
        public var addresses: [Address]?
        public var notReadyAddresses: [Address]?
        public var ports: [Port]?

        public init(addresses: [Address]? = nil, notReadyAddresses: [Address]? = nil, ports: [Port]? = nil) {
            self.addresses = addresses
            self.notReadyAddresses = notReadyAddresses
            self.ports = ports
        }
    }

    public struct Address: Codable, Sendable, Hashable {
        public var ip: String
        public var hostname: String?
        public var nodeName: String?
        public var targetRef: ObjectReference?

        public init(ip: String, hostname: String? = nil, nodeName: String? = nil, targetRef: ObjectReference? = nil) {
            self.ip = ip
            self.hostname = hostname
            self.nodeName = nodeName
            self.targetRef = targetRef
        }
    }

    public struct Port: Codable, Sendable, Hashable {
        public var name: String?
        public var port: Int
        public var `protocol`: String?
        public var appProtocol: String?

        public init(name: String? = nil, port: Int, protocol: String? = nil) {
            self.name = name
            self.port = port
            self.protocol = `protocol`
        }
    }
}
