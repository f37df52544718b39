/// Status line and headers of a response, available before its body (see `HTTPClient.stream`).
///
/// When redirects are followed these are the final response's; headers of intermediate 3xx responses are dropped.
public struct HTTPResponseHead: Sendable {
    public var status: Int
    public var headers: [HTTPHeader]

    public init(status: Int, headers: [HTTPHeader]) {
        self.status = status
        self.headers = headers
    }

    /// The first value of the header `name`, compared case-insensitively.
    public func header(_ name: String) -> String? { headers.first(named: name) }
}

/// A complete response with its body buffered in memory (decoded when gzip was negotiated).
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [HTTPHeader]
    public var body: [UInt8]

    public init(status: Int, headers: [HTTPHeader], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public var head: HTTPResponseHead { HTTPResponseHead(status: status, headers: headers) }

    /// The first value of the header `name`, compared case-insensitively.
    public func header(_ name: String) -> String? { headers.first(named: name) }
}
