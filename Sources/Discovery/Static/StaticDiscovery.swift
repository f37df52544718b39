public import PromConfig
public import PromModel

/// A job's `static_configs`: one group per entry, sent once; the provider then idles until cancelled so
/// it lives exactly as long as the discovery that owns it.
public struct StaticDiscovery: DiscoveryProvider {
    public let configs: [StaticConfig]

    public init(configs: [StaticConfig]) { self.configs = configs }

    /// Sources are the entry's index: stable across reloads that keep the list.
    public var groups: [TargetGroup] {
        configs.enumerated().map { i, c in c.targetGroup(source: "\(i)") }
    }

    public func run(_ send: @escaping @Sendable ([TargetGroup]) async -> Void) async {
        await send(groups)
        // Sleeping until cancelled keeps the provider's lifetime uniform with the others.
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(3600))
        }
    }
}
