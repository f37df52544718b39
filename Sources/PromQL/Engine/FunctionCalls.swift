import PromModel

/// The samples of one window, zero-based: a view into a series' samples (valid only inside the
/// `withUnsafeBufferPointer` that made it), so that range functions read them without copying or retaining.
typealias SampleWindow = UnsafeBufferPointer<Sample>

/// What a range-vector function sees for one series: samples in the window and the window itself.
struct RangeWindow {
    var samples: SampleWindow
    /// Window bounds in ms (`(start, end]`), after offset and `@`.
    var start: Timestamp
    var end: Timestamp
    var rangeSeconds: Double
    /// Evaluation time of the step (used by predict_linear as the intercept time).
    var evalTime: Timestamp
}

enum FunctionImpl {
    /// Names the engine implements; must equal the parser's `FunctionTable`.
    static var names: Set<String> {
        Set(mathFunctions.keys).union(rangeFunctionNames).union(special)
    }

    static let special: Set<String> = [
        "abs", "timestamp", "absent", "sort", "sort_desc", "sort_by_label", "sort_by_label_desc",
        "day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour", "minute", "month", "year",
        "clamp", "clamp_max", "clamp_min", "round", "histogram_quantile", "histogram_fraction",
        "histogram_avg", "histogram_count", "histogram_sum", "histogram_stddev", "histogram_stdvar",
        "label_replace", "label_join", "info", "pi", "time", "scalar", "vector",
    ]

    static let mathFunctions: [String: @Sendable (Double) -> Double] = [
        "ceil": { $0.rounded(.up) }, "floor": { $0.rounded(.down) }, "exp": { exp($0) }, "sqrt": { $0.squareRoot() },
        "ln": { log($0) }, "log2": { log2($0) }, "log10": { log10($0) },
        "sgn": { $0 > 0 ? 1 : ($0 < 0 ? -1 : $0) },
        "deg": { $0 * 180 / .pi }, "rad": { $0 * .pi / 180 },
        "acos": { acos($0) }, "acosh": { acosh($0) }, "asin": { asin($0) }, "asinh": { asinh($0) },
        "atan": { atan($0) }, "atanh": { atanh($0) }, "cos": { cos($0) }, "cosh": { cosh($0) },
        "sin": { sin($0) }, "sinh": { sinh($0) }, "tan": { tan($0) }, "tanh": { tanh($0) },
    ]

    static let rangeFunctionNames: Set<String> = [
        "rate", "irate", "increase", "delta", "idelta", "deriv", "changes", "resets",
        "avg_over_time", "min_over_time", "max_over_time", "sum_over_time", "count_over_time",
        "stddev_over_time", "stdvar_over_time", "last_over_time", "present_over_time", "absent_over_time",
        "mad_over_time", "ts_of_min_over_time", "ts_of_max_over_time", "ts_of_last_over_time",
        "first_over_time", "ts_of_first_over_time", "quantile_over_time", "predict_linear",
        "double_exponential_smoothing",
    ]
}

extension Evaluator {
    func scalarArg(_ e: Expr, _ ts: Timestamp) throws(PromQLError) -> Double {
        if case .scalar(let s) = try eval(e, ts) { return s }
        return .nan
    }

    /// Whether `e` is a string literal spelling bytes that are not UTF-8 (invalid as a label name).
    func hasInvalidUTF8(_ e: Expr) -> Bool {
        var x = e
        while case .paren(let p) = x { x = p.expr }
        if case .string(let s) = x { return s.hasInvalidUTF8 }
        return false
    }

    /// Go's `%q` of the bytes a string literal spells (invalid UTF-8 shown as `\xNN`).
    func quotedLiteral(_ e: Expr) -> String {
        var x = e
        while case .paren(let p) = x { x = p.expr }
        guard case .string(let s) = x else { return "" }
        let u = Array(query.utf8)
        guard s.pos.start >= 0, s.pos.end <= u.count, s.pos.start < s.pos.end,
              let bytes = unquoteBytes(String(decoding: u[s.pos.start..<s.pos.end], as: UTF8.self))
        else { return goQuote(s.value) }
        return goQuoteBytes(bytes)
    }

    func stringArg(_ e: Expr, _ ts: Timestamp) throws(PromQLError) -> String {
        if case .string(let s) = try eval(e, ts) { return s }
        return ""
    }

    func vectorArg(_ e: Expr, _ ts: Timestamp) throws(PromQLError) -> [VSample] {
        if case .vector(let v) = try eval(e, ts) { return v }
        return []
    }

