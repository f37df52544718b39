import PromModel

/// Postfix modifiers: ranges `[5m]`, subqueries `[1h:1m]`, `offset` and `@`.
extension Parser {
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
            // Prometheus holds durations in Go's nanosecond time.Duration: about ±292 years.
            guard abs(ms) < 9.223372036854775e12 else { throw error(t.pos, "duration out of range") }
            return Int64(ms.rounded())
        default:
            throw unexpected(context, expected: "duration")
        }
    }

    mutating func parseRangeOrSubquery(_ e: Expr) throws(ParseError) -> Expr {
        let open = advance()
        let rangeStart = cur.pos.start
        let range = try parseDurationMillis("subquery or range selector")
        let rangePos = PosRange(rangeStart, tokens[p - 1].pos.end)
        if cur.kind == .colon {
            _ = advance()
            var step: Int64 = 0
            let stepStart = cur.pos.start
            if cur.kind != .rightBracket { step = try parseDurationMillis("subquery or range selector") }
            let close = try expect(.rightBracket, "subquery selector")
            if range <= 0 { throw error(rangePos, "duration must be greater than 0") }
            if step < 0 { throw error(PosRange(stepStart, close.pos.start), "duration must be greater than 0") }
            if e.type != .vector {
                typeError(PosRange(e.pos.start, close.pos.end), "subquery is only allowed on instant vector, got \(e.type.rawValue) instead")
            }
            return .subquery(SubqueryExpr(expr: e, range: range, step: step, pos: PosRange(e.pos.start, close.pos.end)))
        }
        let close = try expect(.rightBracket, "matrix selector")
        let bracketPos = PosRange(open.pos.start, close.pos.end)
        guard case .vectorSelector(let vs) = e else {
            throw error(bracketPos, "ranges only allowed for vector selectors")
        }
        if vs.offset != 0 { throw error(bracketPos, "no offset modifiers allowed before range") }
        if vs.at != nil { throw error(bracketPos, "no @ modifiers allowed before range") }
        if range <= 0 { throw error(rangePos, "duration must be greater than 0") }
        return .matrixSelector(MatrixSelector(selector: vs, range: range, pos: PosRange(e.pos.start, close.pos.end)))
    }

    mutating func parseOffset(_ e: Expr) throws(ParseError) -> Expr {
        _ = advance()
        var sign: Int64 = 1
        if cur.kind == .sub {
            _ = advance()
            sign = -1
        } else if cur.kind == .add {
            _ = advance()
        }
        // A bare literal, or a parenthesised duration expression: `offset 100 + 2` adds 2 to the result.
        if cur.kind == .eof || !(cur.kind == .leftParen || cur.kind == .number || cur.kind == .duration) {
            throw unexpected("offset", expected: "number, duration, step(), or range()")
        }
        let d = (cur.kind == .leftParen ? try parseDurationMillis("offset") : try parseDurationValue("offset")) * sign
        let end = tokens[p - 1].pos.end
        let msg = "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery"
        switch e {
        case .vectorSelector(var vs):
            if vs.offset != 0 { throw error(PosRange(e.pos.start, end), "offset may not be set multiple times") }
            vs.offset = d
            vs.pos.end = end
            return .vectorSelector(vs)
        case .matrixSelector(var ms):
            if ms.selector.offset != 0 { throw error(PosRange(e.pos.start, end), "offset may not be set multiple times") }
            ms.selector.offset = d
            ms.pos.end = end
            return .matrixSelector(ms)
        case .subquery(var sq):
            if sq.offset != 0 { throw error(PosRange(e.pos.start, end), "offset may not be set multiple times") }
            sq.offset = d
            sq.pos.end = end
            return .subquery(sq)
        default:
            throw error(PosRange(e.pos.start, end), msg)
        }
    }

    mutating func parseAt(_ e: Expr) throws(ParseError) -> Expr {
        _ = advance()
        var at: AtModifier
        if isKeyword("start") || isKeyword("end") {
            let isStart = isKeyword("start")
            _ = advance()
            if cur.kind != .leftParen { throw unexpected("@", expected: "timestamp") }
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
            let isInfNaN = cur.kind == .identifier && ["inf", "nan"].contains(cur.text.lowercased())
            guard cur.kind == .number || cur.kind == .duration || isInfNaN else { throw unexpected("@", expected: "timestamp") }
            let t = advance()
            let v: Double
            if t.kind == .duration {
                v = Double(PromDuration.parse(t.text) ?? 0) / 1000
            } else {
                guard let x = parseNumber(t.text) else { throw error(t.pos, "bad number: \(goQuote(t.text))") }
                v = x
            }
            let ms = sign * v * 1000
            if !ms.isFinite || ms >= 9.223372036854775807e18 || ms < -9.223372036854775808e18 {
                throw error(PosRange(e.pos.start, e.pos.end), "timestamp out of bounds for @ modifier: \(fixed6(sign * v))")
            }
            at = .timestamp(Int64(ms.rounded()))
        }
        let end = tokens[p - 1].pos.end
        switch e {
        case .vectorSelector(var vs):
            if vs.at != nil { throw error(PosRange(e.pos.start, end), "@ <timestamp> may not be set multiple times") }
            vs.at = at
            vs.pos.end = end
            return .vectorSelector(vs)
        case .matrixSelector(var ms):
            if ms.selector.at != nil { throw error(PosRange(e.pos.start, end), "@ <timestamp> may not be set multiple times") }
            ms.selector.at = at
            ms.pos.end = end
            return .matrixSelector(ms)
        case .subquery(var sq):
            if sq.at != nil { throw error(PosRange(e.pos.start, end), "@ <timestamp> may not be set multiple times") }
            sq.at = at
            sq.pos.end = end
            return .subquery(sq)
        default:
            throw error(PosRange(e.pos.start, end),
                        "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery")
        }
    }
}
