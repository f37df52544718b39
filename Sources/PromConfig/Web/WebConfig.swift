/// The `--web.config.file`: TLS and basic auth for the server's own HTTP endpoint (Prometheus exporter-toolkit
/// format).
public struct WebConfig: Sendable, Hashable, Encodable {
    public var tlsServerConfig: TLSServerConfig?
    public var httpServerConfig = HTTPServerConfig()
    /// User name → bcrypt hash of the password.
    public var basicAuthUsers = SortedMap<Secret>()

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case tlsServerConfig = "tls_server_config"
        case httpServerConfig = "http_server_config"
        case basicAuthUsers = "basic_auth_users"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(tlsServerConfig, forKey: .tlsServerConfig)
        try c.encode(httpServerConfig, forKey: .httpServerConfig)
        if !basicAuthUsers.isEmpty { try c.encode(basicAuthUsers, forKey: .basicAuthUsers) }
    }
}

public struct TLSServerConfig: Sendable, Hashable, Encodable {
    public enum ClientAuth: String, Sendable, Hashable, CaseIterable, Encodable {
        case noClientCert = "NoClientCert"
        case requestClientCert = "RequestClientCert"
        case requireAnyClientCert = "RequireAnyClientCert"
        case verifyClientCertIfGiven = "VerifyClientCertIfGiven"
        case requireAndVerifyClientCert = "RequireAndVerifyClientCert"

        /// Whether client certificates are checked against `client_ca_file`.
        public var verifies: Bool { self == .verifyClientCertIfGiven || self == .requireAndVerifyClientCert }
    }

    public var certFile: String
    public var keyFile: String
    public var clientAuthType: ClientAuth = .noClientCert
    public var clientCAFile: String?
    public var clientAllowedSANs: [String] = []
    public var minVersion: TLSVersion = .tls12
    public var maxVersion: TLSVersion = .tls13
    public var cipherSuites: [String] = []
    public var preferServerCipherSuites = true
    public var curvePreferences: [String] = []

    public init(certFile: String, keyFile: String) {
        self.certFile = certFile
        self.keyFile = keyFile
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case certFile = "cert_file"
        case keyFile = "key_file"
        case clientAuthType = "client_auth_type"
        case clientCAFile = "client_ca_file"
        case clientAllowedSANs = "client_allowed_sans"
        case minVersion = "min_version"
        case maxVersion = "max_version"
        case cipherSuites = "cipher_suites"
        case preferServerCipherSuites = "prefer_server_cipher_suites"
        case curvePreferences = "curve_preferences"
    }
}

public struct HTTPServerConfig: Sendable, Hashable, Encodable {
    public var http2 = true
    /// Security headers added to every response (only the names Prometheus allows).
    public var headers = SortedMap<String>()

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case http2, headers
    }

    static let allowedHeaders = [
        "Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "X-XSS-Protection",
        "Strict-Transport-Security",
    ]
}

extension WebConfig {
    /// Reads and validates a web config file; relative file names resolve against its directory.
    public static func load(path: String) throws(ConfigError) -> WebConfig {
        let text = try PrometheusConfig.readFile(path, reportedAs: path)
        let dir = (path as NSString).deletingLastPathComponent
        return try parse(yaml: text, filename: path, directory: dir.isEmpty ? "." : dir)
    }

    public static func parse(yaml: String, filename: String, directory: String = "") throws(ConfigError) -> WebConfig {
        var w = WebConfig()
        guard let root = try PrometheusConfig.compose(yaml, filename: filename, directory: directory, environment: [:])
        else { return w }
        let o = try root.object(CodingKeys.allCases.map(\.rawValue))
        if let d = o["tls_server_config"] { w.tlsServerConfig = try d.tlsServerConfig() }
        if let d = o["http_server_config"] {
            let h = try d.object(HTTPServerConfig.CodingKeys.allCases.map(\.rawValue))
            if let v = try h.bool("http2") { w.httpServerConfig.http2 = v }
            if let hd = h["headers"] {
                for e in try hd.entries() {
                    guard HTTPServerConfig.allowedHeaders.contains(e.key) else {
                        throw e.keyNode.error(
                            "unknown header \(quoted(e.key)); allowed: \(HTTPServerConfig.allowedHeaders.joined(separator: ", "))",
                            path: hd.path)
                    }
                    let v = try e.value.string()
                    if e.key == "X-Frame-Options" && !["deny", "sameorigin"].contains(v.lowercased()) {
                        throw e.value.error("invalid value for X-Frame-Options: expected deny or sameorigin, got \(quoted(v))")
                    }
                    if e.key == "X-Content-Type-Options" && v.lowercased() != "nosniff" {
                        throw e.value.error("invalid value for X-Content-Type-Options: expected nosniff, got \(quoted(v))")
                    }
                    w.httpServerConfig.headers[e.key] = v
                }
            }
        }
        if let d = o["basic_auth_users"] {
            for (user, hash) in try d.stringMap() { w.basicAuthUsers[user] = Secret(hash) }
        }
        return w
    }
}

extension NodeDecoder {
    func tlsServerConfig() throws(ConfigError) -> TLSServerConfig {
        let o = try object(TLSServerConfig.CodingKeys.allCases.map(\.rawValue))
        guard let cert = try o.filePath("cert_file"), !cert.isEmpty else {
            throw o.objectError(at: "cert_file", "missing cert_file")
        }
        guard let key = try o.filePath("key_file"), !key.isEmpty else {
            throw o.objectError(at: "key_file", "missing key_file")
        }
        var t = TLSServerConfig(certFile: cert, keyFile: key)
        if let d = o["client_auth_type"] {
            let text = try d.string()
            guard let a = TLSServerConfig.ClientAuth(rawValue: text) else {
                let known = TLSServerConfig.ClientAuth.allCases.map(\.rawValue).joined(separator: ", ")
                throw d.error("invalid client_auth_type \(quoted(text)); expected one of: \(known)")
            }
            t.clientAuthType = a
        }
        t.clientCAFile = try o.filePath("client_ca_file")
        if t.clientAuthType.verifies && t.clientCAFile == nil {
            throw o.objectError(
                at: "client_auth_type", "client_ca_file is required when client_auth_type is \(t.clientAuthType.rawValue)")
        }
        t.clientAllowedSANs = try o.stringList("client_allowed_sans") ?? []
        if !t.clientAllowedSANs.isEmpty && t.clientCAFile == nil {
            throw o.objectError(at: "client_allowed_sans", "client_allowed_sans requires client_ca_file")
        }
        if let d = o["min_version"] { t.minVersion = try d.tlsVersion() }
        if let d = o["max_version"] { t.maxVersion = try d.tlsVersion() }
        if t.maxVersion < t.minVersion {
            throw o.objectError(
                at: "max_version", "max_version \(t.maxVersion.rawValue) must be greater than or equal to min_version \(t.minVersion.rawValue)")
        }
        t.cipherSuites = try o.stringList("cipher_suites") ?? []
        t.preferServerCipherSuites = try o.bool("prefer_server_cipher_suites") ?? true
        t.curvePreferences = try o.stringList("curve_preferences") ?? []
        return t
    }
}

import Foundation