    func evalCall(_ c: Call, _ ts: Timestamp) throws(PromQLError) -> Value {
        let name = c.function.name
        if FunctionImpl.rangeFunctionNames.contains(name) {
            return try evalRangeFunction(c, ts)
        }
        if let f = FunctionImpl.mathFunctions[name] {
            // Float functions ignore native histograms.
            let v = floatsOnly(try vectorArg(c.args[0], ts))
            return .vector(try unique(v.map { dropped($0.labels, v: f($0.v)) }))
        }
        switch name {
        case "abs":
            let v = floatsOnly(try vectorArg(c.args[0], ts))
            return .vector(try unique(v.map { dropped($0.labels, v: abs($0.v)) }))
        case "pi": return .scalar(.pi)
        case "time": return .scalar(Double(ts) / 1000)
        case "scalar":
            let v = floatsOnly(try vectorArg(c.args[0], ts))
            return .scalar(v.count == 1 ? v[0].v : .nan)
        case "vector":
            return .vector([VSample(labels: .empty, v: try scalarArg(c.args[0], ts))])
        case "timestamp":
            var arg = c.args[0]
            while case .paren(let p) = arg { arg = p.expr }
            if case .vectorSelector(let vs) = arg, try selectsHistograms(vs.matchers) {
                return .vector(try unique(try timestampsWithHistograms(vs, ts)))
            }
            if case .vectorSelector(let vs) = arg {
                // Directly on a selector: the timestamp of the sample itself, not of the step.
                let sel = try selectInstant(vs, ts)
                return .vector(try unique(sel.map { dropped($0.labels, v: Double($0.sample.t) / 1000) }))
            }
            let v = try vectorArg(arg, ts)
            return .vector(try unique(v.map { dropped($0.labels, v: Double(ts) / 1000) }))
        case "absent":
            let v = try vectorArg(c.args[0], ts)
            guard v.isEmpty else { return .vector([]) }
            return .vector([VSample(labels: absentLabels(c.args[0]), v: 1)])
        case "sort", "sort_desc":
            let v = floatsOnly(try vectorArg(c.args[0], ts))
            let desc = name == "sort_desc"
            return .vector(v.sorted { a, b in
                if a.v.isNaN != b.v.isNaN { return !a.v.isNaN }
                return desc ? a.v > b.v : a.v < b.v
            })
        case "sort_by_label", "sort_by_label_desc":
            let v = try vectorArg(c.args[0], ts)
            var names: [String] = []
            for a in c.args.dropFirst() { names.append(try stringArg(a, ts)) }
            let desc = name == "sort_by_label_desc"
            return .vector(v.sorted { a, b in
                for n in names {
                    let x = a.labels.get(n), y = b.labels.get(n)
                    if x == y { continue }
                    return desc ? naturalLess(y, x) : naturalLess(x, y)
                }
                return desc ? b.labels < a.labels : a.labels < b.labels
            })
        case "day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour", "minute", "month", "year":
            let v: [VSample] = c.args.isEmpty ? [VSample(labels: .empty, v: Double(ts) / 1000)]
                : floatsOnly(try vectorArg(c.args[0], ts))
            return .vector(try unique(v.map { dropped($0.labels, v: timePart(name, $0.v)) }))
        case "clamp", "clamp_max", "clamp_min":
            let v = floatsOnly(try vectorArg(c.args[0], ts))
            var lo = -Double.infinity, hi = Double.infinity
            if name == "clamp" {
                lo = try scalarArg(c.args[1], ts)
                hi = try scalarArg(c.args[2], ts)
                if hi < lo { return .vector([]) }
            } else if name == "clamp_max" {
                hi = try scalarArg(c.args[1], ts)
            } else {
                lo = try scalarArg(c.args[1], ts)
            }
            return .vector(try unique(v.map { s in
                // NaN bounds propagate, as Go's math.Max/Min do.
                let x = lo.isNaN || hi.isNaN ? Double.nan : Swift.max(lo, Swift.min(hi, s.v))
                return dropped(s.labels, v: s.v.isNaN ? .nan : x)
            }))
        case "round":
            let v = floatsOnly(try vectorArg(c.args[0], ts))
            let toNearest = c.args.count > 1 ? try scalarArg(c.args[1], ts) : 1
            let inv = 1 / toNearest
            return .vector(try unique(v.map { dropped($0.labels, v: floor($0.v * inv + 0.5) / inv) }))
        case "histogram_quantile", "histogram_fraction", "histogram_avg", "histogram_count", "histogram_sum",
             "histogram_stddev", "histogram_stdvar":
            return .vector(try histogramFunction(name, c, ts))
        case "label_replace":
            return .vector(try labelReplace(c, ts))
        case "label_join":
            return .vector(try labelJoin(c, ts))
        case "info":
            return .vector(try info(c, ts))
        default:
            throw PromQLError(.execution, "function \(goQuote(name)) is not implemented")
        }
    }

