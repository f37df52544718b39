public import PromModel

extension NodeDecoder {
    /// Reads one `relabel_config` and checks it with Prometheus's rules.
    public func relabelConfig() throws(ConfigError) -> RelabelConfig {
        let o = try object(RelabelConfig.fieldNames)
        var rc = RelabelConfig()
        rc.sourceLabels = try o.stringList("source_labels")
        if let s = try o.string("separator") { rc.separator = s }
        if let d = o["regex"] { rc.regex = try d.regex() }
        if let m = try o.uint("modulus") { rc.modulus = m }
        if let t = try o.string("target_label") { rc.targetLabel = t }
        if let r = try o.string("replacement") { rc.replacement = r }
        if let d = o["action"] {
            let text = try d.string()
            guard let a = RelabelAction(parsing: text) else {
                let known = RelabelAction.allCases.map(\.rawValue).joined(separator: ", ")
                throw d.error("unknown relabel action \(quoted(text)); expected one of: \(known)")
            }
            rc.action = a
        } else if o.has("action") {
            throw o.error(at: "action", "relabel action cannot be empty")
        }
        do {
            try rc.validate()
        } catch {
            throw o.objectError(at: Self.fieldAtFault(error.message, rc.action, o), error.message)
        }
        return rc
    }

    /// A regex that must be valid RE2 (Prometheus anchors it at both ends).
    public func regex() throws(ConfigError) -> PromRegex {
        let pattern = try string()
        do {
            return try PromRegex(pattern)
        } catch {
            throw self.error("invalid regex \(quoted(pattern)): \(error.reason)")
        }
    }

    /// Points the error at the field the message names, so the line shown is the one to edit.
    static func fieldAtFault(_ message: String, _ action: RelabelAction, _ o: ObjectDecoder) -> String? {
        if message.contains("requires only") {
            let allowed: Set<String> =
                action == .labeldrop || action == .labelkeep ? ["regex", "action"] : ["source_labels", "target_label", "action"]
            let fields = ["source_labels", "separator", "regex", "modulus", "target_label", "replacement"]
            if let extra = fields.first(where: { o.has($0) && !allowed.contains($0) }) { return extra }
        }
        for field in ["target_label", "replacement", "modulus", "source_labels", "regex"] where message.contains(field) {
            return field
        }
        return "action"
    }
}
