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
    /// Queries evaluated at once (`--query.max-concurrency`); more wait in a queue. 0: no limit.
    public var maxConcurrency: Int

    public init(lookbackDelta: Int64 = 5 * 60_000, timeout: Duration = .seconds(120), maxSamples: Int = 50_000_000,
                enableExperimentalFunctions: Bool = false, defaultSubqueryStep: Int64 = 60_000,
                enableDelayedNameRemoval: Bool = false, maxConcurrency: Int = 20) {
        self.enableDelayedNameRemoval = enableDelayedNameRemoval
        self.maxConcurrency = maxConcurrency
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
    /// The float value; not meaningful when `h` is set.
    public var v: Double
    /// A native histogram value instead of a float.
    public var h: FloatHistogram?
    public init(labels: Labels, t: Timestamp, v: Double, h: FloatHistogram? = nil) {
        self.labels = labels
        self.t = t
        self.v = v
        self.h = h
    }
}

/// One series of a range result (a range query, or an instant query of a range selector).
public struct RangeSeries: Sendable, Equatable {
    public var labels: Labels
    /// Float samples, in time order.
    public var samples: [Sample]
    /// Native histogram samples, in time order (a series may have both kinds).
    public var histograms: [HistogramSample]
    public init(labels: Labels, samples: [Sample], histograms: [HistogramSample] = []) {
        self.labels = labels
        self.samples = samples
        self.histograms = histograms
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

    public init(value: QueryValue, warnings: [String] = [], infos: [String] = []) {
        self.value = value
        self.warnings = warnings
        self.infos = infos
    }
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
///
/// Semantics are Prometheus 3's. Where the installed Prometheus 2.42 peer differs:
/// - lookback and range windows are left-open, `(t - d, t]`; 2.x used `[t - d, t]`, so a sample exactly
///   `d` old still counted;
/// - UTF-8 metric and label names in quotes (`{"my.metric"}`) parse; 2.x refuses them;
/// - `holt_winters` is `double_exponential_smoothing` (experimental); `limitk`, `limit_ratio`,
///   `mad_over_time`, `sort_by_label`, `info`, `ts_of_*_over_time` do not exist in 2.42;
/// - duration expressions (`[5m * 2]`, `offset (1h + 1m)`) and numbers as durations are 3.x only;
/// - with `enableDelayedNameRemoval` (a 3.x feature flag, on in promqltest) `__name__` goes at the end.
/// Native histograms are evaluated from storages whose iterators conform to `HistogramSampleIterator`.
public final class Engine: Sendable {
    public let options: EngineOptions
    let gate: QueryGate

    public init(options: EngineOptions = EngineOptions()) {
        self.options = options
        gate = QueryGate(capacity: options.maxConcurrency)
    }

    /// Queries evaluating now.
    public var activeQueries: Int { gate.active }

    public func parse(_ q: String) throws(PromQLError) -> Expr {
        do {
            return try parseExpr(q, options: ParserOptions(enableExperimentalFunctions: options.enableExperimentalFunctions))
        } catch {
            throw PromQLError(error)
        }
    }

    /// Evaluates `q` at one instant. `timeout` and `lookbackDelta` (ms) override the engine's
    /// options for this query, as the API's `timeout` and `lookback_delta` parameters do.
    public func instantQuery(_ q: String, at: Timestamp, queryable: any Queryable,
                             timeout: Duration? = nil, lookbackDelta: Int64? = nil) async throws(PromQLError) -> QueryResult {
        let expr = try parse(q)
        return try await run(expr, query: q, start: at, end: at, step: 0, instant: true, queryable: queryable,
                             timeout: timeout, lookbackDelta: lookbackDelta)
    }

    /// Evaluates `q` at every `step` ms from `start` to `end` inclusive; the result is a matrix sorted
    /// by labels.
    public func rangeQuery(_ q: String, start: Timestamp, end: Timestamp, step: Int64, queryable: any Queryable,
                           timeout: Duration? = nil, lookbackDelta: Int64? = nil) async throws(PromQLError) -> QueryResult {
        let expr = try parse(q)
        guard step > 0 else {
            throw PromQLError(.badData, "zero or negative query resolution step widths are not accepted. Try a positive integer")
        }
        guard end >= start else { throw PromQLError(.badData, "end timestamp must not be before start time") }
        if expr.type != .vector && expr.type != .scalar {
            throw PromQLError(.badData, "invalid expression type \"\(expr.type.documented)\" for range query, must be Scalar or instant Vector")
        }
        return try await run(expr, query: q, start: start, end: end, step: step, instant: false, queryable: queryable,
                             timeout: timeout, lookbackDelta: lookbackDelta)
    }

    func run(_ expr: Expr, query: String, start: Timestamp, end: Timestamp, step: Int64, instant: Bool,
             queryable: any Queryable, timeout: Duration?, lookbackDelta: Int64?) async throws(PromQLError) -> QueryResult {
        var opts = options
        if let timeout { opts.timeout = timeout }
        if let lookbackDelta, lookbackDelta > 0 { opts.lookbackDelta = lookbackDelta }
        // Time in the queue counts against the query's timeout, as in Prometheus.
        let queued = ContinuousClock.now
        guard await gate.enter(timeout: opts.timeout) else {
            if Task.isCancelled { throw PromQLError(.canceled, "query was canceled in query queue") }
            throw PromQLError(.timeout, "query timed out in query queue")
        }
        defer { gate.leave() }
        opts.timeout -= ContinuousClock.now - queued
        let ev = Evaluator(options: opts, start: start, end: end, step: step)
        ev.query = query
        try ev.open(expr, queryable: queryable)
        let value: QueryValue
        if instant {
            value = try ev.instantValue(expr)
        } else {
            value = try await ev.rangeValue(expr)
        }
        return QueryResult(value: value, warnings: ev.annotations.warnings, infos: ev.annotations.infos)
    }
}
