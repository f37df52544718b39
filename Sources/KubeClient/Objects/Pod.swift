/// `v1/Pod`, with the fields service discovery and the operator read.
public struct Pod: KubeResource, Hashable {
    public static let apiResource = APIResource(group: "", version: "v1", plural: "pods", kind: "Pod", namespaced: true)

    public var apiVersion: String? = "v1"
    public var kind: String? = "Pod"
    public var metadata: ObjectMeta
    public var spec: Spec?
    public var status: Status?

    public init(metadata: ObjectMeta, spec: Spec? = nil, status: Status? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    public struct Spec: Codable, Sendable, Hashable {
        public var nodeName: String?
        public var containers: [Container]
        public var initContainers: [Container]?
        public var serviceAccountName: String?
        public var hostNetwork: Bool?

        public init(containers: [Container], initContainers: [Container]? = nil, nodeName: String? = nil) {
            self.containers = containers
            self.initContainers = initContainers
            self.nodeName = nodeName
        }
    }

    public struct Container: Codable, Sendable, Hashable {
        public var name: String
        public var image: String?
        public var ports: [ContainerPort]?

        public init(name: String, image: String? = nil, ports: [ContainerPort]? = nil) {
            self.name = name
            self.image = image
            self.ports = ports
        }
    }

    public struct ContainerPort: Codable, Sendable, Hashable {
        public var name: String?
        public var containerPort: Int
        public var `protocol`: String?

        public init(name: String? = nil, containerPort: Int, protocol: String? = nil) {
            self.name = name
            self.containerPort = containerPort
            self.protocol = `protocol`
        }
    }

    public struct Status: Codable, Sendable, Hashable {
        public var phase: String?
        public var podIP: String?
        public var hostIP: String?
        public var conditions: [Condition]?
        public var containerStatuses: [ContainerStatus]?
        public var initContainerStatuses: [ContainerStatus]?

        public init(phase: String? = nil, podIP: String? = nil, hostIP: String? = nil, conditions: [Condition]? = nil) {
            self.phase = phase
            self.podIP = podIP
            self.hostIP = hostIP
            self.conditions = conditions
        }
    }

    public struct Condition: Codable, Sendable, Hashable {
        public var type: String
        public var status: String

        public init(type: String, status: String) {
            self.type = type
            self.status = status
        }
    }

    public struct ContainerStatus: Codable, Sendable, Hashable {
        public var name: String
        public var containerID: String?
        public var ready: Bool?
    }
}
