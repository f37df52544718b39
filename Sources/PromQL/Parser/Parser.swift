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
    /// Type errors: Prometheus checks types after a successful parse and reports all of them, so
    /// they are collected here and only thrown when the query has no syntax error.
    var typeErrors: [ParseError] = []
    /// Current nesting of sub-expressions; bounded so a hostile query cannot exhaust the stack
    /// (Go's stacks grow, ours do not).
    var nesting = 0
    static let maxNesting = 200
    static let maxDepth = 500

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

    mutating func typeError(_ pos: PosRange, _ msg: String) {
        typeErrors.append(error(pos, msg))
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
        if !typeErrors.isEmpty { throw ParseError.combined(typeErrors) }
        // Long operator chains nest without recursion in the parser but not in evaluation.
        if e.depth > Self.maxDepth {
            throw error(e.pos, "expression nested too deeply: more than \(Self.maxDepth) levels")
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
        nesting += 1
        defer { nesting -= 1 }
        if nesting > Self.maxNesting {
            throw error(cur.pos, "expression nested too deeply: more than \(Self.maxNesting) levels")
        }
        var lhs = try parseUnary()
        var chain = 0
        while let op = binaryOp(cur), op.precedence >= minPrec {
            chain += 1
            // Each operator in a chain deepens the tree by one: stop before it gets too deep to walk.
            if chain + nesting > Self.maxDepth {
                throw error(cur.pos, "expression nested too deeply: more than \(Self.maxDepth) levels")
            }
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
            lhs = checkBinary(BinaryExpr(op: op, lhs: lhs, rhs: rhs, returnBool: returnBool,
                                         matching: matching, opPos: opTok.pos,
                                         pos: PosRange(lhs.pos.start, rhs.pos.end)))
        }
        return lhs
    }

    /// Prometheus's binary checks, all reported, in its order.
    mutating func checkBinary(_ bin: BinaryExpr) -> Expr {
        var n = bin
        let lt = n.lhs.type, rt = n.rhs.type
        // The operator's range runs from the operator to just before the right operand.
        let opRange = PosRange(n.opPos.start, max(n.opPos.end, n.rhs.pos.start - 1))
        let whole = PosRange(n.lhs.pos.start, n.rhs.pos.end)
        if n.returnBool && !n.op.isComparison {
            typeError(opRange, "bool modifier can only be used on comparison operators")
        }
        if n.op.isComparison && !n.returnBool && lt == .scalar && rt == .scalar {
            typeError(n.opPos, "comparisons between scalars must use BOOL modifier")
        }
        if n.op.isSetOperator && n.matching?.card == .oneToOne { n.matching?.card = .manyToMany }
        if let m = n.matching, m.on {
            for l in m.matchingLabels where m.include.contains(l) {
                typeError(opRange, "label \(goQuote(l)) must not occur in ON and GROUP clause at once")
            }
        }
        if lt != .scalar && lt != .vector {
            typeError(n.lhs.pos, "binary expression must contain only scalar and instant vector types")
        }
        if rt != .scalar && rt != .vector {
            typeError(n.rhs.pos, "binary expression must contain only scalar and instant vector types")
        }
        if lt != .vector || rt != .vector {
            if let m = n.matching, !m.matchingLabels.isEmpty {
                typeError(whole, "vector matching only allowed between instant vectors")
            }
            n.matching = nil
        } else if n.op.isSetOperator, let m = n.matching {
            if m.card == .oneToMany || m.card == .manyToOne {
                typeError(whole, "no grouping allowed for \(goQuote(n.op.rawValue)) operation")
            }
            if m.card != .manyToMany {
                typeError(whole, "set operations must always be many-to-many")
            }
        }
        if (lt == .scalar || rt == .scalar) && n.op.isSetOperator {
            typeError(whole, "set operator \(goQuote(n.op.rawValue)) not allowed in binary scalar expression")
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
                typeError(PosRange(opTok.pos.start, e.pos.end),
                          "unary expression only allowed on expressions of type scalar or instant vector, got \(goQuote(t.documented))")
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
    // Go's ParseInt(s, 0, 64) comes first in Prometheus: a leading 0 means octal ("0755" is 493).
    if s.count > 1, s.hasPrefix("0"), s.utf8.allSatisfy(isDigit), let v = Int64(s.dropFirst(), radix: 8) {
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
