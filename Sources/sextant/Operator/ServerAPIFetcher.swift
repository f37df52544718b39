import HTTPClient
import Operator

/// The operator's reads of server APIs, over the shared HTTP client with short timeouts: a slow server must not
/// hold up a reconcile for long.
struct ServerAPIFetcher: ServerFetcher {
    let http: HTTPClient

    func get(_ url: String) async throws -> [UInt8] {
        let request = HTTPRequest(
            url: url, method: .get, headers: [HTTPHeader("Accept", "application/json")], timeout: .seconds(5),
            connectTimeout: .seconds(2), proxyFromEnvironment: false)
        let response = try await http.execute(request)
        guard (200..<300).contains(response.status) else {
            throw ServerAPIError(description: "GET \(url): HTTP \(response.status)")
        }
        return response.body
    }
}

struct ServerAPIError: Error, CustomStringConvertible {
    var description: String
}
