import Foundation
import HTTPClient
import PromConfig

extension HTTPClientConfig {
    /// Sets auth, TLS, proxy, redirect and header options on a discovery request. Credential files are
    /// read on every request, so rotated secrets apply without a reload.
    func apply(to request: inout HTTPRequest) {
        if let b = basicAuth {
            let user = b.username ?? b.usernameFile.flatMap(readSecretFile) ?? ""
            let password = b.password?.value ?? b.passwordFile.flatMap(readSecretFile) ?? ""
            request.auth = .basic(username: user, password: password)
        } else if let a = authorization {
            let credentials = a.credentials?.value ?? a.credentialsFile.flatMap(readSecretFile) ?? ""
            request.auth = .authorization(type: a.type, credentials: credentials)
        }
        request.tls.caFile = tlsConfig.caFile
        request.tls.certFile = tlsConfig.certFile
        request.tls.keyFile = tlsConfig.keyFile
        request.tls.serverName = tlsConfig.serverName
        request.tls.insecureSkipVerify = tlsConfig.insecureSkipVerify
        request.tls.caPEM = tlsConfig.ca
        request.tls.certPEM = tlsConfig.cert
        request.tls.keyPEM = tlsConfig.key?.value
        if let v = tlsConfig.minVersion {
            // PromConfig and HTTPClient each name the versions; the raw values are Prometheus's.
            switch v {
            case .tls10: request.tls.minVersion = .tls10
            case .tls11: request.tls.minVersion = .tls11
            case .tls12: request.tls.minVersion = .tls12
            case .tls13: request.tls.minVersion = .tls13
            }
        }
        request.proxyURL = proxy.proxyURL
        request.noProxy = proxy.noProxy
        request.proxyFromEnvironment = proxy.proxyFromEnvironment
        request.followRedirects = followRedirects
        request.enableHTTP2 = enableHTTP2
        for (name, header) in httpHeaders.entries {
            var values = header.values + header.secrets.map(\.value)
            values += header.files.compactMap(readSecretFile)
            request.addHeaders(name: name, values: values)
        }
    }
}

func readSecretFile(_ path: String) -> String? {
    guard let s = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    return s.trimmingCharacters(in: .whitespacesAndNewlines)
}
