public import PromModel

/// Parser switches; the engine passes its own.
public struct ParserOptions: Sendable {
    public var enableExperimentalFunctions: Bool
    public init(enableExperimentalFunctions: Bool = false) {
        self.enableExperimentalFunctions = enableExperimentalFunctions
    }
}

/// Parses a PromQL expression and type-checks it.
public func parseExpr(_ query: String, options: ParserOptions = ParserOptions()) throws(ParseError) -> Expr {
    var p = try Parser(query, options: options)
    return try p.parseTop()
}

/// Parses a series selector (`foo{a="b"}`) into its matchers, as the API's `match[]` needs.
public func parseMetricSelector(_ s: String) throws(ParseError) -> [Matcher] {
    let e = try parseExpr(s)
    guard case .vectorSelector(let vs) = e else {
        throw ParseError(query: s, pos: e.pos, message: "expected a series selector, got \(e.type.documented)")
    }
    return vs.matchers
}

/// Parses a series description (`foo{a="b"}`, `{}`) into labels, as promqltest's `load` needs;
/// unlike a selector, an empty label set is allowed.
public func parseSeriesLabels(_ s: String) throws(ParseError) -> Labels {
    var p = try Parser(s, options: ParserOptions())
    let t = p.cur
    var name: String?
    if t.kind == .identifier || t.kind == .metricIdentifier {
        name = t.text
        _ = p.advance()
    }
    let vs = try p.parseSelector(name: name, start: t.pos.start, requireNonEmpty: false)
    if p.cur.kind != .eof { throw p.unexpected() }
    return Labels(vs.matchers.map { ($0.name, $0.value) })
}

/// A hand-written Pratt parser over the token list, with Prometheus's precedence:
/// `or` < `and unless` < comparisons < `+ -` < `* / % atan2` < `^` (right-associative); unary minus
/// binds like `*`, so `-2 ^ 2` is `-(2 ^ 2)`.
struct Parser {
    let query: String
    let tokens: [Token]
    var p = 0
    let options: ParserOptions

    init(_ query: String, options: ParserOptions) throws(ParseError) {
        self.query = query
        self.tokens = try Lexer.tokenize(query)
        self.options = options
    }

    var cur: Token { tokens[p] }
    func peek(_ k: Int = 1) -> Token { tokens[min(p + k, tokens.count - 1)] }

    mutating func advance() -> Token {
        let t = tokens[p]
        if p < tokens.count - 1 { p += 1 }
        return t
    }

    func error(_ pos: PosRange, _ msg: String) -> ParseError {
        ParseError(query: query, pos: pos, message: msg)
    }

    func unexpected(_ context: String? = nil, expected: String? = nil) -> ParseError {
        var msg = "unexpected \(cur.quoted)"
        if let context { msg += " in \(context)" }
        if let expected { msg += ", expected \(expected)" }
        return error(cur.pos, msg)
    }

    mutating func expect(_ k: TokenKind, _ context: String) throws(ParseError) -> Token {
        guard cur.kind == k else { throw unexpected(context, expected: k.description) }
        return advance()
    }

    /// Whether the current token is the keyword `kw` (keywords are case-insensitive).
    func isKeyword(_ kw: String, _ t: Token? = nil) -> Bool {
        let t = t ?? cur
        return t.kind == .identifier && t.text.lowercased() == kw
    }

    mutating func parseTop() throws(ParseError) -> Expr {
        if cur.kind == .eof { throw error(cur.pos, "no expression found in input") }
        let e = try parseBinary(minPrec: 0)
        if cur.kind != .eof {
            throw unexpected()
        }
        return e
    }

    // MARK: binary operators

    func binaryOp(_ t: Token) -> BinaryOp? {
        switch t.kind {
        case .add: return .add
        case .sub: return .sub
        case .mul: return .mul
        case .div: return .div
        case .mod: return .mod
        case .pow: return .pow
        case .eql: return .eql
        case .neq: return .neq
        case .gtr: return .gtr
        case .lss: return .lss
        case .gte: return .gte
        case .lte: return .lte
        case .identifier:
            switch t.text.lowercased() {
            case "and": return .and
            case "or": return .or
            case "unless": return .unless
            case "atan2": return .atan2
            default: return nil
            }
        default: return nil
        }
    }

    mutating func parseBinary(minPrec: Int) throws(ParseError) -> Expr {
        var lhs = try parseUnary()
        while let op = binaryOp(cur), op.precedence >= minPrec {
            let opTok = advance()
            var returnBool = false
            var matching = VectorMatching()
            if isKeyword("bool") {
                _ = advance()
                returnBool = true
            }
            if isKeyword("on") || isKeyword("ignoring") {
                matching.on = isKeyword("on")
                _ = advance()
                matching.matchingLabels = try parseLabelList()
                if isKeyword("group_left") || isKeyword("group_right") {
                    matching.card = isKeyword("group_left") ? .manyToOne : .oneToMany
                    _ = advance()
                    if cur.kind == .leftParen { matching.include = try parseLabelList() }
                }
            }
            let nextMin = op == .pow ? op.precedence : op.precedence + 1
            let rhs = try parseBinary(minPrec: nextMin)
            lhs = try checkBinary(BinaryExpr(op: op, lhs: lhs, rhs: rhs, returnBool: returnBool,
                                             matching: matching, opPos: opTok.pos))
        }
        return lhs
    }

