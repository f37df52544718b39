/// `tls_config`: CA, client certificate and server verification for an HTTPS client.
public struct TLSConfig: Sendable, Hashable, Encodable {
    /// PEM text of the CA bundle (alternative to `caFile`).
    public var ca: String?
    public var caFile: String?
    public var cert: String?
    public var certFile: String?
    public var key: Secret?
    public var keyFile: String?
    public var serverName: String?
    public var insecureSkipVerify = false
    public var minVersion: TLSVersion?
    public var maxVersion: TLSVersion?

    public init() {}

    public var isEmpty: Bool { self == TLSConfig() }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case ca
        case caFile = "ca_file"
        case cert
        case certFile = "cert_file"
        case key
        case keyFile = "key_file"
        case serverName = "server_name"
        case insecureSkipVerify = "insecure_skip_verify"
        case minVersion = "min_version"
        case maxVersion = "max_version"
    }
}

/// A TLS protocol version as Prometheus names it (`TLS12`).
public enum TLSVersion: String, Sendable, Hashable, CaseIterable, Encodable, Comparable {
    case tls10 = "TLS10"
    case tls11 = "TLS11"
    case tls12 = "TLS12"
    case tls13 = "TLS13"

    public static func < (a: TLSVersion, b: TLSVersion) -> Bool { a.rawValue < b.rawValue }
}

extension NodeDecoder {
    public func tlsConfig() throws(ConfigError) -> TLSConfig {
        let o = try object(TLSConfig.CodingKeys.allCases.map(\.rawValue))
        var t = TLSConfig()
        t.ca = try o.string("ca")
        t.caFile = try o.filePath("ca_file")
        t.cert = try o.string("cert")
        t.certFile = try o.filePath("cert_file")
        t.key = try o.string("key").map { Secret($0) }
        t.keyFile = try o.filePath("key_file")
        t.serverName = try o.string("server_name")
        t.insecureSkipVerify = try o.bool("insecure_skip_verify") ?? false
        t.minVersion = try o.decode("min_version") { d throws(ConfigError) in try d.tlsVersion() }
        t.maxVersion = try o.decode("max_version") { d throws(ConfigError) in try d.tlsVersion() }

        func exclusive(_ a: String, _ b: String, _ what: String) throws(ConfigError) {
            if o.has(a) && o.has(b) {
                throw o.objectError(at: b, "at most one of \(what) and \(what)_file must be configured")
            }
        }
        try exclusive("ca", "ca_file", "ca")
        try exclusive("cert", "cert_file", "cert")
        try exclusive("key", "key_file", "key")
        let hasCert = t.cert != nil || t.certFile != nil
        let hasKey = t.key != nil || t.keyFile != nil
        if hasCert && !hasKey {
            throw o.objectError(
                at: t.cert != nil ? "cert" : "cert_file",
                "exactly one of key or key_file must be configured when a client certificate is configured")
        }
        if hasKey && !hasCert {
            throw o.objectError(
                at: t.key != nil ? "key" : "key_file",
                "exactly one of cert or cert_file must be configured when a client key is configured")
        }
        if let lo = t.minVersion, let hi = t.maxVersion, hi < lo {
            throw o.objectError(
                at: "max_version", "max_version \(hi.rawValue) must be greater than or equal to min_version \(lo.rawValue)")
        }
        return t
    }

    func tlsVersion() throws(ConfigError) -> TLSVersion {
        let text = try string()
        guard let v = TLSVersion(rawValue: text) else {
            let known = TLSVersion.allCases.map(\.rawValue).joined(separator: ", ")
            throw error("unknown TLS version \(quoted(text)); expected one of: \(known)")
        }
        return v
    }
}
