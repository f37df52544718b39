/// The signature of a PromQL function, as the parser type-checks calls.
public struct FunctionDef: Sendable, Hashable {
    public let name: String
    public let argTypes: [ValueType]
    /// 0: exactly `argTypes.count` arguments; n > 0: the last argument type may appear up to n
    /// times (and may be omitted); -1: the last argument type repeats without limit.
    public let variadic: Int
    public let returnType: ValueType
    /// Only available with `EngineOptions.enableExperimentalFunctions` / parser option.
    public let experimental: Bool

    init(_ name: String, _ argTypes: [ValueType], _ returnType: ValueType, variadic: Int = 0, experimental: Bool = false) {
        self.name = name
        self.argTypes = argTypes
        self.variadic = variadic
        self.returnType = returnType
        self.experimental = experimental
    }
}

/// Every function the parser accepts, keyed by name. The engine's implementation table must cover
/// exactly these names (a test checks it).
public enum FunctionTable {
    public static let all: [String: FunctionDef] = {
        var d: [String: FunctionDef] = [:]
        for f in list { d[f.name] = f }
        return d
    }()

    static let list: [FunctionDef] = {
        let v = ValueType.vector, m = ValueType.matrix, s = ValueType.scalar, str = ValueType.string
        var l: [FunctionDef] = []
        // Instant-vector math.
        for n in ["abs", "ceil", "floor", "exp", "sqrt", "ln", "log2", "log10", "sgn", "deg", "rad",
                  "acos", "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh", "sin", "sinh", "tan", "tanh",
                  "histogram_avg", "histogram_count", "histogram_sum", "histogram_stddev", "histogram_stdvar",
                  "timestamp", "absent", "sort", "sort_desc"] {
            l.append(FunctionDef(n, [v], v))
        }
        // Time parts take an optional vector (default: vector(time())).
        for n in ["day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour", "minute", "month", "year"] {
            l.append(FunctionDef(n, [v], v, variadic: 1))
        }
        // Range-vector functions.
        for n in ["rate", "irate", "increase", "delta", "idelta", "deriv", "changes", "resets",
                  "avg_over_time", "min_over_time", "max_over_time", "sum_over_time", "count_over_time",
                  "stddev_over_time", "stdvar_over_time", "last_over_time", "present_over_time", "absent_over_time"] {
            l.append(FunctionDef(n, [m], v))
        }
        for n in ["mad_over_time", "ts_of_min_over_time", "ts_of_max_over_time", "ts_of_last_over_time",
                  "first_over_time", "ts_of_first_over_time"] {
            l.append(FunctionDef(n, [m], v, experimental: true))
        }
        l.append(FunctionDef("quantile_over_time", [s, m], v))
        l.append(FunctionDef("predict_linear", [m, s], v))
        l.append(FunctionDef("double_exponential_smoothing", [m, s, s], v, experimental: true))
        l.append(FunctionDef("clamp", [v, s, s], v))
        l.append(FunctionDef("clamp_max", [v, s], v))
        l.append(FunctionDef("clamp_min", [v, s], v))
        l.append(FunctionDef("round", [v, s], v, variadic: 1))
        l.append(FunctionDef("histogram_quantile", [s, v], v))
        l.append(FunctionDef("histogram_fraction", [s, s, v], v))
        l.append(FunctionDef("label_replace", [v, str, str, str, str], v))
        l.append(FunctionDef("label_join", [v, str, str, str], v, variadic: -1))
        l.append(FunctionDef("sort_by_label", [v, str], v, variadic: -1, experimental: true))
        l.append(FunctionDef("sort_by_label_desc", [v, str], v, variadic: -1, experimental: true))
        l.append(FunctionDef("info", [v, v], v, variadic: 1, experimental: true))
        l.append(FunctionDef("pi", [], s))
        l.append(FunctionDef("time", [], s))
        l.append(FunctionDef("scalar", [v], s))
        l.append(FunctionDef("vector", [s], v))
        return l
    }()
}
