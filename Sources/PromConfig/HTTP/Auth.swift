/// `basic_auth`: username (or file) and password (or file).
public struct BasicAuth: Sendable, Hashable, Encodable {
    public var username: String?
    public var usernameFile: String?
    public var password: Secret?
    public var passwordFile: String?

    public init(username: String? = nil, password: Secret? = nil) {
        self.username = username
        self.password = password
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case username
        case usernameFile = "username_file"
        case password
        case passwordFile = "password_file"
    }
}

/// `authorization`: the `Authorization: <type> <credentials>` header.
public struct Authorization: Sendable, Hashable, Encodable {
    public var type = "Bearer"
    public var credentials: Secret?
    public var credentialsFile: String?

    public init(type: String = "Bearer", credentials: Secret? = nil, credentialsFile: String? = nil) {
        self.type = type
        self.credentials = credentials
        self.credentialsFile = credentialsFile
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case type
        case credentials
        case credentialsFile = "credentials_file"
    }
}

/// `oauth2`: client-credentials grant. Parsed and validated; the token exchange belongs to the HTTP client.
public struct OAuth2: Sendable, Hashable, Encodable {
    public var clientID = ""
    public var clientSecret: Secret?
    public var clientSecretFile: String?
    public var scopes: [String] = []
    public var tokenURL = ""
    public var endpointParams = SortedMap<String>()
    public var tlsConfig = TLSConfig()
    public var proxy = ProxyConfig()

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case clientID = "client_id"
        case clientSecret = "client_secret"
        case clientSecretFile = "client_secret_file"
        case scopes
        case tokenURL = "token_url"
        case endpointParams = "endpoint_params"
        case tlsConfig = "tls_config"
    }

    static let fieldNames = CodingKeys.allCases.map(\.rawValue) + ProxyConfig.fieldNames

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(clientID, forKey: .clientID)
        try c.encodeIfPresent(clientSecret, forKey: .clientSecret)
        try c.encodeIfPresent(clientSecretFile, forKey: .clientSecretFile)
        try c.encodeNonEmpty(scopes, forKey: .scopes)
        try c.encode(tokenURL, forKey: .tokenURL)
        if !endpointParams.isEmpty { try c.encode(endpointParams, forKey: .endpointParams) }
        if !tlsConfig.isEmpty { try c.encode(tlsConfig, forKey: .tlsConfig) }
        try proxy.encode(to: encoder)
    }
}

extension NodeDecoder {
    public func basicAuth() throws(ConfigError) -> BasicAuth {
        let o = try object(BasicAuth.CodingKeys.allCases.map(\.rawValue))
        var b = BasicAuth()
        b.username = try o.string("username")
        b.usernameFile = try o.filePath("username_file")
        b.password = try o.string("password").map { Secret($0) }
        b.passwordFile = try o.filePath("password_file")
        if b.username != nil && b.usernameFile != nil {
            throw o.objectError(at: "username_file", "at most one of basic_auth username & username_file must be configured")
        }
        if b.password != nil && b.passwordFile != nil {
            throw o.objectError(at: "password_file", "at most one of basic_auth password & password_file must be configured")
        }
        return b
    }

    public func authorization() throws(ConfigError) -> Authorization {
        let o = try object(Authorization.CodingKeys.allCases.map(\.rawValue))
        var a = Authorization()
        if let t = try o.string("type") {
            let trimmed = t.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty { a.type = trimmed }
        }
        if a.type.lowercased() == "basic" {
            throw o.error(at: "type", "authorization type cannot be set to \"basic\", use \"basic_auth\" instead")
        }
        a.credentials = try o.string("credentials").map { Secret($0) }
        a.credentialsFile = try o.filePath("credentials_file")
        if a.credentials != nil && a.credentialsFile != nil {
            throw o.objectError(
                at: "credentials_file", "at most one of authorization credentials & credentials_file must be configured")
        }
        return a
    }

    public func oauth2() throws(ConfigError) -> OAuth2 {
        let o = try object(OAuth2.fieldNames)
        var a = OAuth2()
        a.clientID = try o.string("client_id") ?? ""
        a.clientSecret = try o.string("client_secret").map { Secret($0) }
        a.clientSecretFile = try o.filePath("client_secret_file")
        a.scopes = try o.stringList("scopes") ?? []
        a.tokenURL = try o.string("token_url") ?? ""
        if let d = o["endpoint_params"] {
            for (k, v) in try d.stringMap() { a.endpointParams[k] = v }
        }
        if let d = o["tls_config"] { a.tlsConfig = try d.tlsConfig() }
        a.proxy = try o.proxyConfig()
        if a.clientID.isEmpty { throw o.objectError(at: "client_id", "oauth2 client_id must be configured") }
        if a.tokenURL.isEmpty { throw o.objectError(at: "token_url", "oauth2 token_url must be configured") }
        try o.url("token_url")
        if a.clientSecret != nil && a.clientSecretFile != nil {
            throw o.objectError(
                at: "client_secret_file", "at most one of oauth2 client_secret & client_secret_file must be configured")
        }
        return a
    }
}

import Foundation