    func checkBinary(_ bin: BinaryExpr) throws(ParseError) -> Expr {
        var n = bin
        let lt = n.lhs.type, rt = n.rhs.type
        if n.returnBool && !n.op.isComparison {
            throw error(n.opPos, "bool modifier can only be used on comparison operators")
        }
        if n.op.isComparison && !n.returnBool && lt == .scalar && rt == .scalar {
            throw error(n.opPos, "comparisons between scalars must use BOOL modifier")
        }
        if n.op.isSetOperator && n.matching?.card == .oneToOne { n.matching?.card = .manyToMany }
        if let m = n.matching, m.on {
            for l in m.matchingLabels where m.include.contains(l) {
                throw error(n.opPos, "label \(goQuote(l)) must not occur in ON and GROUP clause at once")
            }
        }
        let whole = PosRange(n.lhs.pos.start, n.rhs.pos.end)
        if lt != .scalar && lt != .vector {
            throw error(n.lhs.pos, "binary expression must contain only scalar and instant vector types")
        }
        if rt != .scalar && rt != .vector {
            throw error(n.rhs.pos, "binary expression must contain only scalar and instant vector types")
        }
        if lt != .vector || rt != .vector {
            if let m = n.matching, !m.matchingLabels.isEmpty || m.on {
                throw error(whole, "vector matching only allowed between instant vectors")
            }
            n.matching = nil
        } else if n.op.isSetOperator, let m = n.matching {
            if m.card == .oneToMany || m.card == .manyToOne {
                throw error(whole, "no grouping allowed for \(goQuote(n.op.rawValue)) operation")
            }
        }
        if (lt == .scalar || rt == .scalar) && n.op.isSetOperator {
            throw error(whole, "set operator \(goQuote(n.op.rawValue)) not allowed in binary scalar expression")
        }
        return .binary(n)
    }

    // MARK: unary and postfix

    mutating func parseUnary() throws(ParseError) -> Expr {
        if cur.kind == .sub || cur.kind == .add {
            let opTok = advance()
            // Only `^` binds tighter than unary minus.
            let e = try parseBinary(minPrec: BinaryOp.pow.precedence)
            if case .number(var n) = e {
                if opTok.kind == .sub { n.value = -n.value }
                n.pos.start = opTok.pos.start
                return .number(n)
            }
            let t = e.type
            if t != .scalar && t != .vector {
                throw error(e.pos, "unary expression only allowed on expressions of type scalar or instant vector, got \(goQuote(t.documented))")
            }
            return .unary(UnaryExpr(negate: opTok.kind == .sub, expr: e, pos: PosRange(opTok.pos.start, e.pos.end)))
        }
        var e = try parsePrimary()
        return try parsePostfix(&e)
    }

    mutating func parsePostfix(_ e: inout Expr) throws(ParseError) -> Expr {
        while true {
            if cur.kind == .leftBracket {
                e = try parseRangeOrSubquery(e)
            } else if isKeyword("offset") {
                e = try parseOffset(e)
            } else if cur.kind == .at {
                e = try parseAt(e)
            } else {
                return e
            }
        }
    }

    /// A duration or number (seconds) in ranges, offsets and subquery steps.
    mutating func parseDurationValue(_ context: String) throws(ParseError) -> Int64 {
        let t = cur
        switch t.kind {
        case .duration:
            _ = advance()
            guard let d = PromDuration.parse(t.text) else {
                throw error(t.pos, "not a valid duration string: \(goQuote(t.text))")
            }
            return d
        case .number:
            _ = advance()
            guard let v = parseNumber(t.text), v.isFinite else {
                throw error(t.pos, "not a valid duration string: \(goQuote(t.text))")
            }
            let ms = v * 1000
            guard abs(ms) < 9.2e18 else { throw error(t.pos, "duration out of range") }
            return Int64(ms.rounded())
        default:
            throw unexpected(context, expected: "duration")
        }
    }

