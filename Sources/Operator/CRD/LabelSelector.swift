/// A Kubernetes label selector: all `matchLabels` and all `matchExpressions` must hold.
///
/// An empty selector (`{}`) selects everything; a nil selector, where the API allows one, selects nothing.
package struct LabelSelector: Codable, Hashable, Sendable, SchemaAnnotated {
    package var matchLabels: [String: String]?
    package var matchExpressions: [Requirement]?

    package init(matchLabels: [String: String]? = nil, matchExpressions: [Requirement]? = nil) {
        self.matchLabels = matchLabels
        self.matchExpressions = matchExpressions
    }

    package struct Requirement: Codable, Hashable, Sendable {
        package var key: String
        package var `operator`: Operator
        package var values: [String]?

        package init(key: String, operator op: Operator, values: [String]? = nil) {
            self.key = key
            self.operator = op
            self.values = values
        }
    }

    /// Kept a plain string in the schema (as upstream) so that a bad operator is reported by us, with the value.
    package struct Operator: RawRepresentable, Codable, Hashable, Sendable, SchemaLeaf {
        package var rawValue: String
        package init(rawValue: String) { self.rawValue = rawValue }
        package static let `in` = Operator(rawValue: "In")
        package static let notIn = Operator(rawValue: "NotIn")
        package static let exists = Operator(rawValue: "Exists")
        package static let doesNotExist = Operator(rawValue: "DoesNotExist")
        package static var schema: Schema { .string }
        package static var schemaSample: Operator { .in }
    }

    package static func annotate(_ s: inout Schema) {
        s.mapType = "atomic"
        s.with("matchExpressions") { $0.listType = "atomic" }
        s.properties?["matchExpressions"]?.items?.with("values") { $0.listType = "atomic" }
    }

    /// Whether `labels` satisfy the selector. Throws for an operator that is not one of the four, or for
    /// `In`/`NotIn` without values, mirroring the apiserver's validation.
    package func matches(_ labels: [String: String]) throws(SelectorError) -> Bool {
        for (k, v) in matchLabels ?? [:] where labels[k] != v { return false }
        for r in matchExpressions ?? [] where try !r.matches(labels) { return false }
        return true
    }

    /// Sorted keys, so rendered selectors are byte-stable.
    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if let matchLabels { try c.encode(SortedObject(matchLabels), forKey: .matchLabels) }
        try c.encodeIfPresent(matchExpressions, forKey: .matchExpressions)
    }

    /// The selector in Kubernetes' string syntax (`a=b,c in (d,e),!f`), for server-side filtering.
    package var selectorString: String {
        var parts = (matchLabels ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        for r in matchExpressions ?? [] {
            let values = (r.values ?? []).joined(separator: ",")
            switch r.operator {
            case .in: parts.append("\(r.key) in (\(values))")
            case .notIn: parts.append("\(r.key) notin (\(values))")
            case .exists: parts.append(r.key)
            case .doesNotExist: parts.append("!\(r.key)")
            default: parts.append("\(r.key) \(r.operator.rawValue) (\(values))")
            }
        }
        return parts.joined(separator: ",")
    }

    /// True for `{}`: no constraints at all.
    package var isEmpty: Bool { (matchLabels ?? [:]).isEmpty && (matchExpressions ?? []).isEmpty }
}

extension LabelSelector.Requirement {
    func matches(_ labels: [String: String]) throws(SelectorError) -> Bool {
        let vals = values ?? []
        switch self.operator {
        case .in, .notIn:
            if vals.isEmpty { throw SelectorError.valuesRequired(key: key, operator: self.operator.rawValue) }
            guard let v = labels[key] else { return self.operator == .notIn }
            return vals.contains(v) == (self.operator == .in)
        case .exists, .doesNotExist:
            if !vals.isEmpty { throw SelectorError.valuesForbidden(key: key, operator: self.operator.rawValue) }
            return (labels[key] != nil) == (self.operator == .exists)
        default:
            throw SelectorError.unknownOperator(key: key, operator: self.operator.rawValue)
        }
    }
}

package enum SelectorError: Error, Equatable, CustomStringConvertible {
    case unknownOperator(key: String, operator: String)
    case valuesRequired(key: String, operator: String)
    case valuesForbidden(key: String, operator: String)

    package var description: String {
        switch self {
        case .unknownOperator(let k, let op):
            return "label selector on \"\(k)\": operator \"\(op)\" is not one of In, NotIn, Exists, DoesNotExist"
        case .valuesRequired(let k, let op):
            return "label selector on \"\(k)\": operator \(op) needs at least one value"
        case .valuesForbidden(let k, let op):
            return "label selector on \"\(k)\": operator \(op) takes no values"
        }
    }
}

/// Which namespaces a monitor looks in (prometheus-operator's `NamespaceSelector`).
///
/// Semantics: `any: true` = every namespace; a non-empty `matchNames` = those namespaces; otherwise (nil or
/// `{}`) = the monitor's own namespace.
package struct NamespaceSelector: Codable, Hashable, Sendable {
    package var any: Bool?
    package var matchNames: [String]?

    package init(any: Bool? = nil, matchNames: [String]? = nil) {
        self.any = any
        self.matchNames = matchNames
    }

    /// The namespaces to discover in, or nil for all namespaces.
    package func namespaces(monitorNamespace: String) -> [String]? {
        if any == true { return nil }
        if let names = matchNames, !names.isEmpty { return names }
        return [monitorNamespace]
    }
}

/// Which namespaces a `Sextant` takes monitors from (`serviceMonitorNamespaceSelector` and friends).
///
/// prometheus-operator semantics: nil = only the `Sextant`'s own namespace; `{}` = all namespaces;
/// otherwise namespaces whose labels match.
package enum NamespaceScope: Equatable, Sendable {
    case own
    case all
    case matching(LabelSelector)

    package init(_ selector: LabelSelector?) {
        switch selector {
        case nil: self = .own
        case let s? where s.isEmpty: self = .all
        case let s?: self = .matching(s)
        }
    }

    /// Whether a namespace with these labels is in scope for a `Sextant` living in `ownNamespace`.
    package func contains(namespace: String, labels: [String: String], ownNamespace: String) throws(SelectorError)
        -> Bool
    {
        switch self {
        case .own: return namespace == ownNamespace
        case .all: return true
        case .matching(let s): return try s.matches(labels)
        }
    }
}
