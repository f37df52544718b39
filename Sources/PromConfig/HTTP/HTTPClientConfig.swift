/// HTTP client settings shared by scrape jobs, service discovery, Alertmanager and remote endpoints
/// (Prometheus's `http_config`, inlined into the enclosing object).
///
/// A deprecated `bearer_token`/`bearer_token_file` is read into `authorization` (type Bearer), as Prometheus
/// does, so consumers only look at `authorization`.
public struct HTTPClientConfig: Sendable, Hashable, Encodable {
    public var basicAuth: BasicAuth?
    public var authorization: Authorization?
    public var oauth2: OAuth2?
    public var followRedirects = true
    public var enableHTTP2 = true
    public var tlsConfig = TLSConfig()
    public var proxy = ProxyConfig()
    /// Extra request headers; Prometheus refuses the ones it sets itself.
    public var httpHeaders = SortedMap<HTTPHeader>()

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case basicAuth = "basic_auth"
        case authorization
        case oauth2
        case bearerToken = "bearer_token"
        case bearerTokenFile = "bearer_token_file"
        case followRedirects = "follow_redirects"
        case enableHTTP2 = "enable_http2"
        case tlsConfig = "tls_config"
        case httpHeaders = "http_headers"
    }

    static let fieldNames: [String] = CodingKeys.allCases.map(\.rawValue) + ProxyConfig.fieldNames

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(basicAuth, forKey: .basicAuth)
        try c.encodeIfPresent(authorization, forKey: .authorization)
        try c.encodeIfPresent(oauth2, forKey: .oauth2)
        try c.encode(followRedirects, forKey: .followRedirects)
        try c.encode(enableHTTP2, forKey: .enableHTTP2)
        if !tlsConfig.isEmpty { try c.encode(tlsConfig, forKey: .tlsConfig) }
        try proxy.encode(to: encoder)
        if !httpHeaders.isEmpty { try c.encode(httpHeaders, forKey: .httpHeaders) }
    }
}

/// One `http_headers` entry: plain values, secret values and files to read values from.
public struct HTTPHeader: Sendable, Hashable, Encodable {
    public var values: [String] = []
    public var secrets: [Secret] = []
    public var files: [String] = []

    public init(values: [String] = [], secrets: [Secret] = [], files: [String] = []) {
        self.values = values
        self.secrets = secrets
        self.files = files
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case values, secrets, files
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeNonEmpty(values, forKey: .values)
        try c.encodeNonEmpty(secrets, forKey: .secrets)
        try c.encodeNonEmpty(files, forKey: .files)
    }

    /// Headers Prometheus sets itself and refuses in `http_headers` (compared case-insensitively).
    static let reserved: Set<String> = [
        "authorization", "host", "content-encoding", "content-length", "content-type", "user-agent", "connection",
        "keep-alive", "proxy-authenticate", "proxy-authorization", "www-authenticate", "accept-encoding",
        "x-prometheus-remote-write-version", "x-prometheus-remote-read-version", "x-prometheus-scrape-timeout-seconds",
        "x-amz-date", "x-amz-security-token", "x-amz-content-sha256",
    ]
}

extension ObjectDecoder {
    /// Reads the HTTP client fields that Prometheus inlines into the enclosing object, with its checks.
    public func httpClientConfig() throws(ConfigError) -> HTTPClientConfig {
        var h = HTTPClientConfig()
        h.basicAuth = try decode("basic_auth") { d throws(ConfigError) in try d.basicAuth() }
        h.authorization = try decode("authorization") { d throws(ConfigError) in try d.authorization() }
        h.oauth2 = try decode("oauth2") { d throws(ConfigError) in try d.oauth2() }
        if let v = try bool("follow_redirects") { h.followRedirects = v }
        if let v = try bool("enable_http2") { h.enableHTTP2 = v }
        if let d = self["tls_config"] { h.tlsConfig = try d.tlsConfig() }
        h.proxy = try proxyConfig()
        if let d = self["http_headers"] {
            for e in try d.entries() {
                if HTTPHeader.reserved.contains(e.key.lowercased()) {
                    throw e.keyNode.error("setting header \(quoted(e.key)) is not allowed", path: d.path)
                }
                let o = try e.value.object(HTTPHeader.CodingKeys.allCases.map(\.rawValue))
                h.httpHeaders[e.key] = HTTPHeader(
                    values: try o.stringList("values") ?? [],
                    secrets: (try o.stringList("secrets") ?? []).map { Secret($0) },
                    files: try o.list("files") { d throws(ConfigError) in try d.filePath() })
            }
        }

        let bearerToken = try string("bearer_token")
        let bearerTokenFile = try filePath("bearer_token_file")
        if bearerToken != nil && bearerTokenFile != nil {
            throw objectError(at: "bearer_token_file", "at most one of bearer_token & bearer_token_file must be configured")
        }
        let hasBearer = bearerToken != nil || bearerTokenFile != nil
        if h.basicAuth != nil && (hasBearer || h.oauth2 != nil) {
            throw objectError(
                at: "basic_auth", "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured")
        }
        if h.oauth2 != nil && hasBearer {
            throw objectError(
                at: "oauth2", "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured")
        }
        if h.authorization != nil {
            if hasBearer {
                throw objectError(at: "authorization", "authorization is not compatible with bearer_token & bearer_token_file")
            }
            if h.basicAuth != nil || h.oauth2 != nil {
                throw objectError(at: "authorization", "at most one of basic_auth, oauth2 & authorization must be configured")
            }
        }
        if hasBearer {
            h.authorization = Authorization(
                type: "Bearer", credentials: bearerToken.map { Secret($0) }, credentialsFile: bearerTokenFile)
        }
        return h
    }
}
