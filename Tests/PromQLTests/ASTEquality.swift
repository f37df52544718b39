@testable import PromQL

/// Structural equality of two ASTs: every node kind, operator, literal, selector, modifier and grouping, but not
/// source positions (a printed query places nodes elsewhere). NaN literals are equal to each other.
func sameAST(_ a: Expr, _ b: Expr) -> Bool {
    switch (a, b) {
    case (.number(let x), .number(let y)):
        return x.value.bitPattern == y.value.bitPattern || (x.value.isNaN && y.value.isNaN)
    case (.string(let x), .string(let y)):
        return x.value == y.value
    case (.vectorSelector(let x), .vectorSelector(let y)):
        return sameSelector(x, y)
    case (.matrixSelector(let x), .matrixSelector(let y)):
        return x.range == y.range && sameSelector(x.selector, y.selector)
    case (.subquery(let x), .subquery(let y)):
        return x.range == y.range && x.step == y.step && x.offset == y.offset && x.at == y.at && sameAST(x.expr, y.expr)
    case (.call(let x), .call(let y)):
        return x.function == y.function && x.args.count == y.args.count && zip(x.args, y.args).allSatisfy(sameAST)
    case (.aggregate(let x), .aggregate(let y)):
        let params: Bool
        switch (x.param, y.param) {
        case (nil, nil): params = true
        case (let p?, let q?): params = sameAST(p, q)
        default: params = false
        }
        return x.op == y.op && x.without == y.without && x.grouping == y.grouping && params && sameAST(x.expr, y.expr)
    case (.binary(let x), .binary(let y)):
        return x.op == y.op && x.returnBool == y.returnBool && sameMatching(x.matching, y.matching)
            && sameAST(x.lhs, y.lhs) && sameAST(x.rhs, y.rhs)
    case (.unary(let x), .unary(let y)):
        return x.negate == y.negate && sameAST(x.expr, y.expr)
    case (.paren(let x), .paren(let y)):
        return sameAST(x.expr, y.expr)
    default:
        return false
    }
}

private func sameSelector(_ x: VectorSelector, _ y: VectorSelector) -> Bool {
    x.name == y.name && x.offset == y.offset && x.at == y.at && Set(x.matchers) == Set(y.matchers)
}

private func sameMatching(_ x: VectorMatching?, _ y: VectorMatching?) -> Bool {
    switch (x, y) {
    case (nil, nil): return true
    case (let a?, let b?):
        return a.card == b.card && a.on == b.on && a.matchingLabels == b.matchingLabels && a.include == b.include
    default: return false
    }
}
