import PromModel

extension Parser {
    static let keywords: Set<String> = [
        "and", "or", "unless", "atan2", "by", "without", "on", "ignoring", "group_left", "group_right",
        "bool", "offset",
    ]

    /// Keywords that can never start an expression. The others (`by`, `offset`, `and`, aggregation
    /// names …) are metric names where an expression is expected, as in Prometheus's grammar.
    static let reserved: Set<String> = ["on", "ignoring", "group_left", "group_right", "bool", "atan2"]

    mutating func parsePrimary() throws(ParseError) -> Expr {
        let t = cur
        switch t.kind {
        case .number:
            _ = advance()
            guard let v = parseNumber(t.text) else { throw error(t.pos, "bad number or duration syntax: \(goQuote(t.text))") }
            if v.isInfinite {
                throw error(t.pos, "error parsing number: strconv.ParseFloat: parsing \(goQuote(t.text)): value out of range")
            }
            return .number(NumberLiteral(value: v, pos: t.pos))
        case .duration:
            _ = advance()
            guard let d = PromDuration.parse(t.text) else {
                throw error(t.pos, "not a valid duration string: \(goQuote(t.text))")
            }
            return .number(NumberLiteral(value: Double(d) / 1000, isDuration: true, pos: t.pos))
        case .string:
            _ = advance()
            guard let s = unquoteString(t.text) else { throw error(t.pos, "invalid string literal: \(t.text)") }
            return .string(StringLiteral(value: s, pos: t.pos, hasInvalidUTF8: unquotedBytesAreInvalidUTF8(t.text)))
        case .leftParen:
            _ = advance()
            if cur.kind == .rightParen { throw unexpected("paren expression") }
            let e = try parseBinary(minPrec: 0)
            let close = try expect(.rightParen, "paren expression")
            return .paren(ParenExpr(expr: e, pos: PosRange(t.pos.start, close.pos.end)))
        case .leftBrace:
            return .vectorSelector(try parseSelector(name: nil, start: t.pos.start))
        case .metricIdentifier:
            _ = advance()
            return .vectorSelector(try parseSelector(name: t.text, start: t.pos.start))
        case .identifier:
            let lower = t.text.lowercased()
            if let op = AggregateOp(rawValue: lower) {
                let next = peek()
                if next.kind == .leftParen || isKeyword("by", next) || isKeyword("without", next) {
                    return try parseAggregate(op)
                }
                if next.kind == .identifier && !isKeyword("offset", next) && binaryOp(next) == nil {
                    // `sum some_metric`: Prometheus reports the stray identifier.
                    _ = advance()
                    throw unexpected()
                }
            }
            if peek().kind == .leftParen && !Self.keywords.contains(lower) {
                return try parseCall()
            }
            if lower == "inf" || lower == "nan" {
                _ = advance()
                return .number(NumberLiteral(value: lower == "inf" ? .infinity : .nan, pos: t.pos))
            }
            if Self.reserved.contains(lower) { throw unexpected() }
            _ = advance()
            return .vectorSelector(try parseSelector(name: t.text, start: t.pos.start))
        case .eof:
            throw error(t.pos, "unexpected end of input")
        default:
            throw unexpected()
        }
    }