    /// Prometheus refuses a function result where two elements end up with the same labels.
    func unique(_ v: [VSample]) throws(PromQLError) -> [VSample] {
        // With delayed name removal the check happens once names are gone (`cleanupNames`).
        if v.count < 2 { return v }
        var seen = Set<LabelsKey>()
        seen.reserveCapacity(v.count)
        for s in v where !seen.insert(LabelsKey(s.labels)).inserted {
            throw PromQLError(.execution, "vector cannot contain metrics with the same labelset")
        }
        return v
    }

    /// Labels of `absent(…)`'s result: the equality matchers of a plain selector argument.
    func absentLabels(_ e: Expr) -> Labels {
        var sel: VectorSelector?
        switch e {
        case .vectorSelector(let vs): sel = vs
        case .matrixSelector(let ms): sel = ms.selector
        default: sel = nil
        }
        guard let vs = sel else { return .empty }
        var b = LabelsBuilder()
        var repeated = Set<String>()
        var seen = Set<String>()
        for m in vs.matchers where m.name != LabelName.metricName {
            if !seen.insert(m.name).inserted { repeated.insert(m.name) }
        }
        for m in vs.matchers where m.kind == .equal && m.name != LabelName.metricName && !repeated.contains(m.name) {
            b.set(m.name, m.value)
        }
        return b.labels()
    }

    func timePart(_ name: String, _ secs: Double) -> Double {
        guard secs.isFinite, abs(secs) < 1e15 else { return .nan }
        let t = Int64(secs.rounded(.down))
        var days = t / 86400
        var rem = t % 86400
        if rem < 0 {
            rem += 86400
            days -= 1
        }
        let (y, m, d) = civilFromDays(days)
        switch name {
        case "hour": return Double(rem / 3600)
        case "minute": return Double((rem % 3600) / 60)
        case "year": return Double(y)
        case "month": return Double(m)
        case "day_of_month": return Double(d)
        case "day_of_week":
            let w = (days + 4) % 7
            return Double(w < 0 ? w + 7 : w)
        case "day_of_year":
            return Double(days - daysFromCivil(y, 1, 1) + 1)
        case "days_in_month":
            let ny = m == 12 ? y + 1 : y, nm = m == 12 ? 1 : m + 1
            return Double(daysFromCivil(ny, nm, 1) - daysFromCivil(y, m, 1))
        default: return .nan
        }
    }
}

/// Howard Hinnant's civil-from-days: Unix day number → (year, month, day) in UTC.
func civilFromDays(_ z0: Int64) -> (Int64, Int64, Int64) {
    let z = z0 + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let y = yoe + era * 400
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (m <= 2 ? y + 1 : y, m, d)
}

func daysFromCivil(_ y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
    let y = m <= 2 ? y0 - 1 : y0
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
}

/// Natural ordering: digit runs compare as numbers ("a2" < "a10").
func naturalLess(_ a: String, _ b: String) -> Bool {
    let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
    var i = 0, j = 0
    func isD(_ s: Unicode.Scalar) -> Bool { s.value >= 48 && s.value <= 57 }
    while i < x.count && j < y.count {
        if isD(x[i]) && isD(y[j]) {
            var i2 = i, j2 = j
            while i2 < x.count && isD(x[i2]) { i2 += 1 }
            while j2 < y.count && isD(y[j2]) { j2 += 1 }
            let na = String(String.UnicodeScalarView(x[i..<i2])), nb = String(String.UnicodeScalarView(y[j..<j2]))
            let ta = na.drop { $0 == "0" }, tb = nb.drop { $0 == "0" }
            if ta.count != tb.count { return ta.count < tb.count }
            if ta != tb { return ta < tb }
            i = i2
            j = j2
        } else {
            if x[i] != y[j] { return x[i].value < y[j].value }
            i += 1
            j += 1
        }
    }
    return x.count - i < y.count - j
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
