/// Relabel rules shared by the ServiceMonitor and PodMonitor pipelines.
enum TargetLabels {
    /// Drop pods that finished (unless `filterRunning: false`), then add namespace, pod and container.
    static func common(filterRunning: Bool?) -> [PromRelabel] {
        var r: [PromRelabel] = []
        if filterRunning ?? true {
            r.append(
                PromRelabel(sourceLabels: ["__meta_kubernetes_pod_phase"], regex: "(Failed|Succeeded)", action: "drop"))
        }
        r.append(PromRelabel(sourceLabels: ["__meta_kubernetes_namespace"], targetLabel: "namespace"))
        r.append(PromRelabel(sourceLabels: ["__meta_kubernetes_pod_name"], targetLabel: "pod"))
        r.append(PromRelabel(sourceLabels: ["__meta_kubernetes_pod_container_name"], targetLabel: "container"))
        return r
    }

    /// Copy the listed pod labels onto targets.
    static func podLabels(_ names: [String]?) -> [PromRelabel] {
        (names ?? []).map { l in
            PromRelabel(
                sourceLabels: ["__meta_kubernetes_pod_label_\(SelectorRelabeling.sanitize(l))"],
                targetLabel: SelectorRelabeling.sanitize(l), regex: "(.+)", replacement: "${1}")
        }
    }
}

/// Which shard of a sharded server a config is for: keeps targets whose address hashes to it.
package struct Sharding: Sendable, Equatable {
    package var shards: Int
    package var index: Int

    package init(shards: Int, index: Int) {
        self.shards = max(1, shards)
        self.index = index
    }

    package static let none = Sharding(shards: 1, index: 0)

    var rules: [PromRelabel] { rules(hashing: "__address__") }

    /// Probes rewrite `__address__` to the prober, so they hash the probed target instead.
    func rules(hashing label: String) -> [PromRelabel] {
        guard shards > 1 else { return [] }
        return [
            PromRelabel(sourceLabels: [label], targetLabel: "__tmp_hash", modulus: Int64(shards), action: "hashmod"),
            PromRelabel(sourceLabels: ["__tmp_hash"], regex: String(index), action: "keep"),
        ]
    }
}
