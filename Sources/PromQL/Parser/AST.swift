public import PromModel

/// The four PromQL value types, named as Prometheus names them in messages.
public enum ValueType: String, Sendable, Hashable {
    case scalar
    case vector
    case matrix
    case string

    /// "instant vector" / "range vector" as used in Prometheus's type errors.
    public var documented: String {
        switch self {
        case .scalar: return "scalar"
        case .vector: return "instant vector"
        case .matrix: return "range vector"
        case .string: return "string"
        }
    }
}

/// A parsed PromQL expression. Positions are byte offsets into the query.
public indirect enum Expr: Sendable {
    case number(NumberLiteral)
    case string(StringLiteral)
    case vectorSelector(VectorSelector)
    case matrixSelector(MatrixSelector)
    case subquery(SubqueryExpr)
    case call(Call)
    case aggregate(AggregateExpr)
    case binary(BinaryExpr)
    case unary(UnaryExpr)
    case paren(ParenExpr)

    public var type: ValueType {
        switch self {
        case .number: return .scalar
        case .string: return .string
        case .vectorSelector: return .vector
        case .matrixSelector, .subquery: return .matrix
        case .call(let c): return c.function.returnType
        case .aggregate: return .vector
        case .binary(let b): return b.lhs.type == .scalar && b.rhs.type == .scalar ? .scalar : .vector
        case .unary(let u): return u.expr.type
        case .paren(let p): return p.expr.type
        }
    }

    /// Height of the expression tree, computed without recursion.
    public var depth: Int {
        var maxDepth = 0
        var stack: [(Expr, Int)] = [(self, 1)]
        while let (e, d) = stack.popLast() {
            maxDepth = Swift.max(maxDepth, d)
            switch e {
            case .number, .string, .vectorSelector, .matrixSelector: break
            case .subquery(let s): stack.append((s.expr, d + 1))
            case .call(let c): for a in c.args { stack.append((a, d + 1)) }
            case .aggregate(let a):
                stack.append((a.expr, d + 1))
                if let p = a.param { stack.append((p, d + 1)) }
            case .binary(let b):
                stack.append((b.lhs, d + 1))
                stack.append((b.rhs, d + 1))
            case .unary(let u): stack.append((u.expr, d + 1))
            case .paren(let p): stack.append((p.expr, d + 1))
            }
        }
        return maxDepth
    }

    public var pos: PosRange {
        switch self {
        case .number(let n): return n.pos
        case .string(let s): return s.pos
        case .vectorSelector(let v): return v.pos
        case .matrixSelector(let m): return m.pos
        case .subquery(let s): return s.pos
        case .call(let c): return c.pos
        case .aggregate(let a): return a.pos
        case .binary(let b): return b.pos
        case .unary(let u): return u.pos
        case .paren(let p): return p.pos
        }
    }
}

public struct NumberLiteral: Sendable {
    public var value: Double
    /// Written as a duration (`5m`): printed back as one.
    public var isDuration: Bool = false
    public var pos: PosRange
}

public struct StringLiteral: Sendable {
    public var value: String
    public var pos: PosRange
    /// The literal's escapes spelled bytes that are not UTF-8 (`"\xff"`); `value` holds U+FFFD
    /// in their place. Prometheus refuses such strings as label names.
    public var hasInvalidUTF8 = false
}

/// `@ <timestamp>`, `@ start()` or `@ end()`.
public enum AtModifier: Sendable, Hashable {
    case timestamp(Timestamp)
    case start
    case end
}

public struct VectorSelector: Sendable {
    /// The metric name when written before the braces (`foo{…}`); names inside the braces are matchers.
    public var name: String?

    /// The single metric name every selected series has, if the matchers pin one.
    public var fixedName: String? {
        if let name { return name }
        let eq = matchers.filter { $0.name == LabelName.metricName && $0.kind == .equal }
        return eq.count == 1 ? eq[0].value : nil
    }

    /// All matchers, including the `__name__` equality for `name`.
    public var matchers: [Matcher]
    /// Offset in milliseconds (negative allowed).
    public var offset: Int64 = 0
    public var at: AtModifier?
    public var pos: PosRange
}

public struct MatrixSelector: Sendable {
    public var selector: VectorSelector
    /// Range in milliseconds.
    public var range: Int64
    public var pos: PosRange
}

public struct SubqueryExpr: Sendable {
    public var expr: Expr
    public var range: Int64
    /// Step in milliseconds; 0 means the engine's default evaluation interval.
    public var step: Int64
    public var offset: Int64 = 0
    public var at: AtModifier?
    public var pos: PosRange
}

public struct Call: Sendable {
    public var function: FunctionDef
    public var args: [Expr]
    public var pos: PosRange
}

public enum AggregateOp: String, Sendable, CaseIterable {
    case sum, avg, count, min, max, group, stddev, stdvar, topk, bottomk
    case countValues = "count_values"
    case quantile, limitk
    case limitRatio = "limit_ratio"

    var hasParam: Bool {
        switch self {
        case .topk, .bottomk, .countValues, .quantile, .limitk, .limitRatio: return true
        default: return false
        }
    }

    var experimental: Bool { self == .limitk || self == .limitRatio }
}

public struct AggregateExpr: Sendable {
    public var op: AggregateOp
    public var expr: Expr
    public var param: Expr?
    public var grouping: [String]
    public var without: Bool
    public var pos: PosRange
}

public enum BinaryOp: String, Sendable, CaseIterable {
    case add = "+", sub = "-", mul = "*", div = "/", mod = "%", pow = "^", atan2
    case eql = "==", neq = "!=", gtr = ">", lss = "<", gte = ">=", lte = "<="
    case and, or, unless

    var isComparison: Bool {
        switch self {
        case .eql, .neq, .gtr, .lss, .gte, .lte: return true
        default: return false
        }
    }

    var isSetOperator: Bool { self == .and || self == .or || self == .unless }

    /// Prometheus precedence, higher binds tighter.
    var precedence: Int {
        switch self {
        case .or: return 1
        case .and, .unless: return 2
        case .eql, .neq, .gtr, .lss, .gte, .lte: return 3
        case .add, .sub: return 4
        case .mul, .div, .mod, .atan2: return 5
        case .pow: return 6
        }
    }
}

public enum Cardinality: Sendable, Hashable {
    case oneToOne, manyToOne, oneToMany, manyToMany
}

public struct VectorMatching: Sendable {
    public var card: Cardinality = .oneToOne
    public var matchingLabels: [String] = []
    public var on = false
    public var include: [String] = []
}

public struct BinaryExpr: Sendable {
    public var op: BinaryOp
    public var lhs: Expr
    public var rhs: Expr
    public var returnBool = false
    /// Nil when either side is a scalar.
    public var matching: VectorMatching?
    public var opPos: PosRange
    /// From the start of the left operand to the end of the right one (stored: chains are long).
    public var pos: PosRange
}

public struct UnaryExpr: Sendable {
    /// `-` negates; `+` is kept for printing only.
    public var negate: Bool
    public var expr: Expr
    public var pos: PosRange
}

public struct ParenExpr: Sendable {
    public var expr: Expr
    public var pos: PosRange
}