    mutating func parseRangeOrSubquery(_ e: Expr) throws(ParseError) -> Expr {
        let open = advance()
        let range = try parseDurationMillis("range")
        if cur.kind == .colon {
            _ = advance()
            var step: Int64 = 0
            if cur.kind != .rightBracket { step = try parseDurationMillis("subquery step") }
            let close = try expect(.rightBracket, "subquery selector")
            if e.type != .vector {
                throw error(PosRange(e.pos.start, close.pos.end), "subquery is only allowed on instant vector, got \(e.type.documented) instead")
            }
            if range <= 0 { throw error(open.pos, "duration must be greater than 0") }
            if step < 0 { throw error(open.pos, "duration must be greater than 0") }
            return .subquery(SubqueryExpr(expr: e, range: range, step: step, pos: PosRange(e.pos.start, close.pos.end)))
        }
        let close = try expect(.rightBracket, "matrix selector")
        guard case .vectorSelector(let vs) = e else {
            throw error(PosRange(e.pos.start, close.pos.end), "ranges only allowed for vector selectors")
        }
        if vs.offset != 0 { throw error(PosRange(e.pos.start, close.pos.end), "no offset modifiers allowed before range") }
        if vs.at != nil { throw error(PosRange(e.pos.start, close.pos.end), "no @ modifiers allowed before range") }
        if range <= 0 { throw error(open.pos, "duration must be greater than 0") }
        return .matrixSelector(MatrixSelector(selector: vs, range: range, pos: PosRange(e.pos.start, close.pos.end)))
    }

    mutating func parseOffset(_ e: Expr) throws(ParseError) -> Expr {
        let kw = advance()
        var sign: Int64 = 1
        if cur.kind == .sub {
            _ = advance()
            sign = -1
        } else if cur.kind == .add {
            _ = advance()
        }
        // A bare literal, or a parenthesised duration expression: `offset 100 + 2` adds 2 to the result.
        let d = (cur.kind == .leftParen ? try parseDurationMillis("offset") : try parseDurationValue("offset")) * sign
        let end = tokens[p - 1].pos.end
        let msg = "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery"
        switch e {
        case .vectorSelector(var vs):
            if vs.offset != 0 { throw error(kw.pos, "offset may not be set multiple times") }
            vs.offset = d
            vs.pos.end = end
            return .vectorSelector(vs)
        case .matrixSelector(var ms):
            if ms.selector.offset != 0 { throw error(kw.pos, "offset may not be set multiple times") }
            ms.selector.offset = d
            ms.pos.end = end
            return .matrixSelector(ms)
        case .subquery(var sq):
            if sq.offset != 0 { throw error(kw.pos, "offset may not be set multiple times") }
            sq.offset = d
            sq.pos.end = end
            return .subquery(sq)
        default:
            throw error(PosRange(e.pos.start, end), msg)
        }
    }

    mutating func parseAt(_ e: Expr) throws(ParseError) -> Expr {
        let atTok = advance()
        var at: AtModifier
        if isKeyword("start") || isKeyword("end") {
            let isStart = isKeyword("start")
            _ = advance()
            _ = try expect(.leftParen, "@ modifier")
            _ = try expect(.rightParen, "@ modifier")
            at = isStart ? .start : .end
        } else {
            var sign = 1.0
            if cur.kind == .sub {
                sign = -1
                _ = advance()
            } else if cur.kind == .add {
                _ = advance()
            }
            guard cur.kind == .number || cur.kind == .duration else { throw unexpected("@", expected: "timestamp") }
            let t = advance()
            let v: Double
            if t.kind == .duration {
                v = Double(PromDuration.parse(t.text) ?? 0) / 1000
            } else {
                guard let x = parseNumber(t.text) else { throw error(t.pos, "bad number: \(goQuote(t.text))") }
                v = x
            }
            let ms = sign * v * 1000
            if !ms.isFinite || ms > 9.223372036854775e18 || ms < -9.223372036854775e18 {
                throw error(t.pos, "timestamp out of bounds for @ modifier: \(formatFloat(sign * v))")
            }
            at = .timestamp(Int64(ms.rounded()))
        }
        let end = tokens[p - 1].pos.end
        switch e {
        case .vectorSelector(var vs):
            if vs.at != nil { throw error(atTok.pos, "@ <timestamp> may not be set multiple times") }
            vs.at = at
            vs.pos.end = end
            return .vectorSelector(vs)
        case .matrixSelector(var ms):
            if ms.selector.at != nil { throw error(atTok.pos, "@ <timestamp> may not be set multiple times") }
            ms.selector.at = at
            ms.pos.end = end
            return .matrixSelector(ms)
        case .subquery(var sq):
            if sq.at != nil { throw error(atTok.pos, "@ <timestamp> may not be set multiple times") }
            sq.at = at
            sq.pos.end = end
            return .subquery(sq)
        default:
            throw error(PosRange(e.pos.start, end),
                        "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery")
        }
    }
}

/// Go-style float parsing: decimal, hex (`0x1f`), `Inf`/`NaN` in any case, `_` separators.
func parseNumber(_ text: String) -> Double? {
    let s = text.replacingOccurrences(of: "_", with: "")
    let lower = s.lowercased()
    switch lower {
    case "inf", "+inf": return .infinity
    case "-inf": return -.infinity
    case "nan": return .nan
    default: break
    }
    if lower.hasPrefix("0x") {
        guard let v = UInt64(lower.dropFirst(2), radix: 16) else { return nil }
        return Double(v)
    }
    return Double(s)
}

extension String {
    func replacingOccurrences(of a: String, with b: String) -> String {
        guard contains(a) else { return self }
        return split(separator: Character(a), omittingEmptySubsequences: false).joined(separator: b)
    }
}
