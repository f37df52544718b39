/// Applies relabel rules in order; nil means the label set was dropped (by keep, drop, keepequal, dropequal).
///
/// Semantics follow Prometheus's `relabel.Process`: absent source labels read as "", a label set to "" is
/// deleted, and a `replace` whose regex does not match changes nothing.
public func relabel(_ labels: Labels, _ configs: [RelabelConfig]) -> Labels? {
    if configs.isEmpty { return labels }
    var builder = labels.builder()
    for config in configs where !relabel(&builder, config) { return nil }
    return builder.labels()
}

/// Applies one rule to `builder`; returns false when the rule drops the label set.
public func relabel(_ builder: inout LabelsBuilder, _ config: RelabelConfig) -> Bool {
    let value = sourceValue(builder, config)
    switch config.action {
    case .drop:
        if config.regex.matches(value) { return false }
    case .keep:
        if !config.regex.matches(value) { return false }
    case .dropequal:
        if builder.get(config.targetLabel) == value { return false }
    case .keepequal:
        if builder.get(config.targetLabel) != value { return false }
    case .replace:
        applyReplace(&builder, config, value)
    case .lowercase:
        builder.set(config.targetLabel, value.lowercased())
    case .uppercase:
        builder.set(config.targetLabel, value.uppercased())
    case .hashmod:
        builder.set(config.targetLabel, String(hashmod(value, config.modulus)))
    case .labelmap:
        for label in builder.current {
            if let m = config.regex.wholeMatch(label.name) {
                builder.set(m.expand(config.replacement), label.value)
            }
        }
    case .labeldrop:
        builder.filter { !config.regex.matches($0.name) }
    case .labelkeep:
        builder.filter { config.regex.matches($0.name) }
    }
    return true
}

/// Prometheus's hashmod: the last 8 bytes of the MD5 of `value`, big-endian, modulo `modulus`.
///
/// Prometheus keeps the last 8 bytes "to give the same result as earlier versions", so targets stay on the
/// same shard when moving between Prometheus and Sextant.
public func hashmod(_ value: String, _ modulus: UInt64) -> UInt64 {
    guard modulus > 0 else { return 0 }
    let digest = MD5.digest(value.utf8)
    var n: UInt64 = 0
    for b in digest[8..<16] { n = n << 8 | UInt64(b) }
    return n % modulus
}

private func sourceValue(_ builder: LabelsBuilder, _ config: RelabelConfig) -> String {
    guard let names = config.sourceLabels, !names.isEmpty else { return "" }
    if names.count == 1 { return builder.get(names[0]) }
    var out = ""
    for (i, name) in names.enumerated() {
        if i > 0 { out += config.separator }
        out += builder.get(name)
    }
    return out
}

private func applyReplace(_ builder: inout LabelsBuilder, _ config: RelabelConfig, _ value: String) {
    // Fast path (as in Prometheus): with the default regex and no references, the result is the literal
    // replacement whatever the value, so the regex engine is not needed.
    if value.isEmpty && config.regex == RelabelConfig.defaultRegex
        && !RelabelConfig.hasTemplateVariable(config.targetLabel)
        && !RelabelConfig.hasTemplateVariable(config.replacement)
    {
        builder.set(config.targetLabel, config.replacement)
        return
    }
    // Without references only "does it match" matters, which PromRegex answers without captures
    // (and, for literals, prefixes and alternations, without the regex engine).
    if !RelabelConfig.hasTemplateVariable(config.targetLabel) && !RelabelConfig.hasTemplateVariable(config.replacement) {
        guard config.regex == RelabelConfig.defaultRegex || config.regex.matches(value) else { return }
        if config.replacement.isEmpty {
            builder.delete(config.targetLabel)
        } else {
            builder.set(config.targetLabel, config.replacement)
        }
        return
    }
    guard let m = config.regex.wholeMatch(value) else { return }
    let target = m.expand(config.targetLabel)
    guard LabelName.isValid(target) else { return }
    let result = m.expand(config.replacement)
    if result.isEmpty {
        builder.delete(target)
    } else {
        builder.set(target, result)
    }
}
