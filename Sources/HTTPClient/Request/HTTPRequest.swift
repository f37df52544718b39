/// One outbound HTTP request and every per-request knob libcurl exposes to Sextant.
///
/// A value type: build it once (for a scrape target, a Kubernetes call, a remote-write batch) and reuse it.
/// Defaults match Prometheus's HTTP client: follow redirects, allow HTTP/2 over TLS, honour proxy
/// environment variables, no timeouts, no body limit.
public struct HTTPRequest: Sendable {
    /// Absolute `http://` or `https://` URL. Other schemes are refused with `.invalidRequest`.
    public var url: String
    public var method: HTTPMethod
    /// Extra request headers, sent in order. A header the caller sets wins over one libcurl would add
    /// (for example `Host`, `Content-Type`, `Accept-Encoding`).
    public var headers: [HTTPHeader]
    /// Request body; sent as-is with a `Content-Length`. `nil` sends no body.
    public var body: [UInt8]?
    /// Limit for the whole transfer, from connect to the last body byte. `nil` waits forever
    /// (watches), which is only sensible together with task cancellation.
    public var timeout: Duration?
    /// Limit for DNS resolution plus TCP and TLS handshakes. `nil` uses libcurl's 300 s default.
    public var connectTimeout: Duration?
    /// Largest accepted response body in bytes, counted after gzip decoding. Exceeding it fails with
    /// `.bodyTooLarge(limit:)` as soon as the limit is crossed, without buffering the rest.
    public var maxBodySize: Int?
    /// Sends `Accept-Encoding: gzip` and decodes a gzip-encoded response transparently.
    public var acceptCompressed: Bool
    public var tls: TLSOptions
    public var auth: HTTPAuth?
    /// Proxy to use, e.g. `http://proxy:3128`. Overrides the environment.
    public var proxyURL: String?
    /// Comma-separated hosts that bypass the proxy (libcurl `NOPROXY` syntax).
    public var noProxy: String?
    /// When `true` and `proxyURL` is `nil`, libcurl reads `http_proxy`, `https_proxy`, `no_proxy`.
    /// When `false` and `proxyURL` is `nil`, no proxy is used at all.
    public var proxyFromEnvironment: Bool
    /// Follows up to 10 redirects (Go's limit). When `false` the 3xx response itself is returned.
    public var followRedirects: Bool
    /// Negotiates HTTP/2 through ALPN on `https` URLs; plain `http` always uses HTTP/1.1.
    public var enableHTTP2: Bool

    public init(
        url: String,
        method: HTTPMethod = .get,
        headers: [HTTPHeader] = [],
        body: [UInt8]? = nil,
        timeout: Duration? = nil,
        connectTimeout: Duration? = nil,
        maxBodySize: Int? = nil,
        acceptCompressed: Bool = false,
        tls: TLSOptions = TLSOptions(),
        auth: HTTPAuth? = nil,
        proxyURL: String? = nil,
        noProxy: String? = nil,
        proxyFromEnvironment: Bool = true,
        followRedirects: Bool = true,
        enableHTTP2: Bool = true
    ) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.maxBodySize = maxBodySize
        self.acceptCompressed = acceptCompressed
        self.tls = tls
        self.auth = auth
        self.proxyURL = proxyURL
        self.noProxy = noProxy
        self.proxyFromEnvironment = proxyFromEnvironment
        self.followRedirects = followRedirects
        self.enableHTTP2 = enableHTTP2
    }
}

public enum HTTPMethod: String, Sendable, Hashable, CaseIterable {
    case get = "GET"
    case post = "POST"
    case put = "PUT"
    case patch = "PATCH"
    case delete = "DELETE"
    case head = "HEAD"

    /// Go's spelling in error messages (`Get "http://..."`), so errors read like Prometheus's.
    var errorPrefix: String {
        rawValue.prefix(1) + rawValue.dropFirst().lowercased()
    }
}

/// One header field. Names compare case-insensitively wherever this module looks them up.
public struct HTTPHeader: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// Credentials sent in the `Authorization` header.
public enum HTTPAuth: Sendable, Hashable {
    /// `Authorization: Basic base64(user:password)`.
    case basic(username: String, password: String)
    /// `Authorization: Bearer <token>`.
    case bearer(String)
    /// `Authorization: <type> <credentials>` (Prometheus's `authorization` block).
    case authorization(type: String, credentials: String)
}

extension Array where Element == HTTPHeader {
    /// The first value of `name`, compared case-insensitively.
    func first(named name: String) -> String? {
        let wanted = name.lowercased()
        return first { $0.name.lowercased() == wanted }?.value
    }
}
