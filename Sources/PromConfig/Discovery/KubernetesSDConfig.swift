/// `kubernetes_sd_configs` entry: targets from the Kubernetes API for one role.
public struct KubernetesSDConfig: Sendable, Hashable, Encodable {
    public enum Role: String, Sendable, Hashable, CaseIterable, Encodable {
        case pod, service, endpoints, endpointslice, node, ingress
    }

    public struct Namespaces: Sendable, Hashable, Encodable {
        public var ownNamespace = false
        public var names: [String] = []
        public init(ownNamespace: Bool = false, names: [String] = []) {
            self.ownNamespace = ownNamespace
            self.names = names
        }
        enum CodingKeys: String, CodingKey, CaseIterable {
            case ownNamespace = "own_namespace"
            case names
        }
    }

    /// A label and/or field selector for the objects of one role.
    public struct Selector: Sendable, Hashable, Encodable {
        public var role: Role
        public var label: String?
        public var field: String?
        public init(role: Role, label: String? = nil, field: String? = nil) {
            self.role = role
            self.label = label
            self.field = field
        }
        enum CodingKeys: String, CodingKey, CaseIterable {
            case role, label, field
        }
    }

    public struct AttachMetadata: Sendable, Hashable, Encodable {
        public var node = false
        public init(node: Bool = false) { self.node = node }
        enum CodingKeys: String, CodingKey, CaseIterable {
            case node
        }
    }

    /// nil: in-cluster (service account) or `kubeconfigFile`.
    public var apiServer: String?
    public var role: Role
    public var kubeconfigFile: String?
    public var namespaces = Namespaces()
    public var selectors: [Selector] = []
    public var attachMetadata = AttachMetadata()
    public var httpClientConfig = HTTPClientConfig()

    public init(role: Role) { self.role = role }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case apiServer = "api_server"
        case role
        case kubeconfigFile = "kubeconfig_file"
        case namespaces
        case selectors
        case attachMetadata = "attach_metadata"
    }

    static let fieldNames = CodingKeys.allCases.map(\.rawValue) + HTTPClientConfig.fieldNames

    /// Which selector roles each discovery role accepts (Prometheus's `allowedSelectors`).
    static let allowedSelectors: [Role: [Role]] = [
        .endpoints: [.pod, .service, .endpoints], .endpointslice: [.pod, .service, .endpointslice],
        .ingress: [.ingress], .node: [.node], .pod: [.pod, .node], .service: [.service],
    ]

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(apiServer, forKey: .apiServer)
        try c.encode(role, forKey: .role)
        try c.encodeIfPresent(kubeconfigFile, forKey: .kubeconfigFile)
        try c.encode(namespaces, forKey: .namespaces)
        try c.encodeNonEmpty(selectors, forKey: .selectors)
        if attachMetadata.node { try c.encode(attachMetadata, forKey: .attachMetadata) }
        try httpClientConfig.encode(to: encoder)
    }
}

extension NodeDecoder {
    public func kubernetesSDConfig() throws(ConfigError) -> KubernetesSDConfig {
        let o = try object(KubernetesSDConfig.fieldNames)
        let roles = KubernetesSDConfig.Role.allCases.map(\.rawValue).joined(separator: ", ")
        guard let roleNode = o["role"] else {
            throw o.objectError(at: "role", "role missing (one of: \(roles))")
        }
        let role = try roleNode.kubernetesRole()
        var c = KubernetesSDConfig(role: role)
        if let d = o["api_server"] {
            let text = try d.string()
            guard let u = URLComponents(string: text), u.scheme != nil, u.host != nil else {
                throw d.error("invalid api_server URL \(quoted(text)): expected scheme://host[:port]")
            }
            c.apiServer = text
        }
        c.kubeconfigFile = try o.filePath("kubeconfig_file")
        if let d = o["namespaces"] {
            let n = try d.object(KubernetesSDConfig.Namespaces.CodingKeys.allCases.map(\.rawValue))
            c.namespaces = .init(ownNamespace: try n.bool("own_namespace") ?? false, names: try n.stringList("names") ?? [])
        }
        var seenRoles: Set<KubernetesSDConfig.Role> = []
        for d in try o["selectors"]?.sequence() ?? [] {
            let s = try d.object(KubernetesSDConfig.Selector.CodingKeys.allCases.map(\.rawValue))
            guard let r = s["role"] else { throw d.error("selector role missing") }
            let selectorRole = try r.kubernetesRole()
            let allowed = KubernetesSDConfig.allowedSelectors[role] ?? []
            if !allowed.contains(selectorRole) {
                throw r.error("\(role.rawValue) role supports only \(allowed.map(\.rawValue).joined(separator: ", ")) selectors")
            }
            if !seenRoles.insert(selectorRole).inserted { throw r.error("duplicated selector role: \(selectorRole.rawValue)") }
            c.selectors.append(.init(role: selectorRole, label: try s.string("label"), field: try s.string("field")))
        }
        if let d = o["attach_metadata"] {
            let a = try d.object(KubernetesSDConfig.AttachMetadata.CodingKeys.allCases.map(\.rawValue))
            c.attachMetadata.node = try a.bool("node") ?? false
        }
        c.httpClientConfig = try o.httpClientConfig()

        let customHTTP = c.httpClientConfig != HTTPClientConfig()
        if c.apiServer != nil && c.kubeconfigFile != nil {
            throw o.objectError(at: "kubeconfig_file", "cannot use 'kubeconfig_file' and 'api_server' simultaneously")
        }
        if c.kubeconfigFile != nil && customHTTP {
            throw o.objectError(
                at: "kubeconfig_file", "cannot use a custom HTTP client configuration together with 'kubeconfig_file'")
        }
        if c.apiServer == nil && c.kubeconfigFile == nil && customHTTP {
            throw o.objectError(
                at: nil, "to use custom HTTP client configuration please provide the 'api_server' URL explicitly")
        }
        return c
    }

    func kubernetesRole() throws(ConfigError) -> KubernetesSDConfig.Role {
        let text = try string()
        guard let r = KubernetesSDConfig.Role(rawValue: text) else {
            let roles = KubernetesSDConfig.Role.allCases.map(\.rawValue).joined(separator: ", ")
            throw error("unknown Kubernetes SD role \(quoted(text)); expected one of: \(roles)")
        }
        return r
    }
}

import Foundation
