/// A fully anchored regular expression with Prometheus (RE2) semantics.
///
/// Prometheus anchors every label regex at both ends (`^(?:re)$`). RE2 has no backreferences and no
/// lookaround, so those are rejected here too: a config that Prometheus refuses must not load in Sextant.
/// Common shapes (literals, `.*`, `.+`, literal alternations, literal prefixes) are answered without
/// running the regex engine at all.
public struct PromRegex: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    @usableFromInline let fast: FastPath
    let compiled: CompiledRegex?

    @usableFromInline
    enum FastPath: Sendable, Hashable {
        case literal(String)
        case anything          // .*
        case nonEmpty          // .+
        case alternation(Set<String>)
        case prefix(String)    // foo.*
        case affixes(String, String)  // foo.*bar, .*bar
        case none
    }

    public init(_ pattern: String) throws(RegexError) {
        try Self.validateRE2(pattern)
        self.pattern = pattern
        self.fast = Self.analyze(pattern)
        do {
            self.compiled = try CompiledRegex("^(?:" + pattern + ")$")
        } catch {
            throw RegexError(pattern: pattern, reason: "\(error)")
        }
    }

    public var description: String { pattern }

    public static func == (a: PromRegex, b: PromRegex) -> Bool { a.pattern == b.pattern }
    public func hash(into h: inout Hasher) { h.combine(pattern) }

    /// Whether the whole of `s` matches.
    public func matches(_ s: String) -> Bool {
        switch fast {
        case .literal(let l): return s == l
        case .anything: return !s.contains("\n")
        case .nonEmpty: return !s.isEmpty && !s.contains("\n")
        case .alternation(let set): return set.contains(s)
        case .prefix(let p): return s.utf8.starts(with: p.utf8) && !s.utf8.contains(0x0A)
        case .affixes(let p, let x):
            // Byte-wise, as RE2 matches: `.*` between the two literals takes any bytes but a newline.
            let u = s.utf8, pu = p.utf8, xu = x.utf8
            guard u.count >= pu.count + xu.count, u.starts(with: pu), u.reversed().starts(with: xu.reversed()) else {
                return false
            }
            return !u.dropFirst(pu.count).dropLast(xu.count).contains(0x0A)
        case .none: return compiled!.wholeMatch(s)
        }
    }

    /// Capture groups of a whole match (index 0 is the whole string), or nil when it does not match.
    public func captures(_ s: String) -> [Substring?]? {
        compiled!.captures(s)
    }

    /// Literal alternatives when the regex is a plain set of strings; postings use this to avoid scanning values.
    public var literalAlternatives: Set<String>? {
        switch fast {
        case .literal(let l): return [l]
        case .alternation(let s): return s
        default: return nil
        }
    }

    /// The literal prefix every match starts with, if the regex is `prefix.*`.
    public var literalPrefix: String? {
        if case .prefix(let p) = fast { return p }
        if case .affixes(let p, _) = fast, !p.isEmpty { return p }
        return nil
    }

    public var matchesEverything: Bool { fast == .anything }
    public var matchesEmpty: Bool { matches("") }

    static let meta: Set<Character> = ["\\", ".", "+", "*", "?", "(", ")", "|", "[", "]", "{", "}", "^", "$"]

    static func isLiteral(_ s: Substring) -> Bool { !s.contains(where: { meta.contains($0) }) }

    static func analyze(_ p: String) -> FastPath {
        if p == ".*" { return .anything }
        if p == ".+" { return .nonEmpty }
        if isLiteral(p[...]) { return .literal(p) }
        if p.hasSuffix(".*") {
            let head = p.dropLast(2)
            if isLiteral(head) { return .prefix(String(head)) }
        }
        if p.contains("|") && !p.contains(where: { meta.contains($0) && $0 != "|" }) {
            return .alternation(Set(p.split(separator: "|", omittingEmptySubsequences: false).map(String.init)))
        }
        if let dot = p.indices.first(where: { p[$0] == "." && p[p.index(after: $0)...].first == "*" }) {
            let head = p[..<dot], tail = p[p.index(dot, offsetBy: 2)...]
            if isLiteral(head) && isLiteral(tail) { return .affixes(String(head), String(tail)) }
        }
        if let set = expandSmall(p) { return .alternation(set) }
        return .none
    }

    /// The strings a small regex of literals and character classes matches (`job-[0-4]`, `a[xy]|b`), as
    /// Prometheus's matcher expands them, so that postings look them up instead of testing every value.
    /// nil for anything else or when there would be more than 64 strings.
    static func expandSmall(_ p: String) -> Set<String>? {
        guard p.contains("["), !p.contains(where: { "\\.+*?(){}^$".contains($0) }) else { return nil }
        var out = Set<String>()
        for alternative in p.split(separator: "|", omittingEmptySubsequences: false) {
            var partial: [String] = [""]
            var chars = alternative.makeIterator()
            while let c = chars.next() {
                guard c == "[" else {
                    partial = partial.map { $0 + String(c) }
                    continue
                }
                // A class: plain characters and ASCII ranges, no negation; `]` first is a literal.
                var members: [Character] = []
                var first = true
                var closed = false
                var pendingRange = false
                var lastWasRange = false
                while let d = chars.next() {
                    guard d.isASCII else { return nil }
                    if d == "]" && !first {
                        closed = true
                        break
                    }
                    first = false
                    if d == "-", !members.isEmpty, !pendingRange {
                        // A range needs a following member; `-` last in the class is literal.
                        if lastWasRange { return nil }
                        pendingRange = true
                        continue
                    }
                    lastWasRange = false
                    if d == "[" { return nil }
                    if pendingRange {
                        pendingRange = false
                        guard let lo = members.last?.asciiValue, let hi = d.asciiValue, lo <= hi else { return nil }
                        if lo < hi { members += (lo + 1...hi).map { Character(UnicodeScalar($0)) } }
                        lastWasRange = true
                        continue
                    }
                    members.append(d)
                }
                if pendingRange { members.append("-") }
                guard closed, !members.isEmpty else { return nil }
                let unique = Array(Set(members))
                guard partial.count * unique.count <= 64 else { return nil }
                partial = partial.flatMap { pre in unique.map { pre + String($0) } }
            }
            out.formUnion(partial)
            if out.count > 64 { return nil }
        }
        return out
    }

    /// Rejects constructs RE2 does not have.
    static func validateRE2(_ p: String) throws(RegexError) {
        let chars = Array(p)
        var i = 0
        var inClass = false
        while i < chars.count {
            let c = chars[i]
            if c == "\\" {
                if i + 1 < chars.count {
                    let n = chars[i + 1]
                    if !inClass, n.isNumber, n != "0" {
                        throw RegexError(pattern: p, reason: "invalid escape sequence: `\\\(n)` (backreferences are not supported)")
                    }
                    if "ZGXRhHKNVvo".contains(n) && !inClass {
                        throw RegexError(pattern: p, reason: "invalid escape sequence: `\\\(n)`")
                    }
                } else {
                    throw RegexError(pattern: p, reason: "trailing backslash at end of expression")
                }
                i += 2
                continue
            }
            if inClass {
                if c == "]" { inClass = false }
            } else if c == "[" {
                inClass = true
                if i + 1 < chars.count, chars[i + 1] == "]" { i += 1 }
            } else if c == "(", i + 2 < chars.count, chars[i + 1] == "?" {
                let n = chars[i + 2]
                if n == "=" || n == "!" || (n == "<" && i + 3 < chars.count && (chars[i + 3] == "=" || chars[i + 3] == "!")) {
                    throw RegexError(pattern: p, reason: "invalid or unsupported Perl syntax: `(?\(n)` (lookaround is not supported)")
                }
                if n == ">" {
                    throw RegexError(pattern: p, reason: "invalid or unsupported Perl syntax: `(?>` (atomic groups are not supported)")
                }
            } else if (c == "+" || c == "*" || c == "?" || c == "}"), i + 1 < chars.count, chars[i + 1] == "+" {
                throw RegexError(pattern: p, reason: "invalid nested repetition operator: `\(c)+`")
            }
            i += 1
        }
    }
}

public struct RegexError: Error, Sendable, Equatable, CustomStringConvertible {
    public var pattern: String
    public var reason: String
    public var description: String { "error parsing regexp: \(reason) in `\(pattern)`" }
}

/// Holds the standard-library regex; Regex<AnyRegexOutput> is a value type that is safe to share
/// for matching but is not declared Sendable.
final class CompiledRegex: @unchecked Sendable {
    let regex: Regex<AnyRegexOutput>

    init(_ pattern: String) throws {
        regex = try Regex(pattern)
    }

    func wholeMatch(_ s: String) -> Bool {
        (try? regex.wholeMatch(in: s)) != nil
    }

    func captures(_ s: String) -> [Substring?]? {
        guard let m = try? regex.wholeMatch(in: s) else { return nil }
        return m.output.map { $0.substring }
    }
}
