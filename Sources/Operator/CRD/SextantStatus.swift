/// What the operator last observed and did for a `Sextant`.
package struct SextantStatus: Codable, Hashable, Sendable {
    package var observedGeneration: Int64?
    package var replicas: Int32?
    package var availableReplicas: Int32?
    package var shards: Int32?
    /// `Reconciled`, `Available` and `ConfigApplied`.
    package var conditions: [Condition]?
    package var selected: [ObjectReason]?
    package var rejected: [ObjectReason]?

    package init() {}
}

/// A monitor or rule object, and why it was selected or rejected.
package struct ObjectReason: Codable, Hashable, Sendable {
    package var kind: String
    package var namespace: String
    package var name: String
    package var reason: String?
    package var targets: Int?
    package var up: Int?

    package init(kind: String, namespace: String, name: String, reason: String? = nil) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.reason = reason
    }
}

/// The condition types a `Sextant` reports.
package enum SextantConditionType: String, Sendable, CaseIterable {
    case reconciled = "Reconciled"
    case available = "Available"
    case configApplied = "ConfigApplied"
}
