/// A Secret or ConfigMap key that a rendered config refers to.
package struct AssetKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    package enum Kind: String, Sendable, Comparable {
        case secret, configmap
        package static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
    }

    package var kind: Kind
    package var namespace: String
    package var name: String
    package var key: String

    package init(_ kind: Kind, namespace: String, name: String, key: String) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.key = key
    }

    /// The key under which the operator copies the value into the server's assets Secret. Namespaces and
    /// object names cannot contain `_`, so the mapping is unambiguous.
    package var fileName: String { "\(kind.rawValue)_\(namespace)_\(name)_\(key)" }

    package var description: String { "\(kind.rawValue) \(namespace)/\(name) key \(key)" }

    package static func < (a: AssetKey, b: AssetKey) -> Bool {
        (a.kind, a.namespace, a.name, a.key) < (b.kind, b.namespace, b.name, b.key)
    }
}

/// Collects the Secret and ConfigMap keys a config refers to, as files in the server pod.
///
/// Monitors live in other namespaces than the server, and a pod can mount only its own namespace's Secrets,
/// so the operator copies every referenced key into one assets Secret mounted at `directory`.
/// `values` holds already-read values for the one non-secret field Prometheus only accepts inline: the OAuth2
/// client ID (which may come from a ConfigMap).
package struct Assets: Sendable {
    package var directory: String
    package var values: [AssetKey: String]
    package private(set) var referenced: Set<AssetKey> = []

    package static let defaultDirectory = "/etc/sextant/secrets"

    package init(directory: String = Assets.defaultDirectory, values: [AssetKey: String] = [:]) {
        self.directory = directory
        self.values = values
    }

    /// The in-pod path of a key, and remember that the operator must provide it.
    package mutating func file(_ key: AssetKey) -> String {
        referenced.insert(key)
        return "\(directory)/\(key.fileName)"
    }

    package mutating func secretFile(_ s: SecretKeySelector, namespace: String) -> String {
        file(AssetKey(.secret, namespace: namespace, name: s.name ?? "", key: s.key))
    }

    package mutating func file(_ s: SecretOrConfigMap, namespace: String) -> String? {
        if let sec = s.secret { return secretFile(sec, namespace: namespace) }
        if let cm = s.configMap {
            return file(AssetKey(.configmap, namespace: namespace, name: cm.name ?? "", key: cm.key))
        }
        return nil
    }

    /// An inline value when known, else nil (callers then fall back to a `*_file` field).
    package func value(_ s: SecretKeySelector, namespace: String) -> String? {
        values[AssetKey(.secret, namespace: namespace, name: s.name ?? "", key: s.key)]
    }

    package func value(_ s: SecretOrConfigMap, namespace: String) -> String? {
        if let sec = s.secret { return value(sec, namespace: namespace) }
        if let cm = s.configMap {
            return values[AssetKey(.configmap, namespace: namespace, name: cm.name ?? "", key: cm.key)]
        }
        return nil
    }
}

/// Conversions from monitor auth fields to Prometheus config, all through files.
extension Assets {
    mutating func tls(_ t: SafeTLSConfig?, namespace: String) -> PromTLSConfig? {
        guard let t else { return nil }
        return PromTLSConfig(
            caFile: t.ca.flatMap { file($0, namespace: namespace) },
            certFile: t.cert.flatMap { file($0, namespace: namespace) },
            keyFile: t.keySecret.map { secretFile($0, namespace: namespace) },
            serverName: t.serverName, insecureSkipVerify: t.insecureSkipVerify,
            minVersion: t.minVersion?.rawValue, maxVersion: t.maxVersion?.rawValue)
    }

    /// Endpoint TLS may also name files already present in the server pod (`caFile`, `certFile`, `keyFile`).
    mutating func tls(_ t: TLSConfig?, namespace: String) -> PromTLSConfig? {
        guard let t else { return nil }
        var out = tls(t.safe, namespace: namespace)!
        out.caFile = out.caFile ?? t.caFile
        out.certFile = out.certFile ?? t.certFile
        out.keyFile = out.keyFile ?? t.keyFile
        return out
    }

    /// Both halves as files: a username can be as sensitive as the password (it often is an API key ID).
    mutating func basicAuth(_ b: BasicAuth?, namespace: String) -> PromBasicAuth? {
        guard let b else { return nil }
        return PromBasicAuth(
            usernameFile: b.username.map { secretFile($0, namespace: namespace) },
            passwordFile: b.password.map { secretFile($0, namespace: namespace) })
    }

    mutating func authorization(_ a: SafeAuthorization?, bearer: SecretKeySelector?, namespace: String)
        -> PromAuthorization?
    {
        if let a {
            return PromAuthorization(
                type: a.type ?? "Bearer", credentialsFile: a.credentials.map { secretFile($0, namespace: namespace) })
        }
        if let bearer {
            return PromAuthorization(type: "Bearer", credentialsFile: secretFile(bearer, namespace: namespace))
        }
        return nil
    }

    /// Prometheus takes the client ID only inline, so its value must have been read into `values`.
    mutating func oauth2(_ o: OAuth2?, namespace: String) throws(RenderError) -> PromOAuth2? {
        guard let o else { return nil }
        guard let clientID = value(o.clientId, namespace: namespace) else {
            let ref =
                o.clientId.secret.map { "secret \($0.name ?? "")/\($0.key)" }
                ?? o.clientId.configMap.map { "configMap \($0.name ?? "")/\($0.key)" } ?? "nothing"
            throw RenderError.invalidField(path: "oauth2.clientId", value: ref, reason: "value could not be read")
        }
        return PromOAuth2(
            clientID: clientID, clientSecretFile: secretFile(o.clientSecret, namespace: namespace),
            tokenURL: o.tokenUrl,
            scopes: o.scopes, endpointParams: o.endpointParams, tlsConfig: tls(o.tlsConfig, namespace: namespace))
    }
}
