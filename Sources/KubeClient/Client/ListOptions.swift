/// Query options of `list` and `watch`.
public struct ListOptions: Sendable, Hashable {
    /// Label selector in API syntax: `app=web,tier!=cache,env in (prod,stage),!legacy`.
    public var labelSelector: String?
    /// Field selector in API syntax: `metadata.name=x,spec.nodeName=n1`.
    public var fieldSelector: String?
    /// Page size; `nil` returns everything in one response.
    public var limit: Int?
    /// Continue token from the previous page's `metadata.continue`.
    public var continueToken: String?
    /// `"0"` lets the server answer from its watch cache; `nil` asks for a consistent read.
    public var resourceVersion: String?

    public init(
        labelSelector: String? = nil, fieldSelector: String? = nil, limit: Int? = nil, continueToken: String? = nil,
        resourceVersion: String? = nil
    ) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.limit = limit
        self.continueToken = continueToken
        self.resourceVersion = resourceVersion
    }

    var query: [(String, String)] {
        var q: [(String, String)] = []
        if let labelSelector, !labelSelector.isEmpty { q.append(("labelSelector", labelSelector)) }
        if let fieldSelector, !fieldSelector.isEmpty { q.append(("fieldSelector", fieldSelector)) }
        if let limit { q.append(("limit", String(limit))) }
        if let continueToken, !continueToken.isEmpty { q.append(("continue", continueToken)) }
        if let resourceVersion { q.append(("resourceVersion", resourceVersion)) }
        return q
    }
}

/// How `patch` interprets its body.
public enum Patch: Sendable, Hashable {
    /// RFC 7386 JSON merge patch (`application/merge-patch+json`).
    case merge(JSONValue)
    /// Kubernetes strategic merge patch (`application/strategic-merge-patch+json`); built-in kinds only.
    case strategicMerge(JSONValue)
    /// RFC 6902 JSON patch operations (`application/json-patch+json`).
    case json([JSONValue])

    var contentType: String {
        switch self {
        case .merge: "application/merge-patch+json"
        case .strategicMerge: "application/strategic-merge-patch+json"
        case .json: "application/json-patch+json"
        }
    }

    var body: JSONValue {
        switch self {
        case .merge(let v), .strategicMerge(let v): v
        case .json(let ops): .array(ops)
        }
    }
}

/// What `delete` does with dependents.
public enum PropagationPolicy: String, Sendable, Hashable {
    case orphan = "Orphan"
    case background = "Background"
    case foreground = "Foreground"
}
