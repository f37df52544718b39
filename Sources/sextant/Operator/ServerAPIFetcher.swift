import HTTPClient
import Operator

/// The operator's reads of server APIs, over the shared HTTP client with short timeouts: a slow server must not
/// hold up a reconcile for long.
struct ServerAPIFetcher: ServerFetcher {
    let http: HTTPClient

    func get(_ url: String) async throws -> [UInt8] {
        var request = HTTPRequest(
            url: url, method: .get, headers: [HTTPHeader("Accept", "application/json")], timeout: .seconds(5),
            connectTimeout: .seconds(2), proxyFromEnvironment: false)
        // Servers with `spec.web.tlsConfig` are read by pod IP, which their certificates (made for Service
        // names) do not name; the operator sends nothing secret and reads only target health, so it does not
        // verify them.
        request.tls.insecureSkipVerify = true
        let response = try await http.execute(request)
        guard (200..<300).contains(response.status) else {
            var reason = "GET \(url): HTTP \(response.status)"
            if response.status == 401 {
                reason += " (the server requires basic auth, spec.web.basicAuthUsers; the operator has no credentials for it)"
            }
            throw ServerAPIError(description: reason)
        }
        return response.body
    }
}

struct ServerAPIError: Error, CustomStringConvertible {
    var description: String
}
