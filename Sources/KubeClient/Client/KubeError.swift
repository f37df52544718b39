public import HTTPClient

/// The `Status` object the API server returns for failures (and for `ERROR` watch events).
public struct Status: Codable, Sendable, Hashable {
    public var status: String?
    public var message: String?
    /// Machine-readable cause: `NotFound`, `AlreadyExists`, `Conflict`, `Expired`, `Gone`, `Invalid`,
    /// `Forbidden`, `Unauthorized`, `BadRequest`, `MethodNotAllowed`, `TooManyRequests` …
    public var reason: String?
    public var code: Int?
    public var details: Details?

    public init(status: String? = "Failure", message: String? = nil, reason: String? = nil, code: Int? = nil) {
        self.status = status
        self.message = message
        self.reason = reason
        self.code = code
    }

    public struct Details: Codable, Sendable, Hashable {
        public var name: String?
        public var group: String?
        public var kind: String?
        public var causes: [Cause]?
    }

    public struct Cause: Codable, Sendable, Hashable {
        public var reason: String?
        public var message: String?
        public var field: String?
    }
}

/// Why a Kubernetes call failed, with the verb and URL it belongs to.
///
/// `description` reads like kubectl: `GET https://…/api/v1/namespaces/x/pods/y: 404 NotFound: pods "y" not found`.
/// Test the common cases with `isNotFound`, `isConflict`, `isAlreadyExists`, `isGone`.
public struct KubeError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The server answered with a failure `Status` (or a non-2xx response without one).
        case api
        /// The request never got an HTTP answer: connect, TLS, timeout, cancellation (see `transport`).
        case transport
        /// The response was not the JSON we expected.
        case decoding
        /// kubeconfig or in-cluster configuration is missing or invalid.
        case configuration
        /// The caller asked for something impossible (no name, namespace on a cluster-scoped kind …).
        case invalidArgument
    }

    public var kind: Kind
    public var verb: String
    public var url: String
    /// The server's `Status` for `.api` errors; synthesised from the HTTP status when the body had none.
    public var status: Status?
    /// The transport failure for `.transport` errors.
    public var transport: HTTPClientError?
    public var message: String

    public init(
        kind: Kind, verb: String = "", url: String = "", status: Status? = nil, transport: HTTPClientError? = nil,
        message: String
    ) {
        self.kind = kind
        self.verb = verb
        self.url = url
        self.status = status
        self.transport = transport
        self.message = message
    }

    /// The HTTP status code of an `.api` error.
    public var code: Int? { status?.code }
    public var reason: String? { status?.reason }

    public var isNotFound: Bool { code == 404 }
    public var isConflict: Bool { code == 409 && reason != "AlreadyExists" }
    public var isAlreadyExists: Bool { reason == "AlreadyExists" }
    /// The resourceVersion asked for is older than etcd keeps (or a continue token expired): relist.
    public var isGone: Bool { code == 410 || reason == "Expired" || reason == "Gone" }
    public var isCancelled: Bool { transport?.kind == .cancelled }

    public var description: String {
        var s = verb.isEmpty ? "" : "\(verb) \(url): "
        switch kind {
        case .api:
            s += "\(code.map(String.init) ?? "?") \(reason ?? "")".trimmingSpaces() + ": " + message
        case .transport: s += message
        case .decoding: s += "decoding response: " + message
        case .configuration: s += "configuration: " + message
        case .invalidArgument: s += "invalid argument: " + message
        }
        return s
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
