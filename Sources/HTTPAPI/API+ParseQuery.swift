import Exposition
import Hummingbird
import PromModel
import PromQL

extension PrometheusAPI {
    /// `/api/v1/parse_query`: the AST as JSON in Prometheus 3's shape (the UI's tree view reads it).
    func parseQuery(_ p: APIParams) throws(APIError) -> Response {
        let expr = try parseQueryParam(p)
        return successResponse { w in writeAST(expr, into: &w) }
    }
}

/// Writes one node. Keys are in sorted order because Prometheus builds these as Go maps, which
/// `encoding/json` writes sorted; clients comparing bodies see the same bytes.
func writeAST(_ e: Expr, into w: inout JSONWriter) {
    switch e {
    case .aggregate(let a):
        w.raw(#"{"expr":"#)
        writeAST(a.expr, into: &w)
        w.raw(#","grouping":"#)
        w.stringArray(a.grouping)
        w.raw(#","op":"#)
        w.string(a.op.rawValue)
        w.raw(#","param":"#)
        if let param = a.param { writeAST(param, into: &w) } else { w.raw("null") }
        w.raw(#","type":"aggregation","without":"#)
        w.bool(a.without)
        w.raw("}")
    case .binary(let b):
        w.raw(#"{"bool":"#)
        w.bool(b.returnBool)
        w.raw(#","lhs":"#)
        writeAST(b.lhs, into: &w)
        w.raw(#","matching":"#)
        if let m = b.matching {
            w.raw(#"{"card":"#)
            w.string(m.card.promName)
            w.raw(#","include":"#)
            w.stringArray(m.include)
            w.raw(#","labels":"#)
            w.stringArray(m.matchingLabels)
            w.raw(#","on":"#)
            w.bool(m.on)
            w.raw("}")
        } else {
            w.raw("null")
        }
        w.raw(#","op":"#)
        w.string(b.op.rawValue)
        w.raw(#","rhs":"#)
        writeAST(b.rhs, into: &w)
        w.raw(#","type":"binaryExpr"}"#)
    case .call(let c):
        w.raw(#"{"args":["#)
        for (i, a) in c.args.enumerated() {
            if i > 0 { w.raw(",") }
            writeAST(a, into: &w)
        }
        w.raw(#"],"func":{"argTypes":"#)
        w.stringArray(c.function.argTypes.map(\.rawValue))
        w.raw(#","name":"#)
        w.string(c.function.name)
        w.raw(#","returnType":"#)
        w.string(c.function.returnType.rawValue)
        w.raw(#","variadic":"#)
        w.int(c.function.variadic)
        w.raw(#"},"type":"call"}"#)
    case .matrixSelector(let m):
        let vs = m.selector
        w.raw(#"{"matchers":"#)
        writeMatchers(prometheusOrder(vs), into: &w)
        w.raw(#","name":"#)
        w.string(vs.name ?? "")
        w.raw(#","offset":"#)
        w.raw(String(vs.offset))
        w.raw(#","range":"#)
        w.raw(String(m.range))
        writeAt(vs.at, into: &w)
        w.raw(#","type":"matrixSelector"}"#)
    case .subquery(let s):
        w.raw(#"{"expr":"#)
        writeAST(s.expr, into: &w)
        w.raw(#","offset":"#)
        w.raw(String(s.offset))
        w.raw(#","range":"#)
        w.raw(String(s.range))
        writeAt(s.at, into: &w)
        w.raw(#","step":"#)
        w.raw(String(s.step))
        w.raw(#","type":"subquery"}"#)
    case .number(let n):
        w.raw(#"{"type":"numberLiteral","val":"#)
        w.string(formatPromJSONFloat(n.value))
        w.raw("}")
    case .paren(let p):
        w.raw(#"{"expr":"#)
        writeAST(p.expr, into: &w)
        w.raw(#","type":"parenExpr"}"#)
    case .string(let s):
        w.raw(#"{"type":"stringLiteral","val":"#)
        w.string(s.value)
        w.raw("}")
    case .unary(let u):
        w.raw(#"{"expr":"#)
        writeAST(u.expr, into: &w)
        w.raw(#","op":"#)
        w.string(u.negate ? "-" : "+")
        w.raw(#","type":"unaryExpr"}"#)
    case .vectorSelector(let vs):
        w.raw(#"{"matchers":"#)
        writeMatchers(prometheusOrder(vs), into: &w)
        w.raw(#","name":"#)
        w.string(vs.name ?? "")
        w.raw(#","offset":"#)
        w.raw(String(vs.offset))
        writeAt(vs.at, into: &w)
        w.raw(#","type":"vectorSelector"}"#)
    }
}

/// `,"startOrEnd":…` and `,"timestamp":…` (both sort between `range`/`offset` and `step`/`type`).
private func writeAt(_ at: AtModifier?, into w: inout JSONWriter) {
    w.raw(#","startOrEnd":"#)
    switch at {
    case .start: w.raw(#""start""#)
    case .end: w.raw(#""end""#)
    default: w.raw("null")
    }
    w.raw(#","timestamp":"#)
    if case .timestamp(let t) = at { w.raw(String(t)) } else { w.raw("null") }
}

/// Prometheus appends the matcher for a selector's leading metric name after the braces' matchers.
private func prometheusOrder(_ vs: VectorSelector) -> [Matcher] {
    guard let name = vs.name,
        let i = vs.matchers.firstIndex(where: { $0.name == "__name__" && $0.kind == .equal && $0.value == name })
    else { return vs.matchers }
    var ms = vs.matchers
    ms.append(ms.remove(at: i))
    return ms
}

private func writeMatchers(_ ms: [Matcher], into w: inout JSONWriter) {
    w.raw("[")
    for (i, m) in ms.enumerated() {
        if i > 0 { w.raw(",") }
        w.raw(#"{"name":"#)
        w.string(m.name)
        w.raw(#","type":"#)
        w.string(m.kind.rawValue)
        w.raw(#","value":"#)
        w.string(m.value)
        w.raw("}")
    }
    w.raw("]")
}

extension Cardinality {
    /// Prometheus's `VectorMatchCardinality.String()`.
    var promName: String {
        switch self {
        case .oneToOne: "one-to-one"
        case .manyToOne: "many-to-one"
        case .oneToMany: "one-to-many"
        case .manyToMany: "many-to-many"
        }
    }
}
