/// Splits a PromQL query into tokens. Works on UTF-8 bytes; positions are byte offsets, as in Prometheus.
///
/// Comments (`# …` to end of line) and whitespace are skipped. Words may contain `:` except inside
/// brackets, where `:` separates a subquery's range from its step.
struct Lexer {
    let bytes: [UInt8]
    let source: String
    var i = 0
    var bracketDepth = 0
    var braceDepth = 0

    init(_ source: String) {
        self.source = source
        self.bytes = Array(source.utf8)
    }

    /// All tokens, ending with `.eof`. Unbalanced parentheses and brackets fail with Prometheus's
    /// lexer messages ("unclosed left parenthesis", "unexpected right parenthesis ')'").
    static func tokenize(_ source: String) throws(ParseError) -> [Token] {
        var lx = Lexer(source)
        var out: [Token] = []
        var parens = 0, braces = 0, colons = 0
        while true {
            let t = try lx.next()
            func fail(_ m: String) -> ParseError { ParseError(query: source, pos: t.pos, message: m) }
            switch t.kind {
            case .leftParen: parens += 1
            case .rightParen:
                parens -= 1
                if parens < 0 {
                    throw ParseError(query: source, pos: PosRange(t.pos.end, t.pos.end), message: "unexpected right parenthesis ')'")
                }
            case .leftBrace:
                braces += 1
            case .rightBrace:
                braces -= 1
            case .leftBracket:
                if lx.bracketDepth > 1 { throw fail("unexpected left bracket '['") }
                colons = 0
            case .rightBracket:
                if lx.bracketDepth < 0 { throw fail("unexpected right bracket ']'") }
            case .colon:
                colons += 1
                if colons > 1 { throw fail("unexpected colon ':'") }
            case .identifier where lx.bracketDepth > 0:
                // Inside a range only numbers, durations and operators may appear.
                throw ParseError(query: source, pos: PosRange(t.pos.start, t.pos.start + 1),
                                 message: "unexpected character: '\(t.text.first!)', expected ':'")
            case .eof:
                if braces > 0 { throw fail("unexpected end of input inside braces") }
                // An empty `[` at the end is the parser's "unexpected end of input in duration expression".
                if lx.bracketDepth > 0 && out.last?.kind != .leftBracket { throw fail("unclosed left bracket") }
                if parens > 0 && lx.bracketDepth == 0 { throw fail("unclosed left parenthesis") }
            default: break
            }
            out.append(t)
            if t.kind == .eof { return out }
        }
    }

    func text(_ a: Int, _ b: Int) -> String {
        String(decoding: bytes[a..<b], as: UTF8.self)
    }

