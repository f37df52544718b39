import Foundation
public import HTTPClient
public import Logging
import Synchronization

/// A typed client for one Kubernetes API server.
///
/// Safe to share between tasks. Calls use the `HTTPClient` given at init (which the caller owns and shuts
/// down). Every failure is a `KubeError` naming the verb and URL; server failures carry the decoded `Status`.
/// Namespaced calls with `namespace: nil` use the object's namespace, else the config's namespace
/// (`list`/`watch` with `nil` read all namespaces).
public final class KubeClient: Sendable {
    public let config: KubeClientConfig
    let http: HTTPClient
    let logger: Logger
    /// Token read from `config.tokenFile` and when, so a rotated token is picked up within a minute.
    private let fileToken: Mutex<(token: String, readAt: ContinuousClock.Instant)?>

    public init(config: KubeClientConfig, http: HTTPClient, logger: Logger) {
        self.config = config
        self.http = http
        self.logger = logger
        self.fileToken = Mutex(nil)
    }

    // MARK: - Requests

    /// Builds the HTTP request for `path` (starting with `/`) with auth, TLS and headers from the config.
    func httpRequest(
        _ method: HTTPMethod, path: String, query: [(String, String)] = [], body: [UInt8]? = nil,
        contentType: String? = nil, timeout: Duration?
    ) throws(KubeError) -> HTTPRequest {
        var url = config.server + path
        if !query.isEmpty {
            url += "?" + query.map { "\(percentEncodeQuery($0.0))=\(percentEncodeQuery($0.1))" }.joined(separator: "&")
        }
        var headers = [HTTPHeader("Accept", "application/json"), HTTPHeader("User-Agent", config.userAgent)]
        if let contentType { headers.append(HTTPHeader("Content-Type", contentType)) }
        var auth: HTTPAuth?
        if let token = try currentToken() {
            auth = .bearer(token)
        } else if let user = config.username {
            auth = .basic(username: user, password: config.password ?? "")
        }
        var tls = TLSOptions(
            caFile: config.caFile, certFile: config.certFile, keyFile: config.keyFile,
            serverName: config.serverName, insecureSkipVerify: config.insecureSkipVerify)
        tls.caPEM = config.caPEM
        tls.certPEM = config.certPEM
        tls.keyPEM = config.keyPEM
        return HTTPRequest(
            url: url, method: method, headers: headers, body: body, timeout: timeout,
            connectTimeout: .seconds(10), tls: tls, auth: auth, proxyURL: config.proxyURL)
    }

    private func currentToken() throws(KubeError) -> String? {
        if let token = config.token, !token.isEmpty { return token }
        guard let file = config.tokenFile else { return nil }
        let now = ContinuousClock.now
        if let cached = fileToken.withLock({ $0 }), now - cached.readAt < .seconds(60) { return cached.token }
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw KubeError(kind: .configuration, message: "cannot read token file \"\(file)\"")
        }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        fileToken.withLock { $0 = (token, now) }
        return token
    }

    /// Sends a request and returns the 2xx response; any other status becomes a `.api` `KubeError`.
    func send(
        _ method: HTTPMethod, path: String, query: [(String, String)] = [], body: [UInt8]? = nil,
        contentType: String? = nil
    ) async throws(KubeError) -> HTTPResponse {
        let request = try httpRequest(
            method, path: path, query: query, body: body, contentType: contentType, timeout: config.requestTimeout)
        let response: HTTPResponse
        do {
            response = try await http.execute(request)
        } catch {
            throw KubeError(
                kind: .transport, verb: method.rawValue, url: request.url, transport: error, message: error.description)
        }
        guard (200..<300).contains(response.status) else {
            throw Self.apiError(status: response.status, body: response.body, verb: method.rawValue, url: request.url)
        }
        return response
    }

    /// Decodes the `Status` in `body`, or synthesises one from the HTTP status when there is none.
    static func apiError(status: Int, body: [UInt8], verb: String, url: String) -> KubeError {
        var decoded = (try? JSONDecoder().decode(Status.self, from: Data(body))) ?? Status()
        if decoded.code == nil || decoded.code == 0 { decoded.code = status }
        if decoded.message == nil {
            let text = String(decoding: body.prefix(512), as: UTF8.self)
            decoded.message = text.isEmpty ? "HTTP \(status)" : text
        }
        if decoded.reason == nil { decoded.reason = reasonForHTTPStatus(status) }
        return KubeError(kind: .api, verb: verb, url: url, status: decoded, message: decoded.message ?? "")
    }

    func decode<T: Decodable>(_ type: T.Type, _ response: HTTPResponse, verb: String, path: String) throws(KubeError)
        -> T
    {
        do {
            return try JSONDecoder().decode(T.self, from: Data(response.body))
        } catch {
            throw KubeError(
                kind: .decoding, verb: verb, url: config.server + path,
                message: "\(T.self): \(error) in \(String(decoding: response.body.prefix(200), as: UTF8.self))")
        }
    }

    /// JSON body of `object` with `apiVersion` and `kind` filled in from `resource` when the object lacks them
    /// (create and apply need them).
    func encodeBody<T: Encodable>(_ object: T, resource: APIResource) throws(KubeError) -> [UInt8] {
        do {
            let data = try JSONEncoder().encode(object)
            var value = try JSONDecoder().decode(JSONValue.self, from: data)
            if case .object = value {
                if value["apiVersion"]?.stringValue == nil { value["apiVersion"] = .string(resource.apiVersion) }
                if value["kind"]?.stringValue == nil { value["kind"] = .string(resource.kind) }
            }
            // Apply bodies are parsed as YAML, which has no `\/` escape: keep slashes literal.
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
            return [UInt8](try encoder.encode(value))
        } catch {
            throw KubeError(kind: .invalidArgument, message: "cannot encode \(T.self) as JSON: \(error)")
        }
    }

    /// The namespace a call on `resource` uses: explicit, else the object's, else the config's.
    func namespace(for resource: APIResource, explicit: String?, object: ObjectMeta? = nil) -> String? {
        guard resource.namespaced else { return nil }
        if let explicit, !explicit.isEmpty { return explicit }
        if let ns = object?.namespace, !ns.isEmpty { return ns }
        return config.namespace
    }
}

private func reasonForHTTPStatus(_ status: Int) -> String {
    switch status {
    case 400: "BadRequest"
    case 401: "Unauthorized"
    case 403: "Forbidden"
    case 404: "NotFound"
    case 405: "MethodNotAllowed"
    case 409: "Conflict"
    case 410: "Gone"
    case 415: "UnsupportedMediaType"
    case 422: "Invalid"
    case 429: "TooManyRequests"
    case 500: "InternalError"
    case 503: "ServiceUnavailable"
    case 504: "Timeout"
    default: "Unknown"
    }
}
