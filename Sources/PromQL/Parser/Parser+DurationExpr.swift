/// Duration expressions (Prometheus 3.5+): `foo[2m*(10+5)]`, `x[29s+1s:5s+5s]`, `offset (1h + 5m)`.
/// Number and duration literals combine with `+ - * / % ^`, parentheses and unary signs; numbers mean
/// seconds. The value is computed at parse time.
extension Parser {
    /// Parses a duration expression in seconds, stopping before `:` or `]`.
    mutating func parseDurationExpr(minPrec: Int = 0) throws(ParseError) -> Double {
        var lhs = try parseDurationUnary()
        while let op = durationOp(cur.kind), op.prec >= minPrec {
            let opTok = advance()
            let rhs = try parseDurationExpr(minPrec: op.rightAssoc ? op.prec : op.prec + 1)
            switch opTok.kind {
            case .add: lhs += rhs
            case .sub: lhs -= rhs
            case .mul: lhs *= rhs
            case .div:
                if rhs == 0 { throw error(opTok.pos, "division by zero") }
                lhs /= rhs
            case .mod:
                if rhs == 0 { throw error(opTok.pos, "modulo by zero") }
                lhs = lhs.truncatingRemainder(dividingBy: rhs)
            case .pow: lhs = pow(lhs, rhs)
            default: break
            }
        }
        return lhs
    }

    func durationOp(_ k: TokenKind) -> (prec: Int, rightAssoc: Bool)? {
        switch k {
        case .add, .sub: return (1, false)
        case .mul, .div, .mod: return (2, false)
        case .pow: return (3, true)
        default: return nil
        }
    }

    mutating func parseDurationUnary() throws(ParseError) -> Double {
        if cur.kind == .sub || cur.kind == .add {
            let neg = advance().kind == .sub
            // Unary signs bind like `*`: `-2 ^ 2` is `-(2 ^ 2)`.
            let v = try parseDurationExpr(minPrec: 3)
            return neg ? -v : v
        }
        let t = cur
        switch t.kind {
        case .leftParen:
            _ = advance()
            let v = try parseDurationExpr()
            _ = try expect(.rightParen, "duration expression")
            return v
        case .duration:
            _ = advance()
            guard let d = PromDuration.parse(t.text) else { throw error(t.pos, "not a valid duration string: \(goQuote(t.text))") }
            return Double(d) / 1000
        case .number:
            _ = advance()
            guard let v = parseNumber(t.text) else { throw error(t.pos, "bad number: \(goQuote(t.text))") }
            return v
        default:
            throw unexpected("duration expression", expected: "duration")
        }
    }

    /// A range, step or offset value in ms: a duration expression checked to fit in Int64.
    mutating func parseDurationMillis(_ context: String) throws(ParseError) -> Int64 {
        let start = cur.pos.start
        let secs = try parseDurationExpr()
        let ms = (secs * 1000).rounded()
        guard ms.isFinite, abs(ms) < 9.2e18 else {
            throw error(PosRange(start, tokens[max(p - 1, 0)].pos.end), "duration out of range")
        }
        return Int64(ms)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
