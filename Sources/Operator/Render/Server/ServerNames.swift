/// Names and labels of everything rendered for one `Sextant`, in one place so the reconciler, the renderers
/// and the status writer agree.
package struct ServerNames: Sendable {
    package var name: String
    package var namespace: String
    package var shards: Int

    package init(_ sx: Sextant) {
        name = sx.name
        namespace = sx.namespace
        shards = max(1, Int(sx.spec.shards ?? 1))
    }

    package var base: String { "sextant-\(name)" }
    package func statefulSet(_ shard: Int) -> String { shards > 1 ? "\(base)-shard-\(shard)" : base }
    package func configMap(_ shard: Int) -> String { "\(statefulSet(shard))-config" }
    package var configMaps: [String] { (0..<shards).map(configMap) }
    package func ruleConfigMap(_ i: Int) -> String { "\(base)-rulefiles-\(i)" }
    package var governingService: String { "\(base)-operated" }
    package var clientService: String { base }
    package var assetsSecret: String { "\(base)-assets" }
    /// The operator's own basic-auth credentials for these servers (`OperatorCredentials`).
    package var operatorCredentialsSecret: String { "\(base)-operator-credentials" }
    package var clusterRole: String { "sextant-\(namespace)-\(name)" }
    package var configRole: String { "\(base)-config" }

    package var commonLabels: [String: String] {
        [
            "app.kubernetes.io/name": "sextant",
            "app.kubernetes.io/instance": name,
            "app.kubernetes.io/managed-by": "sextant-operator",
        ]
    }

    /// Selects every server pod of this `Sextant`.
    package var podSelector: [String: String] {
        ["app.kubernetes.io/name": "sextant", "app.kubernetes.io/instance": name]
    }

    package func shardSelector(_ shard: Int) -> [String: String] {
        podSelector.merging(["sextant.dev/shard": String(shard)]) { a, _ in a }
    }
}
