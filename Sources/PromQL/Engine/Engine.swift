public import PromModel
public import Storage

/// Knobs of the engine; defaults are Prometheus's.
public struct EngineOptions: Sendable {
    /// How far back an instant selector looks for the latest sample (`--query.lookback-delta`), ms.
    public var lookbackDelta: Int64
    /// Wall-clock limit of one query.
    public var timeout: Duration
    /// Upper bound on samples held in memory by one step of a query.
    public var maxSamples: Int
    public var enableExperimentalFunctions: Bool
    /// Step of subqueries written without one (`x[1h:]`), ms; Prometheus uses the global evaluation interval.
    public var defaultSubqueryStep: Int64
    /// Prometheus 3's `promql-delayed-name-removal`: `__name__` is removed at the end of evaluation,
    /// so label functions can still read it. Off by default, as in Prometheus; promqltest turns it on.
    public var enableDelayedNameRemoval: Bool

    public init(lookbackDelta: Int64 = 5 * 60_000, timeout: Duration = .seconds(120), maxSamples: Int = 50_000_000,
                enableExperimentalFunctions: Bool = false, defaultSubqueryStep: Int64 = 60_000,
                enableDelayedNameRemoval: Bool = false) {
        self.enableDelayedNameRemoval = enableDelayedNameRemoval
        self.lookbackDelta = lookbackDelta
        self.timeout = timeout
        self.maxSamples = maxSamples
        self.enableExperimentalFunctions = enableExperimentalFunctions
        self.defaultSubqueryStep = defaultSubqueryStep
    }
}

/// One element of an instant vector result; `t` is the evaluation time.
public struct VectorSample: Sendable, Equatable {
    public var labels: Labels
    public var t: Timestamp
    public var v: Double
    public init(labels: Labels, t: Timestamp, v: Double) {
        self.labels = labels
        self.t = t
        self.v = v
    }
}

/// One series of a range result (a range query, or an instant query of a range selector).
public struct RangeSeries: Sendable, Equatable {
    public var labels: Labels
    public var samples: [Sample]
    public init(labels: Labels, samples: [Sample]) {
        self.labels = labels
        self.samples = samples
    }
}

public enum QueryValue: Sendable, Equatable {
    case vector([VectorSample])
    case matrix([RangeSeries])
    case scalar(Timestamp, Double)
    case string(Timestamp, String)

    /// "vector", "matrix", "scalar", "string": the API's `resultType`.
    public var resultType: String {
        switch self {
        case .vector: return "vector"
        case .matrix: return "matrix"
        case .scalar: return "scalar"
        case .string: return "string"
        }
    }
}

/// A query's value plus the annotations Prometheus returns beside it.
public struct QueryResult: Sendable {
    public var value: QueryValue
    /// "PromQL warning: …" messages (API `warnings`).
    public var warnings: [String]
    /// "PromQL info: …" messages (API `infos`).
    public var infos: [String]
}

/// A failed query, with the Prometheus API error type.
public struct PromQLError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case badData = "bad_data"
        case execution
        case timeout
        case canceled
        case `internal`
    }

    public var kind: Kind
    public var message: String
    public var description: String { message }

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    init(_ p: ParseError) {
        self.init(.badData, p.description)
    }
}

/// Evaluates PromQL over any `Queryable`. Stateless apart from its options: safe to share.
public final class Engine: Sendable {
    public let options: EngineOptions

    public init(options: EngineOptions = EngineOptions()) {
        self.options = options
    }

    public func parse(_ q: String) throws(PromQLError) -> Expr {
        do {
            return try parseExpr(q, options: ParserOptions(enableExperimentalFunctions: options.enableExperimentalFunctions))
        } catch {
            throw PromQLError(error)
        }
    }

    /// Evaluates `q` at one instant.
    public func instantQuery(_ q: String, at: Timestamp, queryable: any Queryable) async throws(PromQLError) -> QueryResult {
        let expr = try parse(q)
        return try run(expr, query: q, start: at, end: at, step: 0, instant: true, queryable: queryable)
    }

    /// Evaluates `q` at every `step` ms from `start` to `end` inclusive.
    public func rangeQuery(_ q: String, start: Timestamp, end: Timestamp, step: Int64,
                           queryable: any Queryable) async throws(PromQLError) -> QueryResult {
        let expr = try parse(q)
        guard step > 0 else {
            throw PromQLError(.badData, "zero or negative query resolution step widths are not accepted. Try a positive integer")
        }
        guard end >= start else { throw PromQLError(.badData, "end timestamp must not be before start time") }
        if expr.type != .vector && expr.type != .scalar {
            throw PromQLError(.badData, "invalid expression type \"\(expr.type.documented)\" for range query, must be Scalar or instant Vector")
        }
        return try run(expr, query: q, start: start, end: end, step: step, instant: false, queryable: queryable)
    }

    func run(_ expr: Expr, query: String = "", start: Timestamp, end: Timestamp, step: Int64, instant: Bool,
             queryable: any Queryable) throws(PromQLError) -> QueryResult {
        let ev = Evaluator(options: options, start: start, end: end, step: step)
        ev.query = query
        try ev.open(expr, queryable: queryable)
        let value: QueryValue
        if instant {
            value = try ev.instantValue(expr)
        } else {
            value = try ev.rangeValue(expr)
        }
        return QueryResult(value: value, warnings: ev.annotations.warnings, infos: ev.annotations.infos)
    }
}
