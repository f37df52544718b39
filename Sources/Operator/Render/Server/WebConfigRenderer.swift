import Yams

/// Renders the server's `--web.config.file` (exporter-toolkit format: TLS and basic-auth users) from `spec.web`.
///
/// Only fields that are set are written, so the file also loads in older Prometheus tooling (promtool 2.42
/// rejects newer keys such as `client_allowed_sans`). The file holds password hashes, so the operator stores
/// it in the assets Secret (key `fileName`), next to the certificate and key files it references.
package enum WebConfigRenderer {
    package static let fileName = "web-config.yaml"
    package static var path: String { "\(Assets.defaultDirectory)/\(fileName)" }

    static let clientAuthTypes = [
        "NoClientCert", "RequestClientCert", "RequireAnyClientCert", "VerifyClientCertIfGiven",
        "RequireAndVerifyClientCert",
    ]

    struct File: Encodable {
        var tlsServerConfig: TLS?
        var basicAuthUsers: [String: String]?

        enum CodingKeys: String, CodingKey {
            case tlsServerConfig = "tls_server_config", basicAuthUsers = "basic_auth_users"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeIfPresent(tlsServerConfig, forKey: .tlsServerConfig)
            if let basicAuthUsers { try c.encode(SortedObject(basicAuthUsers), forKey: .basicAuthUsers) }
        }
    }

    struct TLS: Encodable {
        var certFile: String
        var keyFile: String
        var clientAuthType: String?
        var clientCAFile: String?
        var minVersion: String?

        enum CodingKeys: String, CodingKey {
            case certFile = "cert_file", keyFile = "key_file", clientAuthType = "client_auth_type"
            case clientCAFile = "client_ca_file", minVersion = "min_version"
        }
    }

    /// nil when the `Sextant` asks for neither TLS nor users. `usersYAML` is the content of the
    /// `basicAuthUsers` Secret key (user → bcrypt hash), read by the operator. `operatorHash`, the bcrypt hash
    /// of the operator's own password (`OperatorCredentials`), adds the reserved user `OperatorCredentials.username`
    /// next to those users; users that already name it are refused rather than overwritten.
    package static func render(
        _ sx: Sextant, usersYAML: String?, operatorHash: String? = nil, assets: inout Assets
    ) throws(RenderError) -> String? {
        guard let web = sx.spec.web, web.tlsConfig != nil || web.basicAuthUsers != nil else { return nil }
        let ns = sx.namespace
        var file = File()
        if let t = web.tlsConfig {
            guard let cert = assets.file(t.cert, namespace: ns) else {
                throw RenderError.invalidField(
                    path: "spec.web.tlsConfig.cert", value: "", reason: "needs a secret or configMap")
            }
            if let auth = t.clientAuthType, !clientAuthTypes.contains(auth) {
                throw RenderError.invalidField(
                    path: "spec.web.tlsConfig.clientAuthType", value: auth,
                    reason: "not one of " + clientAuthTypes.joined(separator: ", "))
            }
            file.tlsServerConfig = TLS(
                certFile: cert, keyFile: assets.secretFile(t.keySecret, namespace: ns),
                clientAuthType: t.clientAuthType,
                clientCAFile: t.clientCA.flatMap { assets.file($0, namespace: ns) }, minVersion: t.minVersion?.rawValue)
        }
        if let ref = web.basicAuthUsers {
            var users: [String: String]
            do {
                users = try YAMLDecoder().decode([String: String].self, from: usersYAML ?? "")
            } catch {
                throw RenderError.invalidField(
                    path: "spec.web.basicAuthUsers", value: "",
                    reason: "the Secret key must hold a YAML map of user to bcrypt hash")
            }
            if users[OperatorCredentials.username] != nil {
                throw RenderError.reservedName(
                    path: "spec.web.basicAuthUsers", value: OperatorCredentials.username,
                    reason: "Secret \(ref.name ?? "")/\(ref.key) names a user the operator reserves for reading the "
                        + "servers' status; rename that user")
            }
            if let operatorHash { users[OperatorCredentials.username] = operatorHash }
            file.basicAuthUsers = users
        }
        do {
            return try YAMLWriter.encode(file)
        } catch {
            throw RenderError.invalidField(path: "spec.web", value: "", reason: "cannot encode: \(error)")
        }
    }
}
