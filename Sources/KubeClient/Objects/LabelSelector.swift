/// A Kubernetes label selector as objects carry it (`matchLabels` + `matchExpressions`), e.g. the
/// `selector` of a ServiceMonitor. `matches` evaluates it locally (for informer caches); `queryString`
/// renders it in the API's `labelSelector` syntax for `list`/`watch`.
///
/// An empty selector matches everything; a `nil` selector in an object usually means "nothing" — the
/// caller decides, as the API conventions do.
public struct LabelSelector: Codable, Sendable, Hashable {
    public struct Requirement: Codable, Sendable, Hashable {
        public enum Operator: String, Codable, Sendable, Hashable {
            case `in` = "In"
            case notIn = "NotIn"
            case exists = "Exists"
            case doesNotExist = "DoesNotExist"
        }

        public var key: String
        public var `operator`: Operator
        public var values: [String]?

        public init(key: String, operator: Operator, values: [String]? = nil) {
            self.key = key
            self.operator = `operator`
            self.values = values
        }
    }

    public var matchLabels: [String: String]?
    public var matchExpressions: [Requirement]?

    public init(matchLabels: [String: String]? = nil, matchExpressions: [Requirement]? = nil) {
        self.matchLabels = matchLabels
        self.matchExpressions = matchExpressions
    }

    public var isEmpty: Bool { (matchLabels ?? [:]).isEmpty && (matchExpressions ?? []).isEmpty }

    /// Whether an object with `labels` is selected (all requirements must hold).
    public func matches(_ labels: [String: String]) -> Bool {
        for (k, v) in matchLabels ?? [:] where labels[k] != v { return false }
        for r in matchExpressions ?? [] {
            let value = labels[r.key]
            switch r.operator {
            case .in: guard let value, (r.values ?? []).contains(value) else { return false }
            case .notIn: if let value, (r.values ?? []).contains(value) { return false }
            case .exists: if value == nil { return false }
            case .doesNotExist: if value != nil { return false }
            }
        }
        return true
    }

    /// `a=b,env in (prod,stage),!legacy` with requirements sorted so equal selectors render equally.
    public var queryString: String {
        var parts = (matchLabels ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        for r in matchExpressions ?? [] {
            let values = (r.values ?? []).sorted().joined(separator: ",")
            switch r.operator {
            case .in: parts.append("\(r.key) in (\(values))")
            case .notIn: parts.append("\(r.key) notin (\(values))")
            case .exists: parts.append(r.key)
            case .doesNotExist: parts.append("!\(r.key)")
            }
        }
        return parts.joined(separator: ",")
    }
}
