/// `discovery.k8s.io/v1/EndpointSlice`, also able to hold a `v1beta1` slice.
///
/// The two versions differ only in where an endpoint's node and zone live: v1 has `nodeName` and `zone`,
/// v1beta1 a `topology` map (`kubernetes.io/hostname`, `topology.kubernetes.io/zone`). One type decodes
/// both; `nodeNameOrTopology` and `zoneOrTopology` read whichever is present. Read v1beta1 slices (the only
/// version Kubernetes 1.20 serves) by passing `EndpointSlice.v1beta1Resource` explicitly.
public struct EndpointSlice: KubeResource, Hashable {
    public static let apiResource = APIResource(
        group: "discovery.k8s.io", version: "v1", plural: "endpointslices", kind: "EndpointSlice",
        namespaced: true)
    public static let v1beta1Resource = apiResource.withVersion("v1beta1")

    public var apiVersion: String? = "discovery.k8s.io/v1"
    public var kind: String? = "EndpointSlice"
    public var metadata: ObjectMeta
    /// `IPv4`, `IPv6` or `FQDN`.
    public var addressType: String
    public var endpoints: [Endpoint]?
    public var ports: [Port]?

    public init(
        metadata: ObjectMeta, addressType: String, endpoints: [Endpoint]? = nil, ports: [Port]? = nil,
        apiVersion: String = "discovery.k8s.io/v1"
    ) {
        self.metadata = metadata
        self.addressType = addressType
        self.endpoints = endpoints
        self.ports = ports
        self.apiVersion = apiVersion
    }

    public struct Endpoint: Codable, Sendable, Hashable {
        public var addresses: [String]
        public var conditions: Conditions?
        public var hostname: String?
        public var targetRef: ObjectReference?
        /// v1 only.
        public var nodeName: String?
        /// v1 only.
        public var zone: String?
        /// v1beta1 only (deprecated there).
        public var topology: [String: String]?
        /// v1: the old `topology` map under its deprecated name.
        public var deprecatedTopology: [String: String]?

        public init(
            addresses: [String], conditions: Conditions? = nil, hostname: String? = nil,
            targetRef: ObjectReference? = nil, nodeName: String? = nil, zone: String? = nil,
            topology: [String: String]? = nil
        ) {
            self.addresses = addresses
            self.conditions = conditions
            self.hostname = hostname
            self.targetRef = targetRef
            self.nodeName = nodeName
            self.zone = zone
            self.topology = topology
        }

        public var nodeNameOrTopology: String? { nodeName ?? anyTopology?["kubernetes.io/hostname"] }
        public var zoneOrTopology: String? { zone ?? anyTopology?["topology.kubernetes.io/zone"] }
        /// `topology` (v1beta1) or `deprecatedTopology` (v1).
        public var anyTopology: [String: String]? { topology ?? deprecatedTopology }
    }

    public struct Conditions: Codable, Sendable, Hashable {
        public var ready: Bool?
        public var serving: Bool?
        public var terminating: Bool?

        public init(ready: Bool? = nil, serving: Bool? = nil, terminating: Bool? = nil) {
            self.ready = ready
            self.serving = serving
            self.terminating = terminating
        }
    }

    public struct Port: Codable, Sendable, Hashable {
        public var name: String?
        public var port: Int?
        public var `protocol`: String?
        public var appProtocol: String?

        public init(name: String? = nil, port: Int? = nil, protocol: String? = nil) {
            self.name = name
            self.port = port
            self.protocol = `protocol`
        }
    }
}
