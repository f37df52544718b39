import Foundation
package import KubeClient

/// The API resources the operator reads and writes.
package enum OperatorResources {
    package static func sextants() -> APIResource {
        APIResource(
            group: APIGroup.sextant, version: APIGroup.serverVersion, plural: "sextants", kind: "Sextant",
            namespaced: true)
    }

    /// The monitor kinds of one group (`monitoring.sextant.dev` or `monitoring.coreos.com`).
    package static func monitors(group: String) -> [APIResource] {
        [
            ("servicemonitors", "ServiceMonitor"), ("podmonitors", "PodMonitor"), ("probes", "Probe"),
            ("prometheusrules", "PrometheusRule"),
        ].map {
            APIResource(group: group, version: APIGroup.monitorsVersion, plural: $0.0, kind: $0.1, namespaced: true)
        }
    }

    package static let namespaces = core("namespaces", "Namespace", namespaced: false)
    package static let services = core("services", "Service")
    package static let endpoints = core("endpoints", "Endpoints")
    package static let pods = core("pods", "Pod")
    package static let secrets = core("secrets", "Secret")
    package static let configMaps = core("configmaps", "ConfigMap")
    package static let statefulSets = APIResource(
        group: "apps", version: "v1", plural: "statefulsets", kind: "StatefulSet", namespaced: true)

    static func core(_ plural: String, _ kind: String, namespaced: Bool = true) -> APIResource {
        APIResource(group: "", version: "v1", plural: plural, kind: kind, namespaced: namespaced)
    }

    /// Where a rendered object is applied, from its `apiVersion` and `kind`.
    package static func resource(apiVersion: String, kind: String) -> APIResource? {
        let parts = apiVersion.split(separator: "/").map(String.init)
        let (group, version) = parts.count == 2 ? (parts[0], parts[1]) : ("", parts[0])
        let table: [String: (String, Bool)] = [
            "ConfigMap": ("configmaps", true), "Secret": ("secrets", true), "Service": ("services", true),
            "ServiceAccount": ("serviceaccounts", true), "StatefulSet": ("statefulsets", true),
            "Role": ("roles", true), "RoleBinding": ("rolebindings", true),
            "ClusterRole": ("clusterroles", false), "ClusterRoleBinding": ("clusterrolebindings", false),
            "PodDisruptionBudget": ("poddisruptionbudgets", true),
        ]
        guard let (plural, namespaced) = table[kind] else { return nil }
        return APIResource(group: group, version: version, plural: plural, kind: kind, namespaced: namespaced)
    }
}

/// Converts between KubeClient's generic objects and the operator's typed ones through JSON: both sides are
/// `Codable` views of the same wire format, and the two modules deliberately share no types.
package enum WireConvert {
    package static func convert<T: Decodable>(_ value: some Encodable, to type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: JSONEncoder().encode(value))
    }
}

/// The parts of a Secret or ConfigMap the operator reads.
struct DataObject: Decodable {
    var data: [String: String]?
    var binaryData: [String: String]?

    /// A Secret's data with every value base64-decoded (values that do not decode are left out); nil when
    /// `object` does not decode as one.
    static func decodedSecretData(_ object: some Encodable) -> [String: String]? {
        guard let view = try? WireConvert.convert(object, to: DataObject.self) else { return nil }
        return (view.data ?? [:]).compactMapValues { b64 in
            Data(base64Encoded: b64).map { String(decoding: $0, as: UTF8.self) }
        }
    }
}

/// The parts of a StatefulSet the operator reads.
struct StatefulSetView: Decodable {
    struct Meta: Decodable {
        var annotations: [String: String]?
    }
    struct Spec: Decodable { var replicas: Int32? }
    struct Status: Decodable {
        var readyReplicas: Int32?
        var availableReplicas: Int32?
    }
    var metadata: Meta
    var spec: Spec?
    var status: Status?
}
