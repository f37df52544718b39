public import PromModel

/// A rule file: groups of recording and alerting rules (Prometheus's `rulefmt`).
///
/// PromConfig checks structure, names and durations; the PromQL in `expr` is checked by the caller through
/// the `validateExpression` closure of `parse`/`load` (PromConfig cannot depend on the PromQL target).
public struct RuleFile: Sendable, Hashable, Encodable {
    public var groups: [RuleGroup] = []

    public init(groups: [RuleGroup] = []) { self.groups = groups }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case groups
    }

    /// Total number of rules in all groups.
    public var ruleCount: Int { groups.reduce(0) { $0 + $1.rules.count } }
}

/// A group of rules evaluated together, in order, every `interval`.
public struct RuleGroup: Sendable, Hashable, Encodable {
    public var name: String
    /// nil: the global `evaluation_interval`.
    public var interval: PromDuration?
    /// Maximum alerts/series per rule; 0 is no limit.
    public var limit = 0
    /// nil: the global `rule_query_offset`.
    public var queryOffset: PromDuration?
    public var labels: Labels = .empty
    public var rules: [Rule] = []

    public init(name: String, interval: PromDuration? = nil, rules: [Rule] = []) {
        self.name = name
        self.interval = interval
        self.rules = rules
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, interval, limit
        case queryOffset = "query_offset"
        case labels, rules
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(interval, forKey: .interval)
        if limit != 0 { try c.encode(limit, forKey: .limit) }
        try c.encodeIfPresent(queryOffset, forKey: .queryOffset)
        try c.encodeLabels(labels, forKey: .labels)
        try c.encode(rules, forKey: .rules)
    }
}

/// A recording rule (`record`) or an alerting rule (`alert`).
public struct Rule: Sendable, Hashable, Encodable {
    public enum Kind: Sendable, Hashable {
        /// The metric name to record into.
        case recording(String)
        /// The alert name.
        case alerting(String)
    }

    public var kind: Kind
    public var expr: String
    /// Alerting rules only: how long the condition must hold before firing.
    public var forDuration: PromDuration = .zero
    /// Alerting rules only: how long to keep firing after the condition clears.
    public var keepFiringFor: PromDuration = .zero
    public var labels: Labels = .empty
    /// Alerting rules only; values are templates.
    public var annotations: Labels = .empty

    public init(kind: Kind, expr: String) {
        self.kind = kind
        self.expr = expr
    }

    public static func recording(_ name: String, _ expr: String) -> Rule { Rule(kind: .recording(name), expr: expr) }
    public static func alerting(_ name: String, _ expr: String) -> Rule { Rule(kind: .alerting(name), expr: expr) }

    public var name: String {
        switch kind {
        case .recording(let n), .alerting(let n): return n
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case record, alert, expr
        case forDuration = "for"
        case keepFiringFor = "keep_firing_for"
        case labels, annotations
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch kind {
        case .recording(let n): try c.encode(n, forKey: .record)
        case .alerting(let n): try c.encode(n, forKey: .alert)
        }
        try c.encode(expr, forKey: .expr)
        if forDuration != .zero { try c.encode(forDuration, forKey: .forDuration) }
        if keepFiringFor != .zero { try c.encode(keepFiringFor, forKey: .keepFiringFor) }
        try c.encodeLabels(labels, forKey: .labels)
        try c.encodeLabels(annotations, forKey: .annotations)
    }
}
