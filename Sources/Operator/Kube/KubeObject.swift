/// One rendered Kubernetes object, ready to be applied (server-side apply) or written as YAML.
package struct KubeObject: Encodable, Equatable, Sendable {
    package var apiVersion: String
    package var kind: String
    package var metadata: ObjectMeta
    package var body: Body

    package enum Body: Equatable, Sendable {
        case statefulSet(StatefulSetSpec)
        case service(ServiceSpec)
        case serviceAccount
        case configMap([String: String])
        /// Base64-encoded `data` (not `stringData`, which server-side apply cannot own cleanly).
        case secret([String: String])
        case role([PolicyRule])
        case binding(roleRef: RoleRef, subjects: [Subject])
        case podDisruptionBudget(PDBSpec)
    }

    package var key: String { "\(kind)/\(metadata.namespace ?? "")/\(metadata.name ?? "")" }

    enum Key: String, CodingKey {
        case apiVersion, kind, metadata, type, spec, data, rules, roleRef, subjects
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(apiVersion, forKey: .apiVersion)
        try c.encode(kind, forKey: .kind)
        try c.encode(metadata, forKey: .metadata)
        if case .secret = body { try c.encode("Opaque", forKey: .type) }
        switch body {
        case .statefulSet(let s): try c.encode(s, forKey: .spec)
        case .service(let s): try c.encode(s, forKey: .spec)
        case .serviceAccount: break
        case .configMap(let d): try c.encode(SortedObject(d), forKey: .data)
        case .secret(let d): try c.encode(SortedObject(d), forKey: .data)
        case .role(let rules): try c.encode(rules, forKey: .rules)
        case .binding(let ref, let subjects):
            try c.encode(ref, forKey: .roleRef)
            try c.encode(subjects, forKey: .subjects)
        case .podDisruptionBudget(let s): try c.encode(s, forKey: .spec)
        }
    }
}

package struct ServiceSpec: Encodable, Equatable, Sendable {
    package var clusterIP: String?
    package var publishNotReadyAddresses: Bool?
    package var selector: SortedMap
    package var ports: [Port]
    package var sessionAffinity: String?

    package struct Port: Encodable, Equatable, Sendable {
        package var name: String
        package var port: Int
        package var targetPort: String
        package var `protocol` = "TCP"
    }
}

package struct PolicyRule: Encodable, Equatable, Sendable {
    package var apiGroups: [String]?
    package var resources: [String]?
    package var resourceNames: [String]?
    package var nonResourceURLs: [String]?
    package var verbs: [String]
}

package struct RoleRef: Encodable, Equatable, Sendable {
    package var apiGroup = "rbac.authorization.k8s.io"
    package var kind: String
    package var name: String
}

package struct Subject: Encodable, Equatable, Sendable {
    package var kind = "ServiceAccount"
    package var name: String
    package var namespace: String
}

package struct PDBSpec: Encodable, Equatable, Sendable {
    package var maxUnavailable: Int
    package var selector: LabelSelector
}
