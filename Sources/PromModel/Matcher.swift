/// A label matcher: `name op "value"`.
public struct Matcher: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case equal = "="
        case notEqual = "!="
        case regexMatch = "=~"
        case regexNoMatch = "!~"
    }

    public let kind: Kind
    public let name: String
    public let value: String
    public let regex: PromRegex?

    public init(_ kind: Kind, _ name: String, _ value: String) throws(RegexError) {
        self.kind = kind
        self.name = name
        self.value = value
        switch kind {
        case .regexMatch, .regexNoMatch: regex = try PromRegex(value)
        case .equal, .notEqual: regex = nil
        }
    }

    /// For `=` and `!=`, which cannot fail.
    public static func equal(_ name: String, _ value: String) -> Matcher {
        try! Matcher(.equal, name, value)
    }

    public static func notEqual(_ name: String, _ value: String) -> Matcher {
        try! Matcher(.notEqual, name, value)
    }

    /// Whether a label value (empty when the label is absent) satisfies the matcher.
    public func matches(_ v: String) -> Bool {
        switch kind {
        case .equal: return v == value
        case .notEqual: return v != value
        case .regexMatch: return regex!.matches(v)
        case .regexNoMatch: return !regex!.matches(v)
        }
    }

    /// Whether the matcher accepts a series that lacks the label entirely.
    public var matchesEmpty: Bool { matches("") }

    public var description: String {
        let n = LabelName.isLegacyValid(name) ? name : quoteLabelValue(name)
        return "\(n)\(kind.rawValue)\(quoteLabelValue(value))"
    }

    public static func == (a: Matcher, b: Matcher) -> Bool {
        a.kind == b.kind && a.name == b.name && a.value == b.value
    }

    public func hash(into h: inout Hasher) {
        h.combine(kind)
        h.combine(name)
        h.combine(value)
    }
}

extension Labels {
    /// Whether every matcher accepts this label set.
    public func matches(_ matchers: [Matcher]) -> Bool {
        for m in matchers where !m.matches(get(m.name)) { return false }
        return true
    }
}
