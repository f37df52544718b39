/// The submatches of one whole-string regex match, for `$1`/`${name}` template expansion.
public struct RegexMatch: Sendable {
    /// Group 0 is the whole input; nil for groups that did not take part in the match.
    public var groups: [Substring?]
    /// Group names by index (nil for unnamed groups), same count as `groups`.
    public var names: [String?]

    public init(groups: [Substring?], names: [String?]) {
        self.groups = groups
        self.names = names
    }
}

extension PromRegex {
    /// Matches the whole of `s` and returns its groups with their names, or nil when it does not match.
    ///
    /// The default relabel regex `(.*)` is answered without the regex engine; like Prometheus 3 (which
    /// compiles relabel regexes with `(?s:…)`), it then also matches values that contain newlines.
    public func wholeMatch(_ s: String) -> RegexMatch? {
        if pattern == "(.*)" { return RegexMatch(groups: [s[...], s[...]], names: [nil, nil]) }
        guard let compiled, let m = try? compiled.regex.wholeMatch(in: s) else { return nil }
        var groups: [Substring?] = []
        var names: [String?] = []
        groups.reserveCapacity(m.output.count)
        for element in m.output {
            groups.append(element.substring)
            names.append(element.name)
        }
        return RegexMatch(groups: groups, names: names)
    }
}

extension RegexMatch {
    /// Expands `template` like Go's `regexp.Expand`: `$1`, `${1}`, `$name`, `${name}` are replaced by the
    /// group's text; `$$` is a literal `$`.
    ///
    /// As in Go, a reference takes the longest run of letters, digits and underscores (`$1x` means group
    /// `1x`, not group 1 followed by `x`); unknown groups and out-of-range numbers expand to "", and a `$`
    /// that does not start a valid reference is copied as-is.
    public func expand(_ template: String) -> String {
        guard template.utf8.contains(UInt8(ascii: "$")) else { return template }
        var out = ""
        let bytes = Array(template.utf8)
        var i = 0
        var literalStart = 0
        func flushLiteral(upTo end: Int) {
            if end > literalStart { out += String(decoding: bytes[literalStart..<end], as: UTF8.self) }
        }
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "$") else {
                i += 1
                continue
            }
            flushLiteral(upTo: i)
            if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "$") {
                out += "$"
                i += 2
                literalStart = i
                continue
            }
            guard let (name, next) = Self.reference(in: bytes, at: i + 1) else {
                // Not a reference: Go keeps the `$` and carries on after it.
                out += "$"
                i += 1
                literalStart = i
                continue
            }
            out += group(named: name)
            i = next
            literalStart = i
        }
        flushLiteral(upTo: bytes.count)
        return out
    }

    /// The text of the group a reference names: a number without leading zeros, or a group name.
    func group(named name: String) -> String {
        if let n = Self.groupNumber(name) {
            guard n < groups.count, let g = groups[n] else { return "" }
            return String(g)
        }
        for (i, groupName) in names.enumerated() where groupName == name {
            return groups[i].map(String.init) ?? ""
        }
        return ""
    }

    static func groupNumber(_ name: String) -> Int? {
        guard name.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        if name.utf8.count > 1 && name.utf8.first == 0x30 { return nil }
        guard name.utf8.count <= 8 else { return Int.max }
        return Int(name)
    }

    /// Parses `name` or `{name}` starting at `start` (just after the `$`); returns the name and the index after it.
    static func reference(in bytes: [UInt8], at start: Int) -> (String, Int)? {
        guard start < bytes.count else { return nil }
        let braced = bytes[start] == UInt8(ascii: "{")
        var i = braced ? start + 1 : start
        let nameStart = i
        while i < bytes.count, isWordByte(bytes[i]) { i += 1 }
        guard i > nameStart else { return nil }
        let name = String(decoding: bytes[nameStart..<i], as: UTF8.self)
        if braced {
            guard i < bytes.count, bytes[i] == UInt8(ascii: "}") else { return nil }
            i += 1
        }
        return (name, i)
    }

    static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
    }
}
