/// Kubernetes objects the operator renders, with only the fields it sets. Maps encode sorted.
package struct TypeMeta: Encodable, Equatable, Sendable {
    package var apiVersion: String
    package var kind: String
}

package struct ContainerPort: Encodable, Equatable, Sendable {
    package var name: String
    package var containerPort: Int
    package var `protocol` = "TCP"
}

package struct EnvVar: Encodable, Equatable, Sendable {
    package var name: String
    package var valueFrom: Source?

    package struct Source: Encodable, Equatable, Sendable {
        package var fieldRef: FieldRef
    }

    package struct FieldRef: Encodable, Equatable, Sendable {
        package var fieldPath: String
    }

    /// An env var from the pod's own metadata (downward API).
    package static func field(_ name: String, _ path: String) -> EnvVar {
        EnvVar(name: name, valueFrom: .init(fieldRef: .init(fieldPath: path)))
    }
}

package struct VolumeMount: Encodable, Equatable, Sendable {
    package var name: String
    package var mountPath: String
    package var readOnly: Bool?
    package var subPath: String?
}

/// A container probe: an HTTP GET, or a TCP connect where the endpoint answers no anonymous request.
package struct ContainerProbe: Encodable, Equatable, Sendable {
    package var httpGet: HTTPGet?
    package var tcpSocket: TCPSocket?
    package var initialDelaySeconds: Int?
    package var periodSeconds: Int
    package var timeoutSeconds: Int
    package var failureThreshold: Int

    package struct HTTPGet: Encodable, Equatable, Sendable {
        package var path: String
        package var port: String
        package var scheme: String
    }

    package struct TCPSocket: Encodable, Equatable, Sendable {
        package var port: String
    }
}

package struct ContainerSecurityContext: Encodable, Equatable, Sendable {
    package var allowPrivilegeEscalation = false
    package var readOnlyRootFilesystem = true
    package var runAsNonRoot = true
    package var capabilities = Capabilities()

    package struct Capabilities: Encodable, Equatable, Sendable {
        package var drop = ["ALL"]
    }
}

package struct Container: Encodable, Equatable, Sendable {
    package var name: String
    package var image: String
    package var args: [String]
    package var env: [EnvVar]?
    package var ports: [ContainerPort]
    package var resources: ResourceRequirements?
    package var volumeMounts: [VolumeMount]
    package var startupProbe: ContainerProbe
    package var readinessProbe: ContainerProbe
    package var livenessProbe: ContainerProbe
    package var securityContext: ContainerSecurityContext
    package var terminationMessagePolicy = "FallbackToLogsOnError"
}

package struct Volume: Encodable, Equatable, Sendable {
    package var name: String
    package var configMap: ConfigMapSource?
    package var secret: SecretSource?
    package var emptyDir: EmptyDirSource?

    package struct ConfigMapSource: Encodable, Equatable, Sendable {
        package var name: String
        package var optional: Bool?
    }

    package struct SecretSource: Encodable, Equatable, Sendable {
        package var secretName: String
        package var optional: Bool?
    }
}

package struct PodSpec: Encodable, Equatable, Sendable {
    package var serviceAccountName: String
    package var automountServiceAccountToken = true
    package var securityContext: PodSecurityContext
    package var containers: [Container]
    package var volumes: [Volume]
    package var nodeSelector: SortedMap?
    package var tolerations: [Toleration]?
    package var affinity: JSONValue?
    package var terminationGracePeriodSeconds = 600
}

/// A string map that encodes with sorted keys.
package struct SortedMap: Encodable, Equatable, Sendable {
    package var values: [String: String]
    package init(_ values: [String: String]) { self.values = values }
    package func encode(to encoder: any Encoder) throws { try SortedObject(values).encode(to: encoder) }
}

package struct PodTemplate: Encodable, Equatable, Sendable {
    package var metadata: ObjectMeta
    package var spec: PodSpec
}

package struct PersistentVolumeClaim: Encodable, Equatable, Sendable {
    package var metadata: ObjectMeta
    package var spec: PersistentVolumeClaimSpec
}

package struct StatefulSetSpec: Encodable, Equatable, Sendable {
    package var replicas: Int32
    package var serviceName: String
    package var podManagementPolicy = "Parallel"
    package var updateStrategy = UpdateStrategy()
    package var selector: LabelSelector
    package var template: PodTemplate
    package var volumeClaimTemplates: [PersistentVolumeClaim]?

    package struct UpdateStrategy: Encodable, Equatable, Sendable {
        package var type = "RollingUpdate"
    }
}
