/// HTTP client settings shared by scrape jobs, service discovery, Alertmanager and remote endpoints.
public struct HTTPClientConfig: Sendable, Hashable, Encodable {
    public var followRedirects = true
    public var enableHTTP2 = true

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case followRedirects = "follow_redirects"
        case enableHTTP2 = "enable_http2"
    }

    static let fieldNames: [String] = CodingKeys.allCases.map(\.rawValue)

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(followRedirects, forKey: .followRedirects)
        try c.encode(enableHTTP2, forKey: .enableHTTP2)
    }
}

extension ObjectDecoder {
    /// Reads the HTTP client fields that Prometheus inlines into the enclosing object.
    public func httpClientConfig() throws(ConfigError) -> HTTPClientConfig {
        var h = HTTPClientConfig()
        if let v = try bool("follow_redirects") { h.followRedirects = v }
        if let v = try bool("enable_http2") { h.enableHTTP2 = v }
        return h
    }
}