    /// `name`, `name{…}` or `{…}`; the current token is the `{` or what follows the name.
    mutating func parseSelector(name: String?, start: Int, requireNonEmpty: Bool = true) throws(ParseError) -> VectorSelector {
        var matchers: [Matcher] = []
        var end = tokens[max(p - 1, 0)].pos.end
        if cur.kind == .leftBrace {
            _ = advance()
            while cur.kind != .rightBrace {
                let lt = cur
                var labelName: String
                switch lt.kind {
                case .identifier:
                    labelName = lt.text
                case .string:
                    guard let s = unquoteString(lt.text) else { throw error(lt.pos, "invalid string literal: \(lt.text)") }
                    labelName = s
                case .eof:
                    throw error(lt.pos, "unexpected end of input inside braces")
                case .comma:
                    throw unexpected("label matching", expected: "identifier or \"}\"")
                default:
                    throw unexpected("label matching", expected: "label matching operator")
                }
                _ = advance()
                // A lone quoted string is the metric name (UTF-8 names in Prometheus 3).
                if lt.kind == .string && (cur.kind == .comma || cur.kind == .rightBrace) {
                    matchers.append(Matcher.equal(LabelName.metricName, labelName))
                    if cur.kind == .comma { _ = advance() }
                    continue
                }
                let kind: Matcher.Kind
                switch cur.kind {
                case .assign: kind = .equal
                case .neq: kind = .notEqual
                case .eqlRegex: kind = .regexMatch
                case .neqRegex: kind = .regexNoMatch
                default:
                    throw unexpected("label matching", expected: "label matching operator")
                }
                _ = advance()
                let vt = cur
                guard vt.kind == .string else { throw unexpected("label matching", expected: "string") }
                _ = advance()
                guard let value = unquoteString(vt.text) else { throw error(vt.pos, "invalid string literal: \(vt.text)") }
                do {
                    matchers.append(try Matcher(kind, labelName, value))
                } catch {
                    throw self.error(PosRange(lt.pos.start, vt.pos.end), regexErrorMessage(error, value))
                }
                if cur.kind == .comma {
                    _ = advance()
                } else if cur.kind != .rightBrace {
                    throw unexpected("label matching", expected: "\",\" or \"}\"")
                }
            }
            end = advance().pos.end
        }
        let pos = PosRange(start, end)
        if let n = name {
            for other in matchers where other.name == LabelName.metricName {
                typeError(pos, "metric name must not be set twice: \(goQuote(n)) or \(goQuote(other.value))")
            }
            matchers.insert(Matcher.equal(LabelName.metricName, n), at: 0)
        }
        let vs = VectorSelector(name: name, matchers: matchers, pos: pos)
        if requireNonEmpty && matchers.allSatisfy({ $0.matchesEmpty }) {
            typeError(vs.pos, "vector selector must contain at least one non-empty matcher")
        }
        return vs
    }

    /// `(a, b, "c.d")`, trailing comma allowed.
    mutating func parseLabelList() throws(ParseError) -> [String] {
        _ = try expect(.leftParen, "grouping opts")
        var out: [String] = []
        while cur.kind != .rightParen {
            let t = cur
            switch t.kind {
            case .identifier:
                out.append(t.text)
            case .string:
                guard let s = unquoteString(t.text) else { throw error(t.pos, "invalid string literal: \(t.text)") }
                out.append(s)
            default:
                throw unexpected("grouping opts", expected: "label")
            }
            _ = advance()
            if cur.kind == .comma {
                _ = advance()
            } else if cur.kind != .rightParen {
                throw unexpected("grouping opts", expected: "\",\" or \")\"")
            }
        }
        _ = advance()
        return out
    }

    mutating func parseCallArgs(_ context: String) throws(ParseError) -> ([Expr], Int) {
        _ = try expect(.leftParen, context)
        var args: [Expr] = []
        while cur.kind != .rightParen {
            args.append(try parseBinary(minPrec: 0))
            if cur.kind == .comma {
                let comma = advance()
                if cur.kind == .rightParen {
                    throw error(comma.pos, "trailing commas not allowed in function call args")
                }
            } else if cur.kind != .rightParen {
                throw unexpected(context, expected: "\",\" or \")\"")
            }
        }
        let close = advance()
        return (args, close.pos.end)
    }

