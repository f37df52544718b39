public import PromModel

/// `alerting:` — where alerts go and how they are relabeled first.
public struct AlertingConfig: Sendable, Hashable, Encodable {
    public var alertRelabelConfigs: [RelabelConfig] = []
    public var alertmanagers: [AlertmanagerConfig] = []

    public init() {}

    public var isEmpty: Bool { alertRelabelConfigs.isEmpty && alertmanagers.isEmpty }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case alertRelabelConfigs = "alert_relabel_configs"
        case alertmanagers
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeNonEmpty(alertRelabelConfigs, forKey: .alertRelabelConfigs)
        try c.encodeNonEmpty(alertmanagers, forKey: .alertmanagers)
    }
}

/// One `alertmanagers` entry: a set of Alertmanagers found by static config or discovery.
public struct AlertmanagerConfig: Sendable, Hashable, Encodable {
    public enum APIVersion: String, Sendable, Hashable, Encodable, CaseIterable {
        case v2
    }

    public var timeout: PromDuration = .seconds(10)
    public var apiVersion: APIVersion = .v2
    public var pathPrefix = "/"
    public var scheme = "http"
    public var httpClientConfig = HTTPClientConfig()
    public var serviceDiscovery = ServiceDiscoveryConfigs()
    public var relabelConfigs: [RelabelConfig] = []
    public var alertRelabelConfigs: [RelabelConfig] = []

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case timeout
        case apiVersion = "api_version"
        case pathPrefix = "path_prefix"
        case scheme
        case relabelConfigs = "relabel_configs"
        case alertRelabelConfigs = "alert_relabel_configs"
    }

    static let fieldNames = CodingKeys.allCases.map(\.rawValue) + HTTPClientConfig.fieldNames
        + ServiceDiscoveryConfigs.fieldNames + ["sigv4"]

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(timeout, forKey: .timeout)
        try c.encode(apiVersion, forKey: .apiVersion)
        try c.encode(pathPrefix, forKey: .pathPrefix)
        try c.encode(scheme, forKey: .scheme)
        try httpClientConfig.encode(to: encoder)
        try serviceDiscovery.encode(to: encoder)
        try c.encodeNonEmpty(relabelConfigs, forKey: .relabelConfigs)
        try c.encodeNonEmpty(alertRelabelConfigs, forKey: .alertRelabelConfigs)
    }
}

extension NodeDecoder {
    public func alertingConfig(scheme: NameValidationScheme) throws(ConfigError) -> AlertingConfig {
        let o = try object(AlertingConfig.CodingKeys.allCases.map(\.rawValue))
        var a = AlertingConfig()
        a.alertRelabelConfigs = try o.list("alert_relabel_configs") { d throws(ConfigError) in try d.relabelConfig() }
        a.alertmanagers = try o.list("alertmanagers") { d throws(ConfigError) in
            try d.alertmanagerConfig(scheme: scheme)
        }
        return a
    }

    public func alertmanagerConfig(scheme: NameValidationScheme) throws(ConfigError) -> AlertmanagerConfig {
        let o = try object(AlertmanagerConfig.fieldNames)
        if o.has("sigv4") {
            throw o.objectError(at: "sigv4", "sigv4 is not supported by Sextant")
        }
        var a = AlertmanagerConfig()
        if let v = try o.duration("timeout") { a.timeout = v }
        if let d = o["api_version"] {
            let text = try d.string()
            guard let v = AlertmanagerConfig.APIVersion(rawValue: text) else {
                throw d.error("expected Alertmanager api version to be one of [v2] but got \(quoted(text))")
            }
            a.apiVersion = v
        }
        if let p = try o.string("path_prefix") { a.pathPrefix = p }
        if let s = try o.string("scheme"), !s.isEmpty {
            guard s == "http" || s == "https" else {
                throw o.error(at: "scheme", "invalid scheme \(quoted(s)): expected \"http\" or \"https\"")
            }
            a.scheme = s
        }
        a.httpClientConfig = try o.httpClientConfig()
        a.serviceDiscovery = try o.serviceDiscoveryConfigs(scheme: scheme)
        a.relabelConfigs = try o.list("relabel_configs") { d throws(ConfigError) in try d.relabelConfig() }
        a.alertRelabelConfigs = try o.list("alert_relabel_configs") { d throws(ConfigError) in try d.relabelConfig() }
        return a
    }
}
