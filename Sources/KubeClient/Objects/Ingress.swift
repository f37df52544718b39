/// `networking.k8s.io/v1/Ingress` (the fields also match v1beta1 for what discovery reads).
public struct Ingress: KubeResource, Hashable {
    public static let apiResource = APIResource(
        group: "networking.k8s.io", version: "v1", plural: "ingresses", kind: "Ingress", namespaced: true)

    public var apiVersion: String? = "networking.k8s.io/v1"
    public var kind: String? = "Ingress"
    public var metadata: ObjectMeta
    public var spec: Spec?

    public init(metadata: ObjectMeta, spec: Spec? = nil) {
        self.metadata = metadata
        self.spec = spec
    }

    public struct Spec: Codable, Sendable, Hashable {
        public var ingressClassName: String?
        public var tls: [TLS]?
        public var rules: [Rule]?

        public init(ingressClassName: String? = nil, tls: [TLS]? = nil, rules: [Rule]? = nil) {
            self.ingressClassName = ingressClassName
            self.tls = tls
            self.rules = rules
        }
    }

    public struct TLS: Codable, Sendable, Hashable {
        public var hosts: [String]?
        public var secretName: String?

        public init(hosts: [String]? = nil, secretName: String? = nil) {
            self.hosts = hosts
            self.secretName = secretName
        }
    }

    public struct Rule: Codable, Sendable, Hashable {
        public var host: String?
        public var http: HTTPRule?

        public init(host: String? = nil, paths: [String]? = nil) {
            self.host = host
            if let paths { http = HTTPRule(paths: paths.map { Path(path: $0) }) }
        }

        public init(host: String?, http: HTTPRule?) {
            self.host = host
            self.http = http
        }
    }

    public struct HTTPRule: Codable, Sendable, Hashable {
        public var paths: [Path]

        public init(paths: [Path]) { self.paths = paths }
    }

    /// Only `path` is read; `backend` is required by the API when writing, so it is kept verbatim.
    public struct Path: Codable, Sendable, Hashable {
        public var path: String?
        public var pathType: String?
        public var backend: JSONValue?

        public init(path: String?, pathType: String? = "Prefix", backend: JSONValue? = nil) {
            self.path = path
            self.pathType = pathType
            self.backend = backend
        }
    }
}
