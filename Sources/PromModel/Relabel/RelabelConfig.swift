/// What a relabel rule does with the concatenated source value or the label names.
public enum RelabelAction: String, Sendable, Hashable, CaseIterable, Codable {
    case replace
    case keep
    case drop
    case keepequal
    case dropequal
    case hashmod
    case labelmap
    case labeldrop
    case labelkeep
    case lowercase
    case uppercase

    /// Parses an action case-insensitively, as Prometheus does (`Replace` and `replace` are the same).
    public init?(parsing s: String) {
        self.init(rawValue: s.lowercased())
    }
}

/// One `relabel_config` rule. Defaults are Prometheus's: separator ";", regex "(.*)", replacement "$1",
/// action replace.
///
/// `sourceLabels` is nil when the field was absent: `labeldrop`/`labelkeep` reject an explicit empty list the
/// same as Prometheus does only when it was written.
public struct RelabelConfig: Sendable, Hashable {
    public static let defaultRegex: PromRegex = try! PromRegex("(.*)")
    public static let defaultSeparator = ";"
    public static let defaultReplacement = "$1"

    public var sourceLabels: [String]?
    public var separator: String
    public var regex: PromRegex
    public var modulus: UInt64
    public var targetLabel: String
    public var replacement: String
    public var action: RelabelAction

    public init(
        sourceLabels: [String]? = nil,
        separator: String = RelabelConfig.defaultSeparator,
        regex: PromRegex = RelabelConfig.defaultRegex,
        modulus: UInt64 = 0,
        targetLabel: String = "",
        replacement: String = RelabelConfig.defaultReplacement,
        action: RelabelAction = .replace
    ) {
        self.sourceLabels = sourceLabels
        self.separator = separator
        self.regex = regex
        self.modulus = modulus
        self.targetLabel = targetLabel
        self.replacement = replacement
        self.action = action
    }

    /// Checks the combination of fields the way Prometheus does; the error text names the field at fault.
    public func validate() throws(RelabelConfigError) {
        let a = action.rawValue
        if action == .hashmod && modulus == 0 {
            throw RelabelConfigError("relabel configuration for hashmod requires non-zero modulus")
        }
        let needsTarget: Set<RelabelAction> = [.replace, .hashmod, .lowercase, .uppercase, .keepequal, .dropequal]
        if needsTarget.contains(action) && targetLabel.isEmpty {
            throw RelabelConfigError("relabel configuration for \(a) action requires 'target_label' value")
        }
        if let names = sourceLabels {
            for n in names where !LabelName.isValid(n) {
                throw RelabelConfigError("\(quoteLabelValue(n)) is not a valid label name in 'source_labels'")
            }
        }
        // A replace target may contain `$1`-style references; it is then checked after expansion, per sample.
        if action == .replace && !Self.hasTemplateVariable(targetLabel) && !LabelName.isValid(targetLabel) {
            throw RelabelConfigError("\(quoteLabelValue(targetLabel)) is invalid 'target_label' for \(a) action")
        }
        let equalOrCase: Set<RelabelAction> = [.lowercase, .uppercase, .keepequal, .dropequal]
        if equalOrCase.contains(action) || action == .hashmod {
            if !LabelName.isValid(targetLabel) || Self.hasTemplateVariable(targetLabel) {
                throw RelabelConfigError("\(quoteLabelValue(targetLabel)) is invalid 'target_label' for \(a) action")
            }
        }
        if equalOrCase.contains(action) && replacement != Self.defaultReplacement {
            throw RelabelConfigError("'replacement' can not be set for \(a) action")
        }
        if action == .labelmap && replacement.isEmpty {
            throw RelabelConfigError("\(quoteLabelValue(replacement)) is invalid 'replacement' for \(a) action")
        }
        if action == .keepequal || action == .dropequal {
            if regex != Self.defaultRegex || modulus != 0 || separator != Self.defaultSeparator
                || replacement != Self.defaultReplacement
            {
                throw RelabelConfigError("\(a) action requires only 'source_labels' and `target_label`, and no other fields")
            }
        }
        if action == .labeldrop || action == .labelkeep {
            if sourceLabels != nil || !targetLabel.isEmpty || modulus != 0 || separator != Self.defaultSeparator
                || replacement != Self.defaultReplacement
            {
                throw RelabelConfigError("\(a) action requires only 'regex', and no other fields")
            }
        }
    }

    /// Whether `s` contains a `$name` or `${name}` reference (Prometheus's `varInRegexTemplate`).
    static func hasTemplateVariable(_ s: String) -> Bool {
        s.contains("$")
    }
}

/// A relabel rule whose fields do not fit together; `message` uses Prometheus's wording.
public struct RelabelConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