    mutating func parseAggregate(_ op: AggregateOp) throws(ParseError) -> Expr {
        let opTok = advance()
        var grouping: [String] = []
        var without = false
        var hadModifier = false
        func parseModifier(_ pr: inout Parser) throws(ParseError) -> Bool {
            if pr.isKeyword("by") || pr.isKeyword("without") {
                without = pr.isKeyword("without")
                _ = pr.advance()
                grouping = try pr.parseLabelList()
                return true
            }
            return false
        }
        hadModifier = try parseModifier(&self)
        guard cur.kind == .leftParen else { throw hadModifier ? unexpected("aggregation") : unexpected() }
        var (args, end) = try parseCallArgs("aggregation")
        if !hadModifier, try parseModifier(&self) {
            end = tokens[p - 1].pos.end
        }
        let pos = PosRange(opTok.pos.start, end)
        let want = op.hasParam ? 2 : 1
        if args.isEmpty { throw error(pos, "no arguments for aggregate expression provided") }
        if args.count != want {
            throw error(pos, "wrong number of arguments for aggregate expression provided, expected \(want), got \(args.count)")
        }
        if op.experimental && !options.enableExperimentalFunctions {
            throw error(pos, "limitk() and limit_ratio() are experimental and must be enabled with --enable-feature=promql-experimental-functions")
        }
        let expr = args[args.count - 1]
        let param: Expr? = op.hasParam ? args[0] : nil
        if expr.type != .vector {
            typeError(expr.pos, "expected type instant vector in aggregation expression, got \(expr.type.documented)")
        }
        if let param {
            let want: ValueType = op == .countValues ? .string : .scalar
            if param.type != want {
                typeError(param.pos, "expected type \(want.documented) in aggregation parameter, got \(param.type.documented)")
            }
        }
        return .aggregate(AggregateExpr(op: op, expr: expr, param: param, grouping: grouping, without: without, pos: pos))
    }

    mutating func parseCall() throws(ParseError) -> Expr {
        let nameTok = advance()
        guard let fn = FunctionTable.all[nameTok.text] else {
            throw error(nameTok.pos, "unknown function with name \(goQuote(nameTok.text))")
        }
        if fn.experimental && !options.enableExperimentalFunctions {
            throw error(nameTok.pos, "function \(goQuote(fn.name)) is not enabled")
        }
        let errorsBefore = typeErrors.count
        let (args, end) = try parseCallArgs("function call")
        let pos = PosRange(nameTok.pos.start, end)
        if fn.name == "info" && args.count > 1 {
            // The second argument selects data labels: braces only, and it may match everything.
            if case .vectorSelector(let sel) = args[1] {
                if sel.name != nil {
                    typeError(sel.pos, "expected label selectors only, got vector selector instead")
                }
                var kept = Array(typeErrors[..<errorsBefore])
                for e in typeErrors[errorsBefore...]
                where !(e.pos == sel.pos && e.message == "vector selector must contain at least one non-empty matcher") {
                    kept.append(e)
                }
                typeErrors = kept
            } else {
                typeError(args[1].pos, "expected label selectors only")
            }
        }
        let nargs = fn.argTypes.count
        if fn.variadic == 0 {
            if nargs != args.count {
                typeError(pos, "expected \(nargs) argument(s) in call to \(goQuote(fn.name)), got \(args.count)")
            }
        } else {
            let na = nargs - 1
            if na > args.count {
                typeError(pos, "expected at least \(na) argument(s) in call to \(goQuote(fn.name)), got \(args.count)")
            } else if fn.variadic > 0 && na + fn.variadic < args.count {
                typeError(pos, "expected at most \(na + fn.variadic) argument(s) in call to \(goQuote(fn.name)), got \(args.count)")
            }
        }
        for (i, a) in args.enumerated() {
            let ti = min(i, nargs - 1)
            if i >= nargs && fn.variadic == 0 { break }
            let want = fn.argTypes[ti]
            if a.type != want {
                typeError(a.pos, "expected type \(want.documented) in call to function \(goQuote(fn.name)), got \(a.type.documented)")
            }
        }
        return .call(Call(function: fn, args: args, pos: pos))
    }
}

/// Go's regexp error wording where the cause is recognisable ("missing closing )"), quoting the
/// anchored expression as Prometheus compiles it.
func regexErrorMessage(_ e: RegexError, _ pattern: String) -> String {
    var reason = e.reason
    if reason.contains("expected ')'") { reason = "missing closing )" }
    if reason.hasPrefix("invalid escape sequence: ") || reason.hasPrefix("trailing backslash") {
        return "error parsing regexp: \(reason)"
    }
    return "error parsing regexp: \(reason): `^(?:\(pattern))$`"
}
