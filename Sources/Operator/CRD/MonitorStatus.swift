/// Status of a monitor or rule object: which servers selected it (upstream `ConfigResourceStatus`), plus the
/// target counts that `kubectl get` shows.
package struct MonitorStatus: Codable, Hashable, Sendable, SchemaAnnotated {
    package var bindings: [Binding]?
    /// Active targets found for this monitor across all servers that selected it.
    package var targets: Int?
    /// Of those, the targets whose last scrape succeeded.
    package var up: Int?
    /// Of those, the targets whose last scrape failed.
    package var down: Int?
    /// Discovered targets that relabeling dropped.
    package var dropped: Int?
    /// A recent scrape error of one of the targets (`<scrape pool>: <error>`).
    package var lastError: String?
    /// Why there are no targets, in plain words, when there are none.
    package var noTargetsReason: String?

    package init() {}

    package struct Binding: Codable, Hashable, Sendable, SchemaAnnotated {
        package var group: String
        package var resource: String
        package var name: String
        package var namespace: String
        package var conditions: [Condition]?
        /// Targets this server found for the object, from its `/api/v1/targets`.
        package var targets: Int?
        package var up: Int?
        package var down: Int?
        package var dropped: Int?
        package var lastError: String?
        package var noTargetsReason: String?

        package init(group: String, resource: String, name: String, namespace: String, conditions: [Condition]?) {
            self.group = group
            self.resource = resource
            self.name = name
            self.namespace = namespace
            self.conditions = conditions
        }

        package static func annotate(_ s: inout Schema) {
            for n in ["name", "namespace"] { s.with(n) { $0.minLength = 1 } }
            s.with("conditions") {
                $0.listType = "map"
                $0.listMapKeys = ["type"]
            }
        }
    }

    package static func annotate(_ s: inout Schema) {
        s.with("bindings") {
            $0.listType = "map"
            $0.listMapKeys = ["group", "resource", "name", "namespace"]
        }
        s.doc("targets", "Active targets of this monitor, over every server that selected it.")
        s.doc("up", "Targets whose last scrape succeeded.")
        s.doc("down", "Targets whose last scrape failed.")
        s.doc("dropped", "Discovered targets dropped by relabeling.")
        s.doc("lastError", "A recent scrape error of one of the targets, prefixed with its scrape pool.")
        s.doc("noTargetsReason", "Why there are no targets, when there are none.")
    }
}

/// A status condition (`metav1.Condition` shape).
package struct Condition: Codable, Hashable, Sendable, SchemaAnnotated {
    package var type: String
    package var status: String
    package var lastTransitionTime: String
    package var reason: String?
    package var message: String?
    package var observedGeneration: Int64?

    package init(
        type: String, status: String, lastTransitionTime: String, reason: String? = nil, message: String? = nil,
        observedGeneration: Int64? = nil
    ) {
        self.type = type
        self.status = status
        self.lastTransitionTime = lastTransitionTime
        self.reason = reason
        self.message = message
        self.observedGeneration = observedGeneration
    }

    package static func annotate(_ s: inout Schema) {
        s.with("lastTransitionTime") { $0.format = "date-time" }
        s.with("status") { $0.enumValues = ["True", "False", "Unknown"] }
        s.with("type") { $0.minLength = 1 }
    }
}
