/// Renders PrometheusRule objects into rule files and packs them into ConfigMaps below the 1 MiB object limit.
package enum RuleFileRenderer {
    /// A rule file in Prometheus's format (`groups:`), named after the object it came from.
    package struct RuleFile: Equatable, Sendable {
        package var name: String
        package var content: String
    }

    /// The rule file for one PrometheusRule: `<namespace>-<name>.yaml`.
    package static func render(_ rule: PrometheusRule) throws -> RuleFile {
        RuleFile(name: "\(rule.namespace)-\(rule.name).yaml", content: try YAMLWriter.encode(FileBody(rule.spec)))
    }

    /// Bytes per ConfigMap: under the apiserver's 1 MiB object limit with room for metadata and annotations.
    package static let configMapBudget = 900 * 1024

    /// Packs files (sorted by name) into as few ConfigMaps as fit the budget, in a stable way.
    /// A single file larger than the budget gets a ConfigMap of its own (the apiserver will report it).
    package static func pack(_ files: [RuleFile], budget: Int = configMapBudget) -> [[String: String]] {
        var maps: [[String: String]] = []
        var current: [String: String] = [:]
        var size = 0
        for f in files.sorted(by: { $0.name < $1.name }) {
            let n = f.content.utf8.count + f.name.utf8.count
            if size + n > budget, !current.isEmpty {
                maps.append(current)
                current = [:]
                size = 0
            }
            current[f.name] = f.content
            size += n
        }
        if !current.isEmpty { maps.append(current) }
        return maps
    }

    /// The body of a rule file; keys as Prometheus spells them, expressions always strings.
    struct FileBody: Encodable {
        var spec: PrometheusRuleSpec
        init(_ spec: PrometheusRuleSpec) { self.spec = spec }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: AnyKey.self)
            try c.encode((spec.groups ?? []).map(GroupBody.init), forKey: AnyKey("groups"))
        }
    }

    struct GroupBody: Encodable {
        var g: RuleGroup
        init(_ g: RuleGroup) { self.g = g }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: AnyKey.self)
            try c.encode(g.name, forKey: AnyKey("name"))
            try c.encodeIfPresent(g.interval, forKey: AnyKey("interval"))
            try c.encodeIfPresent(g.query_offset, forKey: AnyKey("query_offset"))
            try c.encodeIfPresent(g.limit, forKey: AnyKey("limit"))
            if let l = g.labels { try c.encode(SortedObject(l), forKey: AnyKey("labels")) }
            try c.encode((g.rules ?? []).map(RuleBody.init), forKey: AnyKey("rules"))
        }
    }

    struct RuleBody: Encodable {
        var r: Rule
        init(_ r: Rule) { self.r = r }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: AnyKey.self)
            try c.encodeIfPresent(r.record, forKey: AnyKey("record"))
            try c.encodeIfPresent(r.alert, forKey: AnyKey("alert"))
            try c.encode(r.expr.description, forKey: AnyKey("expr"))
            try c.encodeIfPresent(r.for, forKey: AnyKey("for"))
            try c.encodeIfPresent(r.keep_firing_for, forKey: AnyKey("keep_firing_for"))
            if let l = r.labels { try c.encode(SortedObject(l), forKey: AnyKey("labels")) }
            if let a = r.annotations { try c.encode(SortedObject(a), forKey: AnyKey("annotations")) }
        }
    }
}
