import PromConfig
public import PromModel

/// One running discovery mechanism (one `*_sd_configs` entry or a job's `static_configs`).
///
/// `run` lives until the calling task is cancelled. Its first call of `send` carries the complete set of
/// groups it knows (possibly none); later calls carry the groups that changed, and a group without targets
/// removes the group with that source. Calls are made one at a time, in order.
public protocol DiscoveryProvider: Sendable {
    func run(_ send: @escaping @Sendable ([TargetGroup]) async -> Void) async
}

extension StaticConfig {
    /// The discovery group of one list entry: each target becomes `__address__`, `extra` joins the group labels.
    func targetGroup(source: String, extra: [(String, String)] = []) -> TargetGroup {
        var b = LabelsBuilder()
        for l in labels { b.set(l.name, l.value) }
        for (n, v) in extra { b.set(n, v) }
        return TargetGroup(
            source: source, targets: targets.map { Labels([(LabelName.address, $0)]) }, labels: b.labels())
    }
}
