import PromModel

extension Expr: CustomStringConvertible {
    /// Canonical PromQL, as Prometheus's `String()` prints it.
    public var description: String { Printer.print(self) }
}

/// Formats a float as Go's `strconv.FormatFloat(v, 'f', -1, 64)`, with `+Inf`, `-Inf` and `NaN`.
public func formatFloat(_ v: Double) -> String {
    if v.isNaN { return "NaN" }
    if v == .infinity { return "+Inf" }
    if v == -.infinity { return "-Inf" }
    if v == v.rounded() && abs(v) < 1e21 {
        if v == 0 { return v.sign == .minus ? "-0" : "0" }
        return String(Int64(exactly: v).map { String($0) } ?? plainDecimal(v))
    }
    return plainDecimal(v)
}

/// Shortest round-trip digits without exponent notation.
func plainDecimal(_ v: Double) -> String {
    let s = "\(v)"  // Swift prints the shortest round-trip representation, maybe with "e".
    guard let eIdx = s.firstIndex(where: { $0 == "e" || $0 == "E" }) else {
        return s.hasSuffix(".0") ? String(s.dropLast(2)) : s
    }
    var mantissa = String(s[s.startIndex..<eIdx])
    let exp = Int(s[s.index(after: eIdx)...])!
    var neg = false
    if mantissa.hasPrefix("-") {
        neg = true
        mantissa.removeFirst()
    }
    let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
    let intPart = String(parts[0])
    var frac = parts.count > 1 ? String(parts[1]) : ""
    if frac == "0" { frac = "" }
    var digits = intPart + frac
    var point = intPart.count + exp
    if point <= 0 {
        digits = String(repeating: "0", count: -point + 1) + digits
        point = 1
    } else if point > digits.count {
        digits += String(repeating: "0", count: point - digits.count)
    }
    let i = digits.index(digits.startIndex, offsetBy: point)
    var out = String(digits[..<i])
    let rest = String(digits[i...])
    if !rest.isEmpty && rest.contains(where: { $0 != "0" }) {
        out += "." + rest
        while out.hasSuffix("0") { out.removeLast() }
    }
    return (neg ? "-" : "") + out
}

enum Printer {
    static func print(_ e: Expr) -> String {
        switch e {
        case .number(let n):
            if n.isDuration && n.value.isFinite && n.value >= 0 {
                return PromDuration.format(Int64((n.value * 1000).rounded()))
            }
            return formatFloat(n.value)
        case .string(let s):
            return goQuote(s.value)
        case .vectorSelector(let vs):
            return selector(vs) + atOffset(vs.at, vs.offset)
        case .matrixSelector(let ms):
            return selector(ms.selector) + "[\(PromDuration.format(ms.range))]" + atOffset(ms.selector.at, ms.selector.offset)
        case .subquery(let sq):
            let step = sq.step == 0 ? "" : PromDuration.format(sq.step)
            return print(sq.expr) + "[\(PromDuration.format(sq.range)):\(step)]" + atOffset(sq.at, sq.offset)
        case .call(let c):
            return c.function.name + "(" + c.args.map(print).joined(separator: ", ") + ")"
        case .aggregate(let a):
            var s = a.op.rawValue
            if a.without {
                s += " without (\(joinLabels(a.grouping))) "
            } else if !a.grouping.isEmpty {
                s += " by (\(joinLabels(a.grouping))) "
            }
            s += "("
            if let p = a.param { s += print(p) + ", " }
            return s + print(a.expr) + ")"
        case .binary(let b):
            var m = ""
            if let vm = b.matching, !vm.matchingLabels.isEmpty || vm.on {
                m = " \(vm.on ? "on" : "ignoring") (\(joinLabels(vm.matchingLabels)))"
                if vm.card == .manyToOne || vm.card == .oneToMany {
                    m += " group_\(vm.card == .manyToOne ? "left" : "right") (\(joinLabels(vm.include)))"
                }
            }
            var lhs = print(b.lhs)
            // `^` binds tighter than a sign: a literal printed with one (`+Inf`, a folded `-2`) on its left
            // would re-parse as the sign applied to the whole power, so it keeps parentheses.
            if b.op == .pow, case .number = b.lhs, lhs.hasPrefix("+") || lhs.hasPrefix("-") { lhs = "(" + lhs + ")" }
            return "\(lhs) \(b.op.rawValue)\(b.returnBool ? " bool" : "")\(m) \(print(b.rhs))"
        case .unary(let u):
            return (u.negate ? "-" : "+") + print(u.expr)
        case .paren(let p):
            return "(" + print(p.expr) + ")"
        }
    }

    static func joinLabels(_ ls: [String]) -> String {
        ls.map { LabelName.isLegacyValid($0) ? $0 : goQuote($0) }.joined(separator: ", ")
    }

    /// `name{a="b",c!="d"}`: the name matcher implied by an outside name is skipped; matchers are
    /// joined by "," as Prometheus prints them.
    static func selector(_ vs: VectorSelector) -> String {
        var parts: [String] = []
        var skippedName = false
        for m in vs.matchers {
            if !skippedName, let n = vs.name, m.name == LabelName.metricName, m.kind == .equal, m.value == n {
                skippedName = true
                continue
            }
            let ln = LabelName.isLegacyValid(m.name) ? m.name : goQuote(m.name)
            parts.append("\(ln)\(m.kind.rawValue)\(goQuote(m.value))")
        }
        let name = vs.name ?? ""
        if parts.isEmpty { return name }
        return name + "{" + parts.joined(separator: ",") + "}"
    }

    static func atOffset(_ at: AtModifier?, _ offset: Int64) -> String {
        var s = ""
        switch at {
        case .none: break
        case .start: s += " @ start()"
        case .end: s += " @ end()"
        case .timestamp(let t): s += " @ " + formatMillisAsSeconds(t)
        }
        if offset > 0 {
            s += " offset " + PromDuration.format(offset)
        } else if offset < 0 {
            s += " offset -" + PromDuration.format(-offset)
        }
        return s
    }

    /// `%.3f` of t/1000 without floating-point error.
    static func formatMillisAsSeconds(_ t: Int64) -> String {
        let neg = t < 0
        let a = t.magnitude
        let frac = String(a % 1000)
        return (neg ? "-" : "") + "\(a / 1000)." + String(repeating: "0", count: 3 - frac.count) + frac
    }
}
