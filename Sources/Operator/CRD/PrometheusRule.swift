/// `PrometheusRule` spec: the same schema as prometheus-operator's `monitoring.coreos.com/v1`.
package struct PrometheusRuleSpec: Codable, Hashable, Sendable, SchemaAnnotated {
    package var groups: [RuleGroup]?

    package init(groups: [RuleGroup]) { self.groups = groups }

    package static func annotate(_ s: inout Schema) {
        s.with("groups") {
            $0.listType = "map"
            $0.listMapKeys = ["name"]
        }
    }
}

/// A rule group; field names are snake_case upstream where Prometheus's rule files use them.
package struct RuleGroup: Codable, Hashable, Sendable, SchemaAnnotated {
    package var name: String
    package var labels: [String: String]?
    package var interval: String?
    package var query_offset: String?
    package var rules: [Rule]?
    package var limit: Int?
    package var partial_response_strategy: String?

    package init(name: String, interval: String? = nil, rules: [Rule]) {
        self.name = name
        self.interval = interval
        self.rules = rules
    }

    package static func annotate(_ s: inout Schema) {
        s.with("name") { $0.minLength = 1 }
        s.durations("interval", "query_offset")
        s.with("partial_response_strategy") { $0.pattern = "^(?i)(abort|warn)?$" }
        s.with("limit") { $0.format = nil }
    }
}

/// A recording or alerting rule. `expr` is int-or-string upstream (a bare number is a valid PromQL expression).
package struct Rule: Codable, Hashable, Sendable, SchemaAnnotated {
    package var record: String?
    package var alert: String?
    package var expr: IntOrString
    package var `for`: String?
    package var keep_firing_for: String?
    package var labels: [String: String]?
    package var annotations: [String: String]?

    package init(
        record: String? = nil, alert: String? = nil, expr: String, for duration: String? = nil,
        labels: [String: String]? = nil, annotations: [String: String]? = nil
    ) {
        self.record = record
        self.alert = alert
        self.expr = .string(expr)
        self.for = duration
        self.labels = labels
        self.annotations = annotations
    }

    package static func annotate(_ s: inout Schema) {
        s.durations("for", "keep_firing_for")
        s.with("keep_firing_for") { $0.minLength = 1 }
    }
}
