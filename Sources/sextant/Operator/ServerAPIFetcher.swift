import HTTPClient
import Operator

/// The operator's reads of server APIs, over the shared HTTP client with short timeouts: a slow server must not
/// hold up a reconcile for long.
struct ServerAPIFetcher: ServerFetcher {
    let http: HTTPClient

    func get(_ url: String, access: ServerAccess) async throws -> [UInt8] {
        var request = HTTPRequest(
            url: url, method: .get, headers: [HTTPHeader("Accept", "application/json")], timeout: .seconds(5),
            connectTimeout: .seconds(2), proxyFromEnvironment: false)
        // Servers with `spec.web.tlsConfig` are read by pod IP, which their certificates (made for Service names)
        // do not name: the operator pins the configured certificate instead of checking names.
        if let pem = access.certificatePEM {
            request.tls.caPEM = pem
            request.tls.skipHostnameVerification = true
        } else if url.hasPrefix("https:") && access.credentials != nil {
            // The certificate is not known (its Secret is not cached yet): send no password unverified.
            throw ServerAPIError(description: "GET \(url): the server's certificate is not known yet; not sending credentials")
        } else {
            request.tls.insecureSkipVerify = true
        }
        let credentials = access.credentials
        if let credentials {
            request.auth = .basic(username: credentials.username, password: credentials.password)
            // The password is for this server only: never follow it elsewhere.
            request.followRedirects = false
        }
        let response = try await http.execute(request)
        guard (200..<300).contains(response.status) else {
            var reason = "GET \(url): HTTP \(response.status)"
            if response.status == 401, let credentials {
                // Seen after a password change until the kubelet updates the pod's copy of the web config.
                reason += " (the server did not accept the operator's user \(credentials.username) yet)"
            }
            throw ServerAPIError(description: reason)
        }
        return response.body
    }
}

struct ServerAPIError: Error, CustomStringConvertible {
    var description: String
}
