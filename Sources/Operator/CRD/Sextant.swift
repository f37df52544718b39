/// `Sextant` (`monitoring.sextant.dev/v1alpha1`): one monitoring server deployment, possibly sharded and
/// replicated, and the selectors that pick its monitors and rules.
package struct SextantSpec: Codable, Hashable, Sendable, SchemaAnnotated {
    package var paused: Bool?
    package var replicas: Int32?
    package var shards: Int32?
    package var image: String?
    package var resources: ResourceRequirements?
    package var retention: String?
    package var retentionSize: String?
    package var storage: StorageSpec?
    package var scrapeInterval: String?
    package var scrapeTimeout: String?
    package var evaluationInterval: String?
    package var externalLabels: [String: String]?
    package var serviceMonitorSelector: LabelSelector?
    package var serviceMonitorNamespaceSelector: LabelSelector?
    package var podMonitorSelector: LabelSelector?
    package var podMonitorNamespaceSelector: LabelSelector?
    package var probeSelector: LabelSelector?
    package var probeNamespaceSelector: LabelSelector?
    package var ruleSelector: LabelSelector?
    package var ruleNamespaceSelector: LabelSelector?
    package var alerting: AlertingSpec?
    package var remoteWrite: [RemoteWriteSpec]?
    package var additionalScrapeConfigs: SecretKeySelector?
    package var web: WebSpec?
    package var enableAdminAPI: Bool?
    package var logLevel: LogLevel?
    package var nodeSelector: [String: String]?
    package var tolerations: [Toleration]?
    package var affinity: JSONValue?
    package var securityContext: PodSecurityContext?
    package var serviceAccountName: String?
    package var podMetadata: EmbeddedMetadata?

    package init() {}

    package static let defaultImage = "ghcr.io/sextant-dev/sextant:latest"

    package static func annotate(_ s: inout Schema) {
        s.with("replicas") {
            $0.minimum = 0
            $0.defaultValue = .number(1)
            $0.description = "Pods per shard."
        }
        s.with("shards") {
            $0.minimum = 1
            $0.defaultValue = .number(1)
            $0.description = "Targets are split across shards by hashmod."
        }
        s.with("retention") {
            $0.pattern = Patterns.duration
            $0.defaultValue = .string("24h")
        }
        s.with("retentionSize") { $0.pattern = Patterns.byteSize }
        s.durations("scrapeInterval", "scrapeTimeout", "evaluationInterval")
        s.with("scrapeInterval") { $0.defaultValue = .string("30s") }
        s.with("evaluationInterval") { $0.defaultValue = .string("30s") }
        s.doc("paused", "Stop reconciling this object.")
        s.doc("serviceMonitorSelector", "Unset selects none; {} selects all.")
        s.doc("serviceMonitorNamespaceSelector", "Unset means own namespace; {} means all.")
        s.doc("additionalScrapeConfigs", "Secret key with extra scrape_configs YAML.")
        s.doc("affinity", "A core/v1 Affinity.")
    }
}

package enum LogLevel: String, SchemaEnum, Codable, Hashable, Sendable {
    case debug, info, warn, error
}

/// Where the TSDB lives: a PVC per pod from a template, or an emptyDir (the default, data lost on restart).
package struct StorageSpec: Codable, Hashable, Sendable {
    package var volumeClaimTemplate: VolumeClaimTemplate?
    package var emptyDir: EmptyDirSource?

    package init(volumeClaimTemplate: VolumeClaimTemplate? = nil, emptyDir: EmptyDirSource? = nil) {
        self.volumeClaimTemplate = volumeClaimTemplate
        self.emptyDir = emptyDir
    }
}

package struct VolumeClaimTemplate: Codable, Hashable, Sendable {
    package var metadata: EmbeddedMetadata?
    package var spec: PersistentVolumeClaimSpec

    package init(metadata: EmbeddedMetadata? = nil, spec: PersistentVolumeClaimSpec) {
        self.metadata = metadata
        self.spec = spec
    }
}

package struct PersistentVolumeClaimSpec: Codable, Hashable, Sendable {
    package var accessModes: [String]?
    package var storageClassName: String?
    package var volumeMode: String?
    package var resources: ResourceRequirements?
    package var selector: LabelSelector?

    package init(
        accessModes: [String]? = nil, storageClassName: String? = nil, resources: ResourceRequirements? = nil
    ) {
        self.accessModes = accessModes
        self.storageClassName = storageClassName
        self.resources = resources
    }
}

package struct EmptyDirSource: Codable, Hashable, Sendable {
    package var medium: String?
    package var sizeLimit: IntOrString?

    package init(medium: String? = nil, sizeLimit: IntOrString? = nil) {
        self.medium = medium
        self.sizeLimit = sizeLimit
    }
}

/// Labels and annotations for generated pods or claims.
package struct EmbeddedMetadata: Codable, Hashable, Sendable {
    package var name: String?
    package var labels: [String: String]?
    package var annotations: [String: String]?

    package init(name: String? = nil, labels: [String: String]? = nil, annotations: [String: String]? = nil) {
        self.name = name
        self.labels = labels
        self.annotations = annotations
    }
}

/// Requests and limits as Kubernetes quantities.
package struct ResourceRequirements: Codable, Hashable, Sendable {
    package var requests: [String: IntOrString]?
    package var limits: [String: IntOrString]?

    package init(requests: [String: IntOrString]? = nil, limits: [String: IntOrString]? = nil) {
        self.requests = requests
        self.limits = limits
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if let limits { try c.encode(SortedObject(limits), forKey: .limits) }
        if let requests { try c.encode(SortedObject(requests), forKey: .requests) }
    }
}

package struct Toleration: Codable, Hashable, Sendable {
    package var key: String?
    package var `operator`: String?
    package var value: String?
    package var effect: String?
    package var tolerationSeconds: Int64?
}

package struct PodSecurityContext: Codable, Hashable, Sendable {
    package var runAsUser: Int64?
    package var runAsGroup: Int64?
    package var runAsNonRoot: Bool?
    package var fsGroup: Int64?
    package var supplementalGroups: [Int64]?
    package var seccompProfile: SeccompProfile?

    package init(
        runAsUser: Int64? = nil, runAsGroup: Int64? = nil, runAsNonRoot: Bool? = nil, fsGroup: Int64? = nil,
        seccompProfile: SeccompProfile? = nil
    ) {
        self.runAsUser = runAsUser
        self.runAsGroup = runAsGroup
        self.runAsNonRoot = runAsNonRoot
        self.fsGroup = fsGroup
        self.seccompProfile = seccompProfile
    }
}

package struct SeccompProfile: Codable, Hashable, Sendable {
    package var type: String
    package var localhostProfile: String?

    package static let runtimeDefault = SeccompProfile(type: "RuntimeDefault")
    package init(type: String, localhostProfile: String? = nil) {
        self.type = type
        self.localhostProfile = localhostProfile
    }
}
