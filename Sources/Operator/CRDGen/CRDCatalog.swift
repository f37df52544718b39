/// The CRDs the operator installs, generated from the Swift types in `CRD/`.
package enum CRDCatalog {
    /// One CRD description: names, scope, version, the spec/status types and the `kubectl get` columns.
    package struct Entry: Sendable {
        package var kind: String
        package var plural: String
        package var shortNames: [String]
        package var group: String
        package var version: String
        package var summary: String
        package var columns: [CustomResourceDefinition.PrinterColumn]
        package var specSchema: @Sendable () throws -> Schema
        package var statusSchema: @Sendable () throws -> Schema

        package var fileName: String { "\(group)_\(plural).yaml" }
    }

    static let targetColumns: [CustomResourceDefinition.PrinterColumn] = [
        .init("Targets", "integer", ".status.targets", description: "Active targets"),
        .init("Up", "integer", ".status.up", description: "Targets up"),
        .init("Age", "date", ".metadata.creationTimestamp"),
    ]

    package static let entries: [Entry] = [
        Entry(
            kind: "Sextant", plural: "sextants", shortNames: ["sx"], group: APIGroup.sextant,
            version: APIGroup.serverVersion, summary: "A Sextant monitoring server deployment.",
            columns: [
                .init("Version", "string", ".spec.image", description: "Server image"),
                .init("Desired", "integer", ".spec.replicas", description: "Pods per shard"),
                .init("Ready", "integer", ".status.availableReplicas", description: "Available pods"),
                .init("Reconciled", "string", ".status.conditions[?(@.type == 'Reconciled')].status"),
                .init("Available", "string", ".status.conditions[?(@.type == 'Available')].status"),
                .init("Paused", "boolean", ".spec.paused"),
                .init("Age", "date", ".metadata.creationTimestamp"),
            ],
            specSchema: { try SchemaInference.schema(of: SextantSpec.self) },
            statusSchema: { try SchemaInference.schema(of: SextantStatus.self) }),
        Entry(
            kind: "ServiceMonitor", plural: "servicemonitors", shortNames: ["smon"], group: APIGroup.sextant,
            version: APIGroup.monitorsVersion, summary: "Scrape targets found through Services.",
            columns: targetColumns,
            specSchema: { try SchemaInference.schema(of: ServiceMonitorSpec.self) },
            statusSchema: { try SchemaInference.schema(of: MonitorStatus.self) }),
        Entry(
            kind: "PodMonitor", plural: "podmonitors", shortNames: ["pmon"], group: APIGroup.sextant,
            version: APIGroup.monitorsVersion, summary: "Scrape targets found through Pods.",
            columns: targetColumns,
            specSchema: { try SchemaInference.schema(of: PodMonitorSpec.self) },
            statusSchema: { try SchemaInference.schema(of: MonitorStatus.self) }),
        Entry(
            kind: "Probe", plural: "probes", shortNames: ["prb"], group: APIGroup.sextant,
            version: APIGroup.monitorsVersion, summary: "Targets probed through a prober such as blackbox_exporter.",
            columns: targetColumns,
            specSchema: { try SchemaInference.schema(of: ProbeSpec.self) },
            statusSchema: { try SchemaInference.schema(of: MonitorStatus.self) }),
        Entry(
            kind: "PrometheusRule", plural: "prometheusrules", shortNames: ["promrule"], group: APIGroup.sextant,
            version: APIGroup.monitorsVersion, summary: "Recording and alerting rules.",
            columns: [.init("Age", "date", ".metadata.creationTimestamp")],
            specSchema: { try SchemaInference.schema(of: PrometheusRuleSpec.self) },
            statusSchema: { try SchemaInference.schema(of: MonitorStatus.self) }),
    ]

    /// The CRD object for one entry.
    package static func definition(_ e: Entry) throws -> CustomResourceDefinition {
        var root = Schema(type: "object")
        root.description = e.summary
        var spec = try e.specSchema()
        spec.description = spec.description ?? "Desired state."
        var status = try e.statusSchema()
        status.description = status.description ?? "Observed state, written by the operator."
        root.properties = [
            "apiVersion": .string,
            "kind": .string,
            "metadata": Schema(type: "object"),
            "spec": spec,
            "status": status,
        ]
        root.required = ["spec"]
        let names = CustomResourceDefinition.Names(
            categories: ["sextant-operator"], kind: e.kind, listKind: e.kind + "List", plural: e.plural,
            shortNames: e.shortNames, singular: e.kind.lowercased())
        let version = CustomResourceDefinition.Version(
            name: e.version, additionalPrinterColumns: e.columns,
            schema: .init(openAPIV3Schema: root), subresources: .init())
        return CustomResourceDefinition(
            metadata: ObjectMeta(name: "\(e.plural).\(e.group)"),
            spec: .init(group: e.group, names: names, scope: "Namespaced", versions: [version]))
    }

    /// Every CRD as a YAML file: file name → contents.
    package static func renderAll() throws -> [(name: String, yaml: String)] {
        try entries.map { e in (e.fileName, "---\n" + (try YAMLWriter.encode(try definition(e)))) }
    }
}
