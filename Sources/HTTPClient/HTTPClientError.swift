/// Why a request failed, with the request it belongs to.
///
/// `description` reads like Go's `*url.Error`, which is what Prometheus shows as `lastError`:
/// `Get "http://127.0.0.1:1/metrics": connect: Connection refused`. Match on `kind` to react:
///
///     catch let error { if error.kind == .timeout { ... } }
///     if case .bodyTooLarge(let limit) = error.kind { ... }
public struct HTTPClientError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The request could not be sent as described: bad URL, unsupported scheme, bad option value.
        case invalidRequest
        /// DNS resolution, proxy, or TCP connect failed.
        case connect
        /// TLS handshake or certificate verification failed, or a CA/cert/key file could not be used.
        case tls
        /// Writing the request failed after the connection was up.
        case send
        /// Reading the response failed: connection reset, truncated body, bad encoding, no response.
        case receive
        /// `timeout` or `connectTimeout` elapsed.
        case timeout
        /// The response body exceeded `maxBodySize` (`limit` bytes).
        case bodyTooLarge(limit: Int)
        /// More than 10 redirects.
        case tooManyRedirects
        /// The calling task (or the consumer of a streamed body) was cancelled.
        case cancelled
        /// The client was shut down before the request completed.
        case shutdown
        /// libcurl could not be initialised (out of memory or a broken installation).
        case initialization
        /// Any other libcurl failure; `curlCode` says which.
        case other
    }

    public var kind: Kind
    public var method: HTTPMethod
    public var url: String
    /// Human-readable detail: libcurl's error buffer, the OS error for connect failures, or our own text.
    public var cause: String
    /// The libcurl `CURLcode` behind the failure, when there was one.
    public var curlCode: Int?

    public init(kind: Kind, method: HTTPMethod, url: String, cause: String, curlCode: Int? = nil) {
        self.kind = kind
        self.method = method
        self.url = url
        self.cause = cause
        self.curlCode = curlCode
    }

    /// Short name of the phase that failed, as used in `description`.
    public var phase: String {
        switch kind {
        case .invalidRequest: "invalid request"
        case .connect: "connect"
        case .tls: "tls"
        case .send: "send"
        case .receive: "receive"
        case .timeout: "timeout"
        case .bodyTooLarge: "body too large"
        case .tooManyRedirects: "redirect"
        case .cancelled: "cancelled"
        case .shutdown: "client shut down"
        case .initialization: "initialization"
        case .other: "error"
        }
    }

    public var description: String {
        // Errors not tied to a request (client initialisation) have no URL to quote.
        url.isEmpty ? "HTTP client: \(phase): \(cause)" : "\(method.errorPrefix) \"\(url)\": \(phase): \(cause)"
    }
}
