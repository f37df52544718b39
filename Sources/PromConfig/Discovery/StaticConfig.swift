public import PromModel

/// One `static_configs` entry: targets (`host:port`) sharing a label set.
public struct StaticConfig: Sendable, Hashable, Encodable {
    public var targets: [String]
    public var labels: Labels

    public init(targets: [String], labels: Labels = .empty) {
        self.targets = targets
        self.labels = labels
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case targets
        case labels
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(targets, forKey: .targets)
        try c.encodeLabels(labels, forKey: .labels)
    }
}

extension NodeDecoder {
    public func staticConfig(scheme: NameValidationScheme) throws(ConfigError) -> StaticConfig {
        let o = try object(StaticConfig.CodingKeys.allCases.map(\.rawValue))
        var targets: [String] = []
        for t in try o["targets"]?.sequence() ?? [] {
            let target = try t.string()
            // Prometheus: a target is host[:port]; a scheme or path belongs in `scheme`/`metrics_path`.
            if target.contains("/") {
                throw t.error("\(quoted(target)) is not a valid hostname: use host:port and set scheme/metrics_path")
            }
            if target.isEmpty { throw t.error("target cannot be empty") }
            targets.append(target)
        }
        let labels = try o["labels"]?.labels(scheme: scheme) ?? .empty
        return StaticConfig(targets: targets, labels: labels)
    }
}
