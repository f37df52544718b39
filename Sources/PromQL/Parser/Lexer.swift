/// Splits a PromQL query into tokens. Works on UTF-8 bytes; positions are byte offsets, as in Prometheus.
///
/// Comments (`# …` to end of line) and whitespace are skipped. Words may contain `:` except inside
/// brackets, where `:` separates a subquery's range from its step.
struct Lexer {
    let bytes: [UInt8]
    let source: String
    var i = 0
    var bracketDepth = 0

    init(_ source: String) {
        self.source = source
        self.bytes = Array(source.utf8)
    }

    /// All tokens, ending with `.eof`. Unbalanced parentheses and brackets fail with Prometheus's
    /// lexer messages ("unclosed left parenthesis", "unexpected right parenthesis ')'").
    static func tokenize(_ source: String) throws(ParseError) -> [Token] {
        var lx = Lexer(source)
        var out: [Token] = []
        var parens = 0, braces = 0
        while true {
            let t = try lx.next()
            func fail(_ m: String) -> ParseError { ParseError(query: source, pos: t.pos, message: m) }
            switch t.kind {
            case .leftParen: parens += 1
            case .rightParen:
                parens -= 1
                if parens < 0 { throw fail("unexpected right parenthesis ')'") }
            case .leftBrace:
                if braces > 0 { throw fail("unexpected left brace '{'") }
                braces += 1
            case .rightBrace:
                braces -= 1
                if braces < 0 { throw fail("unexpected right brace '}'") }
            case .leftBracket:
                if lx.bracketDepth > 1 { throw fail("unexpected left bracket '['") }
            case .rightBracket:
                if lx.bracketDepth < 0 { throw fail("unexpected right bracket ']'") }
            case .eof:
                if braces > 0 { throw fail("unexpected end of input inside braces") }
                if lx.bracketDepth > 0 { throw fail("unclosed left bracket") }
                if parens > 0 { throw fail("unclosed left parenthesis") }
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
        switch c {
        case UInt8(ascii: "("): return single(.leftParen)
        case UInt8(ascii: ")"): return single(.rightParen)
        case UInt8(ascii: "{"): return single(.leftBrace)
        case UInt8(ascii: "}"): return single(.rightBrace)
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
            if n == UInt8(ascii: "~") { return double(.eqlRegex) }
            return single(.assign)
        case UInt8(ascii: "!"):
            if n == UInt8(ascii: "=") { return double(.neq) }
            if n == UInt8(ascii: "~") { return double(.neqRegex) }
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
    /// a run of digit+unit groups (`1h30m`) is a duration.
    private mutating func lexNumberOrDuration() throws(ParseError) -> Token {
        let start = i
        // Try a duration first: one or more <digits><unit> groups.
        if let end = durationEnd(from: i) {
            i = end
            return Token(kind: .duration, text: text(start, i), pos: PosRange(start, i))
        }
        if bytes[i] == UInt8(ascii: "0"), i + 1 < bytes.count, bytes[i + 1] | 0x20 == UInt8(ascii: "x") {
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
        // A number glued to letters ("5x") is an error, as in Prometheus.
        if i < bytes.count && (isAlpha(bytes[i]) || bytes[i] == UInt8(ascii: "_")) {
            var j = i
            while j < bytes.count && (isAlpha(bytes[j]) || isDigit(bytes[j])) { j += 1 }
            throw ParseError(query: source, pos: PosRange(start, j), message: "bad number or duration syntax: \(goQuote(text(start, j)))")
        }
        return Token(kind: .number, text: text(start, i), pos: PosRange(start, i))
    }

    /// End offset of a duration starting at `p`, or nil when the text there is not a duration.
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
            let after = k + unitLen
            // "5min" or "5mx" are not durations.
            if after < bytes.count && (isAlpha(bytes[after]) || bytes[after] == UInt8(ascii: "_")) {
                if !(after < bytes.count && isDigit(bytes[after])) { return nil }
            }
            j = after
            groups += 1
        }
        return groups > 0 ? j : nil
    }

    private mutating func lexString(quote: UInt8) throws(ParseError) -> Token {
        let start = i
        i += 1
        while i < bytes.count {
            let b = bytes[i]
            if b == quote {
                i += 1
                return Token(kind: .string, text: text(start, i), pos: PosRange(start, i))
            }
            if b == UInt8(ascii: "\\") && quote != UInt8(ascii: "`") {
                i += 2
                continue
            }
            if b == UInt8(ascii: "\n") && quote != UInt8(ascii: "`") {
                break
            }
            i += 1
        }
        throw ParseError(query: source, pos: PosRange(start, bytes.count), message: "unterminated quoted string")
    }
}

@inline(__always) func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
@inline(__always) func isAlpha(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
@inline(__always) func isHex(_ b: UInt8) -> Bool { isDigit(b) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x66) }

/// Decodes a PromQL string literal (with its quotes) the way Go's `strconv.Unquote` does.
func unquoteString(_ raw: String) -> String? {
    let b = Array(raw.utf8)
    guard b.count >= 2, let q = b.first, b.last == q else { return nil }
    let body = b[1..<(b.count - 1)]
    if q == UInt8(ascii: "`") { return String(decoding: body, as: UTF8.self) }
    var out: [UInt8] = []
    var i = body.startIndex
    func hexVal(_ c: UInt8) -> UInt32? {
        switch c {
        case 0x30...0x39: return UInt32(c - 0x30)
        case 0x61...0x66: return UInt32(c - 0x61 + 10)
        case 0x41...0x46: return UInt32(c - 0x41 + 10)
        default: return nil
        }
    }
    func appendScalar(_ v: UInt32) -> Bool {
        guard let s = Unicode.Scalar(v) else { return false }
        out.append(contentsOf: Array(String(Character(s)).utf8))
        return true
    }
    while i < body.endIndex {
        let c = body[i]
        if c == q { return nil }
        if c != UInt8(ascii: "\\") {
            out.append(c)
            i += 1
            continue
        }
        i += 1
        guard i < body.endIndex else { return nil }
        let e = body[i]
        i += 1
        switch e {
        case UInt8(ascii: "a"): out.append(7)
        case UInt8(ascii: "b"): out.append(8)
        case UInt8(ascii: "f"): out.append(12)
        case UInt8(ascii: "n"): out.append(10)
        case UInt8(ascii: "r"): out.append(13)
        case UInt8(ascii: "t"): out.append(9)
        case UInt8(ascii: "v"): out.append(11)
        case UInt8(ascii: "\\"): out.append(0x5C)
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            guard e == q else { return nil }
            out.append(e)
        case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
            let n = e == UInt8(ascii: "x") ? 2 : (e == UInt8(ascii: "u") ? 4 : 8)
            guard i + n <= body.endIndex else { return nil }
            var v: UInt32 = 0
            for k in 0..<n {
                guard let h = hexVal(body[i + k]) else { return nil }
                v = v * 16 + h
            }
            i += n
            if e == UInt8(ascii: "x") { out.append(UInt8(v)) } else if !appendScalar(v) { return nil }
        case 0x30...0x37:
            guard i + 2 <= body.endIndex else { return nil }
            var v = UInt32(e - 0x30)
            for k in 0..<2 {
                let d = body[i + k]
                guard d >= 0x30 && d <= 0x37 else { return nil }
                v = v * 8 + UInt32(d - 0x30)
            }
            guard v <= 255 else { return nil }
            i += 2
            out.append(UInt8(v))
        default:
            return nil
        }
    }
    return String(decoding: out, as: UTF8.self)
}
