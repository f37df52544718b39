import Foundation
import Testing
import Yams

@testable import Operator

struct CRDGenTests {
    /// The committed manifests are exactly what the Swift types generate.
    @Test func manifestsAreCurrent() throws {
        for (name, yaml) in try CRDCatalog.renderAll() {
            try Golden.check(yaml, repoPath: "manifests/crds/\(name)")
        }
    }

    /// Small enough for client-side `kubectl apply` (the last-applied annotation is capped at 256 KiB).
    @Test func manifestsFitInLastAppliedAnnotation() throws {
        for (name, yaml) in try CRDCatalog.renderAll() {
            #expect(yaml.utf8.count < 200 * 1024, "\(name) is \(yaml.utf8.count) bytes")
        }
    }

    /// Stock Kubernetes 1.20 rejects `default: ""` and ignores CEL rules: the CRDs use neither.
    @Test func manifestsAvoidWhatKubernetes120Rejects() throws {
        for (name, yaml) in try CRDCatalog.renderAll() {
            #expect(!yaml.contains("default: ''") && !yaml.contains("default: \"\""), "\(name)")
            #expect(!yaml.contains("x-kubernetes-validations"), "\(name)")
            #expect(!yaml.contains("anyOf"), "\(name)")
        }
    }

    static let references: [(String, String)] = [
        ("monitoring.coreos.com_servicemonitors.yaml", "ServiceMonitor"),
        ("monitoring.coreos.com_podmonitors.yaml", "PodMonitor"),
        ("monitoring.coreos.com_probes.yaml", "Probe"),
        ("monitoring.coreos.com_prometheusrules.yaml", "PrometheusRule"),
    ]

    /// Every field of prometheus-operator's spec schema exists in ours with the same type, and ours adds none,
    /// so monitors written for `monitoring.coreos.com/v1` are valid with only the apiVersion changed.
    @Test(arguments: references) func specSchemaMatchesUpstream(file: String, kind: String) throws {
        let path = "/work/shared/reference/prometheus-operator/\(file)"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return }
        let upstream = try Yams.load(yaml: text) as! [String: Any]
        let versions = (upstream["spec"] as! [String: Any])["versions"] as! [[String: Any]]
        let root = (versions[0]["schema"] as! [String: Any])["openAPIV3Schema"] as! [String: Any]
        let upstreamSpec = (root["properties"] as! [String: Any])["spec"] as! [String: Any]
        let entry = try #require(CRDCatalog.entries.first { $0.kind == kind })
        let ours = try JSONSerialization.jsonObject(with: JSONEncoder().encode(entry.specSchema())) as! [String: Any]
        var upstreamPaths: [String: String] = [:]
        var ourPaths: [String: String] = [:]
        Self.flatten(upstreamSpec, "spec", into: &upstreamPaths)
        Self.flatten(ours, "spec", into: &ourPaths)
        let missing = upstreamPaths.keys.filter { ourPaths[$0] == nil }.sorted()
        let extra = ourPaths.keys.filter { upstreamPaths[$0] == nil }.sorted()
        let typeDiffs = upstreamPaths.keys.filter { ourPaths[$0] != nil && ourPaths[$0] != upstreamPaths[$0] }.sorted()
            .map { "\($0): upstream \(upstreamPaths[$0]!), ours \(ourPaths[$0]!)" }
        #expect(missing == [])
        #expect(extra == [])
        #expect(typeDiffs == [])
        #expect(upstreamPaths.count > 20)
    }

    /// path → "type/required" for every node, so both shape and required-ness are compared.
    static func flatten(_ node: [String: Any], _ path: String, into out: inout [String: String]) {
        var type = node["type"] as? String ?? ""
        if node["x-kubernetes-int-or-string"] as? Bool == true { type = "int-or-string" }
        let required = (node["required"] as? [String] ?? []).sorted().joined(separator: ",")
        out[path] = "\(type) required=[\(required)]"
        for (k, v) in node["properties"] as? [String: Any] ?? [:] {
            flatten(v as! [String: Any], "\(path).\(k)", into: &out)
        }
        if let items = node["items"] as? [String: Any] { flatten(items, "\(path)[]", into: &out) }
        if let add = node["additionalProperties"] as? [String: Any] { flatten(add, "\(path){}", into: &out) }
    }

    /// Inference: optional fields are optional, non-optional ones required, dictionaries become maps.
    @Test func inferenceMarksRequiredAndMaps() throws {
        let s = try SchemaInference.schema(of: ServiceMonitorSpec.self)
        #expect(s.required?.sorted() == ["endpoints", "selector"])
        #expect(s.properties?["selector"]?.properties?["matchLabels"]?.additionalProperties == .string)
        #expect(s.properties?["endpoints"]?.items?.properties?["targetPort"]?.intOrString == true)
        #expect(s.properties?["endpoints"]?.items?.properties?["scheme"]?.enumValues?.contains("https") == true)
    }
}
