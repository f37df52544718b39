/// What one `kubernetes_sd_configs` entry asks for, after its API access has been resolved into a `KubeClient`.
///
/// The discovery-relevant part of PromConfig's `KubernetesSDConfig` (role, namespaces, selectors,
/// attach_metadata) with `own_namespace` resolved; `init(config:ownNamespace:)` converts.
public struct KubernetesSDOptions: Sendable, Hashable {
    public enum Role: String, Sendable, Hashable, CaseIterable {
        case pod, service, endpoints, endpointslice, node, ingress
    }

    /// Label and field selectors (API syntax) for the objects of one role.
    public struct Selector: Sendable, Hashable {
        public var label: String?
        public var field: String?

        public init(label: String? = nil, field: String? = nil) {
            self.label = label
            self.field = field
        }
    }

    public var role: Role
    /// Namespaces to watch; empty watches all. Resolve `own_namespace` before (the pod's namespace file).
    public var namespaces: [String]
    /// Selectors by the role of the objects they filter (`endpoints` may select pods and services too).
    public var selectors: [Role: Selector]
    /// `attach_metadata.node`: add the node's name and labels to pod, endpoints and endpointslice targets.
    public var attachNodeMetadata: Bool

    public init(
        role: Role, namespaces: [String] = [], selectors: [Role: Selector] = [:], attachNodeMetadata: Bool = false
    ) {
        self.role = role
        self.namespaces = namespaces
        self.selectors = selectors
        self.attachNodeMetadata = attachNodeMetadata
    }
}
