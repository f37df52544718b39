/// The parts of `metav1.ObjectMeta` the operator reads and writes.
package struct ObjectMeta: Codable, Hashable, Sendable {
    package var name: String?
    package var namespace: String?
    package var labels: [String: String]?
    package var annotations: [String: String]?
    package var uid: String?
    package var generation: Int64?
    package var resourceVersion: String?
    package var ownerReferences: [OwnerReference]?

    package init(
        name: String? = nil, namespace: String? = nil, labels: [String: String]? = nil,
        annotations: [String: String]? = nil, uid: String? = nil, generation: Int64? = nil
    ) {
        self.name = name
        self.namespace = namespace
        self.labels = labels
        self.annotations = annotations
        self.uid = uid
        self.generation = generation
    }

    /// Encodes maps with sorted keys so rendered manifests are byte-stable.
    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(namespace, forKey: .namespace)
        if let labels { try c.encode(SortedObject(labels), forKey: .labels) }
        if let annotations { try c.encode(SortedObject(annotations), forKey: .annotations) }
        try c.encodeIfPresent(uid, forKey: .uid)
        try c.encodeIfPresent(generation, forKey: .generation)
        try c.encodeIfPresent(resourceVersion, forKey: .resourceVersion)
        try c.encodeIfPresent(ownerReferences, forKey: .ownerReferences)
    }
}

package struct OwnerReference: Codable, Hashable, Sendable {
    package var apiVersion: String
    package var kind: String
    package var name: String
    package var uid: String
    package var controller: Bool?
    package var blockOwnerDeletion: Bool?
}

/// A namespaced custom resource: `apiVersion`, `kind`, `metadata`, `spec` and an optional `status`.
package struct CustomResource<Spec: Codable & Hashable & Sendable, Status: Codable & Hashable & Sendable>: Codable,
    Hashable, Sendable
{
    package var apiVersion: String
    package var kind: String
    package var metadata: ObjectMeta
    package var spec: Spec
    package var status: Status?

    package init(apiVersion: String, kind: String, metadata: ObjectMeta, spec: Spec, status: Status? = nil) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    package var name: String { metadata.name ?? "" }
    package var namespace: String { metadata.namespace ?? "default" }
}

/// The API groups: ours, and prometheus-operator's whose monitors we also accept unchanged.
package enum APIGroup {
    package static let sextant = "monitoring.sextant.dev"
    package static let coreos = "monitoring.coreos.com"
    package static let monitorsVersion = "v1"
    package static let serverVersion = "v1alpha1"
}

package typealias ServiceMonitor = CustomResource<ServiceMonitorSpec, MonitorStatus>
package typealias PodMonitor = CustomResource<PodMonitorSpec, MonitorStatus>
package typealias Probe = CustomResource<ProbeSpec, MonitorStatus>
package typealias PrometheusRule = CustomResource<PrometheusRuleSpec, MonitorStatus>
package typealias Sextant = CustomResource<SextantSpec, SextantStatus>
