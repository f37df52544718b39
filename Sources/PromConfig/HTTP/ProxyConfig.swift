import Foundation

/// Proxy settings, inlined into HTTP client and OAuth2 configs.
public struct ProxyConfig: Sendable, Hashable, Encodable {
    public var proxyURL: String?
    /// Comma-separated hosts, domains and CIDRs that bypass the proxy.
    public var noProxy: String?
    public var proxyFromEnvironment = false
    /// Headers sent to the proxy on CONNECT; values are secrets.
    public var proxyConnectHeader = SortedMap<[Secret]>()

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case proxyURL = "proxy_url"
        case noProxy = "no_proxy"
        case proxyFromEnvironment = "proxy_from_environment"
        case proxyConnectHeader = "proxy_connect_header"
    }

    static let fieldNames = CodingKeys.allCases.map(\.rawValue)

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(proxyURL, forKey: .proxyURL)
        try c.encodeIfPresent(noProxy, forKey: .noProxy)
        if proxyFromEnvironment { try c.encode(proxyFromEnvironment, forKey: .proxyFromEnvironment) }
        if !proxyConnectHeader.isEmpty { try c.encode(proxyConnectHeader, forKey: .proxyConnectHeader) }
    }
}

extension ObjectDecoder {
    /// Reads the proxy fields of the enclosing object and checks them as Prometheus does.
    public func proxyConfig() throws(ConfigError) -> ProxyConfig {
        var p = ProxyConfig()
        if let _ = self["proxy_url"] {
            p.proxyURL = try url("proxy_url")
        }
        p.noProxy = try string("no_proxy")
        p.proxyFromEnvironment = try bool("proxy_from_environment") ?? false
        if let d = self["proxy_connect_header"] {
            for e in try d.entries() { p.proxyConnectHeader[e.key] = try e.value.stringList().map { Secret($0) } }
        }
        if p.proxyFromEnvironment && p.proxyURL != nil {
            throw objectError(at: "proxy_url", "if proxy_from_environment is configured, proxy_url must not be configured")
        }
        if p.proxyFromEnvironment && p.noProxy != nil {
            throw objectError(at: "no_proxy", "if proxy_from_environment is configured, no_proxy must not be configured")
        }
        if p.noProxy != nil && p.proxyURL == nil {
            throw objectError(at: "no_proxy", "if no_proxy is configured, proxy_url must also be configured")
        }
        if !p.proxyConnectHeader.isEmpty && p.proxyURL == nil && !p.proxyFromEnvironment {
            throw objectError(
                at: "proxy_connect_header", "if proxy_connect_header is configured, proxy_url or proxy_from_environment must also be configured")
        }
        return p
    }

    /// An absolute URL with a scheme and host.
    @discardableResult
    public func url(_ key: String) throws(ConfigError) -> String? {
        guard let d = self[key] else { return nil }
        let text = try d.string()
        guard let u = URLComponents(string: text), let scheme = u.scheme, !scheme.isEmpty, u.host != nil else {
            throw d.error("invalid URL \(quoted(text)): expected scheme://host[:port][/path]")
        }
        return text
    }
}
