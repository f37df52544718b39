/// `v1/Node`.
public struct Node: KubeResource, Hashable {
    public static let apiResource = APIResource(
        group: "", version: "v1", plural: "nodes", kind: "Node", namespaced: false)

    public var apiVersion: String? = "v1"
    public var kind: String? = "Node"
    public var metadata: ObjectMeta
    public var spec: Spec?
    public var status: Status?

    public init(metadata: ObjectMeta, spec: Spec? = nil, status: Status? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    public struct Spec: Codable, Sendable, Hashable {
        public var providerID: String?

        public init(providerID: String? = nil) { self.providerID = providerID }
    }

    public struct Status: Codable, Sendable, Hashable {
        public var addresses: [Address]?
        public var daemonEndpoints: DaemonEndpoints?

        public init(addresses: [Address]? = nil, kubeletPort: Int? = nil) {
            self.addresses = addresses
            if let kubeletPort { daemonEndpoints = DaemonEndpoints(kubeletEndpoint: .init(Port: kubeletPort)) }
        }
    }

    public struct Address: Codable, Sendable, Hashable {
        /// `InternalIP`, `ExternalIP`, `LegacyHostIP`, `Hostname`, `InternalDNS`, `ExternalDNS`.
        public var type: String
        public var address: String

        public init(type: String, address: String) {
            self.type = type
            self.address = address
        }
    }

    public struct DaemonEndpoints: Codable, Sendable, Hashable {
        public var kubeletEndpoint: DaemonEndpoint?
    }

    public struct DaemonEndpoint: Codable, Sendable, Hashable {
        // The API spells it with a capital P.
        public var Port: Int
    }
}

/// `v1/Namespace`.
public struct Namespace: KubeResource, Hashable {
    public static let apiResource = APIResource(
        group: "", version: "v1", plural: "namespaces", kind: "Namespace", namespaced: false)

    public var apiVersion: String? = "v1"
    public var kind: String? = "Namespace"
    public var metadata: ObjectMeta
    public var status: Status?

    public init(metadata: ObjectMeta) { self.metadata = metadata }

    public struct Status: Codable, Sendable, Hashable {
        public var phase: String?
    }
}
