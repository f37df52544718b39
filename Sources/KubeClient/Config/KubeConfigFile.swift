import Foundation
import Yams

/// The subset of a kubeconfig file (`kind: Config`) a client needs.
struct KubeConfigFile: Decodable {
    struct NamedCluster: Decodable {
        var name: String
        var cluster: Cluster
    }

    struct Cluster: Decodable {
        var server: String
        var certificateAuthority: String?
        var certificateAuthorityData: String?
        var insecureSkipTLSVerify: Bool?
        var tlsServerName: String?
        var proxyURL: String?

        enum CodingKeys: String, CodingKey {
            case server
            case certificateAuthority = "certificate-authority"
            case certificateAuthorityData = "certificate-authority-data"
            case insecureSkipTLSVerify = "insecure-skip-tls-verify"
            case tlsServerName = "tls-server-name"
            case proxyURL = "proxy-url"
        }
    }

    struct NamedUser: Decodable {
        var name: String
        var user: User
    }

    struct User: Decodable {
        var token: String?
        var tokenFile: String?
        var username: String?
        var password: String?
        var clientCertificate: String?
        var clientCertificateData: String?
        var clientKey: String?
        var clientKeyData: String?
        var exec: JSONValue?
        var authProvider: JSONValue?

        enum CodingKeys: String, CodingKey {
            case token, tokenFile, username, password, exec
            case clientCertificate = "client-certificate"
            case clientCertificateData = "client-certificate-data"
            case clientKey = "client-key"
            case clientKeyData = "client-key-data"
            case authProvider = "auth-provider"
        }
    }

    struct NamedContext: Decodable {
        var name: String
        var context: Context
    }

    struct Context: Decodable {
        var cluster: String
        var user: String?
        var namespace: String?
    }

    var clusters: [NamedCluster]?
    var users: [NamedUser]?
    var contexts: [NamedContext]?
    var currentContext: String?

    enum CodingKeys: String, CodingKey {
        case clusters, users, contexts
        case currentContext = "current-context"
    }
}

extension KubeClientConfig {
    /// Reads a kubeconfig file and resolves `context` (default: its `current-context`).
    ///
    /// Relative file paths are resolved against the kubeconfig's directory, as kubectl does. Inline
    /// `*-data` certificates and keys are written to files (mode 0600, named by content hash, under
    /// `dataDirectory`, default the system temp dir) because libcurl reads TLS material from files.
    /// `exec` and `auth-provider` credentials are not supported and are reported as such.
    public static func kubeconfig(
        path: String, context: String? = nil, dataDirectory: String? = nil
    ) throws(KubeError) -> KubeClientConfig {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw KubeError(kind: .configuration, message: "cannot read kubeconfig \"\(path)\": \(error)")
        }
        return try kubeconfig(
            yaml: text, path: path, context: context,
            baseDirectory: (path as NSString).deletingLastPathComponent,
            dataDirectory: dataDirectory ?? FileManager.default.temporaryDirectory.path)
    }

    static func kubeconfig(
        yaml: String, path: String, context: String?, baseDirectory: String, dataDirectory: String
    ) throws(KubeError) -> KubeClientConfig {
        let file: KubeConfigFile
        do {
            file = try YAMLDecoder().decode(KubeConfigFile.self, from: yaml)
        } catch {
            throw KubeError(kind: .configuration, message: "kubeconfig \"\(path)\": \(error)")
        }
        guard let contextName = context ?? file.currentContext, !contextName.isEmpty else {
            throw KubeError(
                kind: .configuration, message: "kubeconfig \"\(path)\": no context given and no current-context")
        }
        guard let ctx = file.contexts?.first(where: { $0.name == contextName })?.context else {
            throw KubeError(
                kind: .configuration, message: "kubeconfig \"\(path)\": context \"\(contextName)\" not found")
        }
        guard let cluster = file.clusters?.first(where: { $0.name == ctx.cluster })?.cluster else {
            throw KubeError(
                kind: .configuration,
                message: "kubeconfig \"\(path)\": cluster \"\(ctx.cluster)\" of context \"\(contextName)\" not found")
        }
        var user = KubeConfigFile.User()
        if let userName = ctx.user, !userName.isEmpty {
            guard let u = file.users?.first(where: { $0.name == userName })?.user else {
                throw KubeError(
                    kind: .configuration,
                    message: "kubeconfig \"\(path)\": user \"\(userName)\" of context \"\(contextName)\" not found")
            }
            user = u
        }
        if user.exec != nil || user.authProvider != nil, user.token == nil, user.clientCertificate == nil,
            user.clientCertificateData == nil
        {
            throw KubeError(
                kind: .configuration,
                message: "kubeconfig \"\(path)\": user \"\(ctx.user ?? "")\" uses exec/auth-provider credentials, "
                    + "which are not supported; use a token, token file or client certificate")
        }
        func resolve(_ p: String?) -> String? {
            guard let p, !p.isEmpty else { return nil }
            return p.hasPrefix("/") ? p : "\(baseDirectory)/\(p)"
        }
        func materialize(_ b64: String?, _ what: String) throws(KubeError) -> String? {
            guard let b64, !b64.isEmpty else { return nil }
            guard let bytes = Base64.decode(b64) else {
                throw KubeError(kind: .configuration, message: "kubeconfig \"\(path)\": \(what) is not valid base64")
            }
            return try writeSecretFile(bytes, directory: dataDirectory, suffix: what)
        }
        var config = KubeClientConfig(server: cluster.server, namespace: ctx.namespace ?? "default")
        config.caFile =
            try materialize(cluster.certificateAuthorityData, "certificate-authority-data")
            ?? resolve(cluster.certificateAuthority)
        config.insecureSkipVerify = cluster.insecureSkipTLSVerify ?? false
        config.serverName = cluster.tlsServerName
        config.proxyURL = cluster.proxyURL
        config.token = user.token
        config.tokenFile = resolve(user.tokenFile)
        config.username = user.username
        config.password = user.password
        config.certFile =
            try materialize(user.clientCertificateData, "client-certificate-data")
            ?? resolve(user.clientCertificate)
        config.keyFile = try materialize(user.clientKeyData, "client-key-data") ?? resolve(user.clientKey)
        return config
    }
}

/// Writes `bytes` to `DIR/sextant-kube-HASH-SUFFIX` with mode 0600 unless an identical file is there already.
private func writeSecretFile(_ bytes: [UInt8], directory: String, suffix: String) throws(KubeError) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in bytes {
        hash ^= UInt64(b)
        hash &*= 0x100_0000_01b3
    }
    let path = "\(directory)/sextant-kube-\(String(hash, radix: 16))-\(suffix)"
    if let existing = FileManager.default.contents(atPath: path), [UInt8](existing) == bytes { return path }
    let ok = FileManager.default.createFile(
        atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600])
    guard ok else {
        throw KubeError(kind: .configuration, message: "cannot write \(suffix) to \"\(path)\"")
    }
    return path
}
