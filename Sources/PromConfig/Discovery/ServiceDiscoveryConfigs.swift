/// The target sources of a scrape job or an Alertmanager set: static targets and the discovery mechanisms
/// Sextant implements. Prometheus inlines these lists into the enclosing object, and so do we.
public struct ServiceDiscoveryConfigs: Sendable, Hashable, Encodable {
    public var staticConfigs: [StaticConfig] = []
    public var fileSDConfigs: [FileSDConfig] = []
    public var httpSDConfigs: [HTTPSDConfig] = []
    public var kubernetesSDConfigs: [KubernetesSDConfig] = []

    public init() {}

    public var isEmpty: Bool { self == ServiceDiscoveryConfigs() }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case staticConfigs = "static_configs"
        case fileSDConfigs = "file_sd_configs"
        case httpSDConfigs = "http_sd_configs"
        case kubernetesSDConfigs = "kubernetes_sd_configs"
    }

    /// Prometheus discovery mechanisms Sextant does not implement: named so the error can say so.
    static let unsupported = [
        "azure_sd_configs", "consul_sd_configs", "digitalocean_sd_configs", "docker_sd_configs",
        "dockerswarm_sd_configs", "dns_sd_configs", "ec2_sd_configs", "eureka_sd_configs", "gce_sd_configs",
        "hetzner_sd_configs", "ionos_sd_configs", "kuma_sd_configs", "lightsail_sd_configs", "linode_sd_configs",
        "marathon_sd_configs", "nerve_sd_configs", "nomad_sd_configs", "openstack_sd_configs", "ovhcloud_sd_configs",
        "puppetdb_sd_configs", "scaleway_sd_configs", "serverset_sd_configs", "stackit_sd_configs",
        "triton_sd_configs", "uyuni_sd_configs", "vultr_sd_configs",
    ]

    static let fieldNames = CodingKeys.allCases.map(\.rawValue) + unsupported

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeNonEmpty(fileSDConfigs, forKey: .fileSDConfigs)
        try c.encodeNonEmpty(httpSDConfigs, forKey: .httpSDConfigs)
        try c.encodeNonEmpty(kubernetesSDConfigs, forKey: .kubernetesSDConfigs)
        try c.encodeNonEmpty(staticConfigs, forKey: .staticConfigs)
    }
}

extension ObjectDecoder {
    /// Reads the discovery lists inlined into the enclosing object.
    public func serviceDiscoveryConfigs(scheme: NameValidationScheme) throws(ConfigError) -> ServiceDiscoveryConfigs {
        for key in ServiceDiscoveryConfigs.unsupported where has(key) {
            throw objectError(
                at: key,
                "\(key) is not supported by Sextant; use static_configs, file_sd_configs, http_sd_configs or kubernetes_sd_configs")
        }
        var s = ServiceDiscoveryConfigs()
        s.staticConfigs = try list("static_configs") { d throws(ConfigError) in try d.staticConfig(scheme: scheme) }
        s.fileSDConfigs = try list("file_sd_configs") { d throws(ConfigError) in try d.fileSDConfig() }
        s.httpSDConfigs = try list("http_sd_configs") { d throws(ConfigError) in try d.httpSDConfig() }
        s.kubernetesSDConfigs = try list("kubernetes_sd_configs") { d throws(ConfigError) in try d.kubernetesSDConfig() }
        return s
    }
}