    mutating func next() throws(ParseError) -> Token {
        skipSpaceAndComments()
        let start = i
        guard i < bytes.count else { return Token(kind: .eof, text: "", pos: PosRange(i, i)) }
        let c = bytes[i]
        func single(_ k: TokenKind) -> Token {
            i += 1
            return Token(kind: k, text: text(start, i), pos: PosRange(start, i))
        }
        func double(_ k: TokenKind) -> Token {
            i += 2
            return Token(kind: k, text: text(start, i), pos: PosRange(start, i))
        }
        let n: UInt8 = i + 1 < bytes.count ? bytes[i + 1] : 0
        if braceDepth > 0 { return try lexInsideBraces(c, n, start) }
        switch c {
        case UInt8(ascii: "("): return single(.leftParen)
        case UInt8(ascii: ")"): return single(.rightParen)
        case UInt8(ascii: "{"):
            braceDepth += 1
            return single(.leftBrace)
        case UInt8(ascii: "}"):
            throw ParseError(query: source, pos: PosRange(start, start + 1), message: "unexpected character: '}'")
        case UInt8(ascii: "["):
            bracketDepth += 1
            return single(.leftBracket)
        case UInt8(ascii: "]"):
            bracketDepth -= 1
            return single(.rightBracket)
        case UInt8(ascii: ","): return single(.comma)
        case UInt8(ascii: ":"): return single(.colon)
        case UInt8(ascii: "@"): return single(.at)
        case UInt8(ascii: "+"): return single(.add)
        case UInt8(ascii: "-"): return single(.sub)
        case UInt8(ascii: "*"): return single(.mul)
        case UInt8(ascii: "/"): return single(.div)
        case UInt8(ascii: "%"): return single(.mod)
        case UInt8(ascii: "^"): return single(.pow)
        case UInt8(ascii: "="):
            if n == UInt8(ascii: "=") { return double(.eql) }
            // Regex matchers exist only inside braces.
            if n == UInt8(ascii: "~") {
                throw ParseError(query: source, pos: PosRange(start, start + 2), message: "unexpected character after '=': '~'")
            }
            return single(.assign)
        case UInt8(ascii: "!"):
            if n == UInt8(ascii: "=") { return double(.neq) }
            throw ParseError(query: source, pos: PosRange(start, start + 1),
                             message: "unexpected character after '!': \(charDesc(n))")
        case UInt8(ascii: "<"):
            if n == UInt8(ascii: "=") { return double(.lte) }
            return single(.lss)
        case UInt8(ascii: ">"):
            if n == UInt8(ascii: "=") { return double(.gte) }
            return single(.gtr)
        case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "`"):
            return try lexString(quote: c)
        default:
            break
        }
        if isDigit(c) || (c == UInt8(ascii: ".") && isDigit(n)) {
            return try lexNumberOrDuration()
        }
        if isAlpha(c) || c == UInt8(ascii: "_") || (c == UInt8(ascii: ":") && bracketDepth == 0) {
            var hasColon = false
            while i < bytes.count {
                let b = bytes[i]
                if isAlpha(b) || isDigit(b) || b == UInt8(ascii: "_") {
                    i += 1
                } else if b == UInt8(ascii: ":") && bracketDepth == 0 {
                    hasColon = true
                    i += 1
                } else {
                    break
                }
            }
            return Token(kind: hasColon ? .metricIdentifier : .identifier, text: text(start, i), pos: PosRange(start, i))
        }
        throw ParseError(query: source, pos: PosRange(start, start + 1), message: "unexpected character: \(charDesc(c))")
    }

    /// Label matchers: names, strings, `=`, `!=`, `=~`, `!~`, `,` and the closing brace only.
    private mutating func lexInsideBraces(_ c: UInt8, _ n: UInt8, _ start: Int) throws(ParseError) -> Token {
        func tok(_ k: TokenKind, _ len: Int) -> Token {
            i += len
            return Token(kind: k, text: text(start, i), pos: PosRange(start, i))
        }
        switch c {
        case UInt8(ascii: "}"):
            braceDepth -= 1
            return tok(.rightBrace, 1)
        case UInt8(ascii: ","): return tok(.comma, 1)
        case UInt8(ascii: "="):
            // `==` inside braces is `=` followed by a stray `=`, as Prometheus lexes it.
            return n == UInt8(ascii: "~") ? tok(.eqlRegex, 2) : tok(.assign, 1)
        case UInt8(ascii: "!"):
            if n == UInt8(ascii: "=") { return tok(.neq, 2) }
            if n == UInt8(ascii: "~") { return tok(.neqRegex, 2) }
            throw ParseError(query: source, pos: PosRange(start, start + 1),
                             message: "unexpected character after '!' inside braces: \(charDesc(n))")
        case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "`"):
            return try lexString(quote: c)
        default:
            if isAlpha(c) || c == UInt8(ascii: "_") {
                while i < bytes.count && (isAlpha(bytes[i]) || isDigit(bytes[i]) || bytes[i] == UInt8(ascii: "_")) { i += 1 }
                return Token(kind: .identifier, text: text(start, i), pos: PosRange(start, i))
            }
            throw ParseError(query: source, pos: PosRange(start, start + 1),
                             message: "unexpected character inside braces: \(charDesc(c))")
        }
    }

    private func charDesc(_ b: UInt8) -> String {
        if b == 0 { return "end of input" }
        // Decode the full scalar at the failing position for a readable message.
        if b < 0x80 { return "'\(Character(Unicode.Scalar(b)))'" }
        let rest = text(i, min(bytes.count, i + 4))
        return "'\(rest.first.map(String.init) ?? "?")'"
    }

    private mutating func skipSpaceAndComments() {
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") {
                i += 1
            } else if b == UInt8(ascii: "#") {
                while i < bytes.count && bytes[i] != UInt8(ascii: "\n") { i += 1 }
            } else {
                return
            }
        }
    }

    /// Numbers: decimal with optional fraction and exponent, hex `0x…`, and `_` digit separators;
    /// a run of digit+unit groups (`1h30m`) is a duration. Anything glued to a valid prefix is an
    /// error quoting the prefix plus the offending character, as Prometheus does (`"5mm"`, `"2.5."`).
    private mutating func lexNumberOrDuration() throws(ParseError) -> Token {
        let start = i
        var kind = TokenKind.number
        if let end = durationEnd(from: i) {
            i = end
            kind = .duration
        } else if bytes[i] == UInt8(ascii: "0"), i + 1 < bytes.count, bytes[i + 1] | 0x20 == UInt8(ascii: "x") {
            i += 2
            while i < bytes.count && (isHex(bytes[i]) || bytes[i] == UInt8(ascii: "_")) { i += 1 }
        } else {
            while i < bytes.count && (isDigit(bytes[i]) || bytes[i] == UInt8(ascii: "_")) { i += 1 }
            if i < bytes.count && bytes[i] == UInt8(ascii: ".") {
                i += 1
                while i < bytes.count && (isDigit(bytes[i]) || bytes[i] == UInt8(ascii: "_")) { i += 1 }
            }
            if i < bytes.count && bytes[i] | 0x20 == UInt8(ascii: "e") {
                var j = i + 1
                if j < bytes.count && (bytes[j] == UInt8(ascii: "+") || bytes[j] == UInt8(ascii: "-")) { j += 1 }
                if j < bytes.count && isDigit(bytes[j]) {
                    i = j
                    while i < bytes.count && isDigit(bytes[i]) { i += 1 }
                }
            }
        }
        if i < bytes.count && (isAlpha(bytes[i]) || isDigit(bytes[i]) || bytes[i] == UInt8(ascii: "_") || bytes[i] == UInt8(ascii: ".")) {
            var j = i
            while j < bytes.count && (isAlpha(bytes[j]) || isDigit(bytes[j]) || bytes[j] == UInt8(ascii: ".")) { j += 1 }
            throw ParseError(query: source, pos: PosRange(start, j),
                             message: "bad number or duration syntax: \(goQuote(text(start, i + 1)))")
        }
        return Token(kind: kind, text: text(start, i), pos: PosRange(start, i))
    }

    /// End offset of a duration (`<digits><unit>` groups) starting at `p`, or nil when there is none.
    private func durationEnd(from p: Int) -> Int? {
        var j = p
        var groups = 0
        while j < bytes.count && isDigit(bytes[j]) {
            var k = j
            while k < bytes.count && isDigit(bytes[k]) { k += 1 }
            guard k < bytes.count else { break }
            let u = bytes[k]
            var unitLen = 0
            if u == UInt8(ascii: "m") && k + 1 < bytes.count && bytes[k + 1] == UInt8(ascii: "s") {
                unitLen = 2
            } else if [UInt8(ascii: "s"), UInt8(ascii: "m"), UInt8(ascii: "h"), UInt8(ascii: "d"),
                       UInt8(ascii: "w"), UInt8(ascii: "y")].contains(u) {
                unitLen = 1
            }
            if unitLen == 0 { break }
            j = k + unitLen
            groups += 1
        }
        return groups > 0 ? j : nil
    }

    /// A quoted string; escapes are checked here so errors name the bad sequence like Go's lexer.
    private mutating func lexString(quote: UInt8) throws(ParseError) -> Token {
        let start = i
        i += 1
        func fail(_ m: String) -> ParseError { ParseError(query: source, pos: PosRange(start, i), message: m) }
        func scalarDesc(_ b: UInt8) -> String {
            let hex = String(b, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + " '\(Character(Unicode.Scalar(b)))'"
        }
        while i < bytes.count {
            let b = bytes[i]
            if b == quote {
                i += 1
                return Token(kind: .string, text: text(start, i), pos: PosRange(start, i))
            }
            if quote == UInt8(ascii: "`") {
                i += 1
                continue
            }
            if b == UInt8(ascii: "\n") { break }
            if b != UInt8(ascii: "\\") {
                i += 1
                continue
            }
            i += 1
            guard i < bytes.count else { throw fail("escape sequence not terminated") }
            let e = bytes[i]
            i += 1
            var digits = 0, isHexEsc = true
            switch e {
            case UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"),
                 UInt8(ascii: "t"), UInt8(ascii: "v"), UInt8(ascii: "\\"), quote:
                continue
            case UInt8(ascii: "x"): digits = 2
            case UInt8(ascii: "u"): digits = 4
            case UInt8(ascii: "U"): digits = 8
            case 0x30...0x37:
                digits = 2
                isHexEsc = false
            default:
                if e < 0x80 { throw fail("unknown escape sequence \(scalarDesc(e))") }
                throw fail("unknown escape sequence")
            }
            for _ in 0..<digits {
                guard i < bytes.count else { throw fail("escape sequence not terminated") }
                let d = bytes[i]
                let ok = isHexEsc ? isHex(d) : (d >= 0x30 && d <= 0x37)
                if !ok {
                    i += 1
                    if d == quote || d < 0x80 { throw fail("illegal character \(scalarDesc(d)) in escape sequence") }
                    throw fail("illegal character in escape sequence")
                }
                i += 1
            }
        }
        if quote == UInt8(ascii: "`") {
            throw ParseError(query: source, pos: PosRange(start, bytes.count), message: "unterminated raw string")
        }
        throw ParseError(query: source, pos: PosRange(start, bytes.count), message: "unterminated quoted string")
    }
}

@inline(__always) func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
@inline(__always) func isAlpha(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
@inline(__always) func isHex(_ b: UInt8) -> Bool { isDigit(b) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x66) }
