import Foundation
public import PromModel
import Yams

extension RuleFile {
    /// Checks a PromQL expression; returns an error message, or nil when it is valid.
    public typealias ExpressionValidator = @Sendable (String) -> String?

    /// Reads and validates a rule file.
    public static func load(path: String, validateExpression: ExpressionValidator? = nil) throws(ConfigError) -> RuleFile {
        let text = try PrometheusConfig.readFile(path, reportedAs: path)
        return try parse(yaml: text, filename: path, validateExpression: validateExpression)
    }

    /// Parses and validates rule file text; `filename` is only used in messages.
    public static func parse(
        yaml: String, filename: String, validateExpression: ExpressionValidator? = nil
    ) throws(ConfigError) -> RuleFile {
        guard let root = try PrometheusConfig.compose(yaml, filename: filename, directory: "", environment: [:]) else {
            return RuleFile()
        }
        let o = try root.object(CodingKeys.allCases.map(\.rawValue))
        var file = RuleFile()
        var names: [String: Int] = [:]
        for d in try o["groups"]?.sequence() ?? [] {
            let g = try d.ruleGroup(validateExpression: validateExpression)
            if let line = names[g.name] {
                throw d.error("groupname \(quoted(g.name)) is repeated in the same file (first on line \(line))")
            }
            names[g.name] = d.node.mark?.line ?? 0
            file.groups.append(g)
        }
        return file
    }

    /// The file as YAML, as the operator writes it for the server.
    public func yaml() throws -> String { try YAMLEncoder().encode(self) }
}

extension NodeDecoder {
    func ruleGroup(validateExpression: RuleFile.ExpressionValidator?) throws(ConfigError) -> RuleGroup {
        let o = try object(RuleGroup.CodingKeys.allCases.map(\.rawValue))
        guard let name = try o.string("name"), !name.isEmpty else {
            throw o.objectError(at: "name", "group name must not be empty")
        }
        var g = RuleGroup(name: name)
        if let d = o["interval"] {
            let v = try d.duration()
            if v == .zero { throw d.error("interval must be greater than 0") }
            g.interval = v
        }
        if let v = try o.int("limit") {
            if v < 0 { throw o.error(at: "limit", "limit must not be negative, got \(v)") }
            g.limit = v
        }
        g.queryOffset = try o.duration("query_offset")
        if let d = o["labels"] { g.labels = try d.ruleLabels() }
        g.rules = try o.list("rules") { d throws(ConfigError) in try d.rule(validateExpression: validateExpression) }
        return g
    }

    func rule(validateExpression: RuleFile.ExpressionValidator?) throws(ConfigError) -> Rule {
        let o = try object(Rule.CodingKeys.allCases.map(\.rawValue))
        let record = try o.string("record")
        let alert = try o.string("alert")
        let kind: Rule.Kind
        switch (record, alert) {
        case (nil, nil), ("", nil), (nil, ""):
            throw o.objectError(at: nil, "one of 'record' or 'alert' must be set")
        case (let r?, nil):
            // Prometheus 3 accepts any UTF-8 metric name, so a non-empty name is enough.
            kind = .recording(r)
        case (nil, let a?):
            kind = .alerting(a)
        default:
            throw o.objectError(at: "alert", "only one of 'record' and 'alert' must be set")
        }
        guard let exprNode = o["expr"] else { throw o.objectError(at: "expr", "field 'expr' must be set in rule") }
        let expr = try exprNode.string()
        if expr.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw exprNode.error("field 'expr' must be set in rule")
        }
        if let validateExpression, let problem = validateExpression(expr) {
            throw exprNode.error("invalid expression: \(problem)")
        }
        var r = Rule(kind: kind, expr: expr)
        if case .recording = kind {
            for field in ["for", "keep_firing_for", "annotations"] where o.has(field) {
                throw o.objectError(at: field, "invalid field '\(field)' in recording rule")
            }
        }
        r.forDuration = try o.duration("for") ?? .zero
        r.keepFiringFor = try o.duration("keep_firing_for") ?? .zero
        if let d = o["labels"] { r.labels = try d.ruleLabels() }
        if let d = o["annotations"] { r.annotations = try d.ruleLabels(allowMetricName: true) }
        return r
    }

    /// Rule and group labels: valid names, and `__name__` only where Prometheus allows it.
    func ruleLabels(allowMetricName: Bool = false) throws(ConfigError) -> Labels {
        var b = LabelsBuilder()
        for e in try entries() {
            if !LabelName.isValid(e.key) || (!allowMetricName && e.key == LabelName.metricName) {
                throw e.keyNode.error("invalid label name \(quoted(e.key))", path: path)
            }
            b.set(e.key, try e.value.string())
        }
        return b.labels()
    }
}
