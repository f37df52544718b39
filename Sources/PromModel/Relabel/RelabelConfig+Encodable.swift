/// Prints a relabel rule with Prometheus's field names, as `/api/v1/status/config` shows it.
extension RelabelConfig: Encodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case sourceLabels = "source_labels"
        case separator
        case regex
        case modulus
        case targetLabel = "target_label"
        case replacement
        case action
    }

    /// The field names accepted in a `relabel_config` YAML mapping.
    public static let fieldNames: [String] = CodingKeys.allCases.map(\.rawValue)

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if let sourceLabels, !sourceLabels.isEmpty { try c.encode(sourceLabels, forKey: .sourceLabels) }
        try c.encode(separator, forKey: .separator)
        try c.encode(regex.pattern, forKey: .regex)
        if modulus != 0 { try c.encode(modulus, forKey: .modulus) }
        if !targetLabel.isEmpty { try c.encode(targetLabel, forKey: .targetLabel) }
        try c.encode(replacement, forKey: .replacement)
        try c.encode(action.rawValue, forKey: .action)
    }
}
