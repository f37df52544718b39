public import PromModel

/// Which metric and label names are valid: any UTF-8 (Prometheus 3 default) or the legacy character set.
public enum NameValidationScheme: String, Sendable, Hashable, Encodable {
    case utf8
    case legacy

    public func isValidLabelName(_ name: String) -> Bool {
        switch self {
        case .utf8: return LabelName.isValid(name)
        case .legacy: return LabelName.isLegacyValid(name)
        }
    }
}

/// How a scrape asks targets to escape names outside the legacy character set (`escaping=` in Accept).
public enum NameEscapingScheme: String, Sendable, Hashable, CaseIterable, Encodable {
    case allowUTF8 = "allow-utf-8"
    case underscores
    case dots
    case values

    /// Prometheus's default: no escaping with UTF-8 validation, underscores with legacy validation.
    public static func defaultFor(_ validation: NameValidationScheme) -> NameEscapingScheme {
        validation == .utf8 ? .allowUTF8 : .underscores
    }
}

extension NodeDecoder {
    public func nameEscapingScheme() throws(ConfigError) -> NameEscapingScheme {
        let text = try string()
        guard let s = NameEscapingScheme(rawValue: text) else {
            let known = NameEscapingScheme.allCases.map(\.rawValue).joined(separator: ", ")
            throw error("unknown metric_name_escaping_scheme \(quoted(text)); expected one of: \(known)")
        }
        return s
    }

    public func nameValidationScheme() throws(ConfigError) -> NameValidationScheme {
        let text = try string()
        if text.isEmpty { return .utf8 }
        guard let s = NameValidationScheme(rawValue: text) else {
            throw error("unknown name validation method \(quoted(text)); expected \"utf8\" or \"legacy\"")
        }
        return s
    }

    /// A label mapping (`labels:`, `external_labels:`): valid names, `__name__` excluded when asked.
    func labels(scheme: NameValidationScheme, allowMetricName: Bool = true, expandEnvironment: Bool = false)
        throws(ConfigError) -> Labels
    {
        var builder = LabelsBuilder()
        for e in try entries() {
            if !scheme.isValidLabelName(e.key) || (!allowMetricName && e.key == LabelName.metricName) {
                throw e.keyNode.error("\(quoted(e.key)) is not a valid label name", path: path)
            }
            var value = try e.value.string()
            if expandEnvironment { value = expandVariables(value, environment) }
            builder.set(e.key, value)
        }
        return builder.labels()
    }
}

/// Go's `os.Expand` as Prometheus uses it for external labels: `${VAR}` and `$VAR` are replaced by the
/// variable's value ("" when unset) and `$$` is a literal `$`.
func expandVariables(_ s: String, _ env: [String: String]) -> String {
    guard s.contains("$") else { return s }
    let chars = Array(s.unicodeScalars)
    var out = String.UnicodeScalarView()
    var i = 0
    func isNameChar(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "_"
    }
    while i < chars.count {
        guard chars[i] == "$", i + 1 < chars.count else {
            out.append(chars[i])
            i += 1
            continue
        }
        let next = chars[i + 1]
        if next == "$" {
            out.append("$")
            i += 2
        } else if next == "{" {
            guard let close = chars[(i + 2)...].firstIndex(of: "}") else {
                out.append(contentsOf: chars[i...])
                break
            }
            let name = String(String.UnicodeScalarView(chars[(i + 2)..<close]))
            out.append(contentsOf: (env[name] ?? "").unicodeScalars)
            i = close + 1
        } else if isNameChar(next) {
            var j = i + 1
            while j < chars.count, isNameChar(chars[j]) { j += 1 }
            let name = String(String.UnicodeScalarView(chars[(i + 1)..<j]))
            out.append(contentsOf: (env[name] ?? "").unicodeScalars)
            i = j
        } else {
            out.append("$")
            i += 1
        }
    }
    return String(out)
}
