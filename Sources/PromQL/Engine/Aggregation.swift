import PromModel

/// Kahan-Babuška compensated summation, as Prometheus uses for sum and avg.
struct KahanSum {
    var sum = 0.0
    var c = 0.0
    mutating func add(_ v: Double) {
        let t = sum + v
        if t.isInfinite {
            c = 0
        } else if abs(sum) >= abs(v) {
            c += (sum - t) + v
        } else {
            c += (v - t) + sum
        }
        sum = t
    }
    var value: Double { c.isFinite ? sum + c : sum }
}

extension AggregateOp {
    /// Operators whose result per group depends only on the group's float values.
    var reducesValues: Bool {
        switch self {
        case .sum, .avg, .count, .group, .min, .max, .stddev, .stdvar, .quantile: return true
        default: return false
        }
    }
}

extension Evaluator {
    struct Group {
        var labels: Labels
        var samples: [VSample] = []
    }

    /// A per-query hash of the labels `a` groups by: equal hashes are taken as the same group.
    func groupingHash(_ l: Labels, _ a: AggregateExpr) -> Int {
        let grouping = a.grouping
        if a.without { return subsetHash(l) { !isNameLabel($0) && !grouping.contains($0) } }
        return subsetHash(l) { grouping.contains($0) }
    }

    func groupingKey(_ l: Labels, _ a: AggregateExpr) -> Labels {
        if a.without {
            return Labels(sortedUnchecked: l.filter { !isNameLabel($0.name) && !a.grouping.contains($0.name) })
        }
        return Labels(sortedUnchecked: l.filter { a.grouping.contains($0.name) })
    }

    func evalAggregate(_ a: AggregateExpr, _ ts: Timestamp) throws(PromQLError) -> Value {
        guard case .vector(let input) = try eval(a.expr, ts) else { return .vector([]) }
        var scalarParam = 0.0
        var stringParam = ""
        if let p = a.param {
            switch try eval(p, ts) {
            case .scalar(let s): scalarParam = s
            case .string(let s): stringParam = s
            default: break
            }
        }
        if a.op.reducesValues, !input.contains(where: { $0.hbox != nil }) {
            if a.op == .quantile && (scalarParam < 0 || scalarParam > 1 || scalarParam.isNaN) {
                annotations.warn("quantile value should be between 0 and 1, got \(formatFloat(scalarParam))")
            }
            return .vector(aggregateFloats(a, input, scalarParam))
        }
        // Groups in order of first appearance, as Prometheus emits them.
        var index: [Int: Int] = [:]
        var groups: [Group] = []
        for s in input {
            let key = groupingHash(s.labels, a)
            if let i = index[key] {
                groups[i].samples.append(s)
            } else {
                index[key] = groups.count
                groups.append(Group(labels: groupingKey(s.labels, a), samples: [s]))
            }
        }
        if input.contains(where: { $0.hbox != nil }), let r = aggregateHistograms(a, &groups) { return r }
        var out: [VSample] = []
        switch a.op {
        case .topk, .bottomk, .limitk:
            if scalarParam.isNaN { throw PromQLError(.execution, "Parameter value is NaN") }
            if a.op != .limitk && !(scalarParam >= -9.2e18 && scalarParam <= 9.2e18) {
                throw PromQLError(.execution, "Scalar value \(formatFloat(scalarParam)) overflows int64")
            }
            let k = Int(max(min(scalarParam, 9.2e18), -9.2e18).rounded(.towardZero).clamped(to: -Double(Int32.max)...Double(Int32.max)))
            guard k >= 1 else { return .vector([]) }
            for g in groups {
                if a.op == .limitk {
                    out.append(contentsOf: g.samples.prefix(k))
                    continue
                }
                let top = a.op == .topk
                // NaN sorts last in both directions.
                let sorted = g.samples.enumerated().sorted { x, y in
                    let (p, q) = (x.element.v, y.element.v)
                    if p.isNaN != q.isNaN { return !p.isNaN }
                    if p != q && !p.isNaN { return top ? p > q : p < q }
                    return x.offset < y.offset
                }
                out.append(contentsOf: sorted.prefix(k).map(\.element))
            }
            return .vector(out)
        case .limitRatio:
            if scalarParam.isNaN { throw PromQLError(.execution, "Ratio value is NaN") }
            var r = scalarParam
            if r < -1 || r > 1 {
                annotations.warn("ratio value should be between -1 and 1, got \(formatFloat(r)), capping to \(r < 0 ? -1 : 1)")
                r = r < 0 ? -1 : 1
            }
            for g in groups {
                for s in g.samples {
                    let offset = Double(s.labels.stableHash) / Double(UInt64.max)
                    if (r >= 0 && offset < r) || (r < 0 && offset >= 1 + r) { out.append(s) }
                }
            }
            return .vector(out)
        case .countValues:
            guard LabelName.isValid(stringParam), !(a.param.map(hasInvalidUTF8) ?? false) else {
                throw PromQLError(.execution, "invalid label name \(a.param.map(quotedLiteral) ?? goQuote(stringParam))")
            }
            var counts: [LabelsKey: Int] = [:]
            var order: [LabelsKey] = []
            for s in input {
                var b = groupingKey(s.labels, a).builder()
                b.set(stringParam, s.h.map(histogramString) ?? formatFloat(s.v))
                let l = LabelsKey(b.labels())
                if counts[l] == nil { order.append(l) }
                counts[l, default: 0] += 1
            }
            return .vector(order.map { VSample(labels: $0.labels, v: Double(counts[$0]!)) })
        default:
            break
        }
        if a.op == .quantile && (scalarParam < 0 || scalarParam > 1 || scalarParam.isNaN) {
            annotations.warn("quantile value should be between 0 and 1, got \(formatFloat(scalarParam))")
        }
        for g in groups {
            let v = reduce(a.op, g.samples.map(\.v), scalarParam)
            // Grouping by a to-be-dropped name keeps the pending drop (delayed name removal).
            let pending = !a.without && a.grouping.contains(LabelName.metricName) && g.samples[0].dropName
            out.append(VSample(labels: g.labels, v: v, dropName: pending))
        }
        return .vector(out)
    }
}

/// Mean with Kahan summation, falling back to an incremental mean when the sum overflows.
func mean(_ vals: [Double]) -> Double {
    var k = KahanSum()
    for x in vals { k.add(x) }
    if k.sum.isFinite || vals.contains(where: { $0.isInfinite || $0.isNaN }) {
        return k.value / Double(vals.count)
    }
    var m = 0.0
    for (i, x) in vals.enumerated() { m += x / Double(i + 1) - m / Double(i + 1) }
    return m
}

/// Population variance (Welford).
func variance(_ vals: [Double]) -> Double {
    var count = 0.0, m = 0.0, m2 = 0.0
    for x in vals {
        count += 1
        let delta = x - m
        m += delta / count
        m2 += delta * (x - m)
    }
    return m2 / count
}

/// Prometheus's `quantile`: linear interpolation between closest ranks; ±Inf outside [0, 1].
func quantile(_ q: Double, _ values: [Double]) -> Double {
    if values.isEmpty || q.isNaN { return .nan }
    if q < 0 { return -.infinity }
    if q > 1 { return .infinity }
    // NaN sorts first, as in Prometheus's vectorByValueHeap.
    let s = values.sorted { a, b in a.isNaN ? !b.isNaN : (b.isNaN ? false : a < b) }
    let n = Double(s.count)
    let rank = q * (n - 1)
    let lower = max(0, floor(rank))
    let upper = min(n - 1, lower + 1)
    let weight = rank - floor(rank)
    return s[Int(lower)] * (1 - weight) + s[Int(upper)] * weight
}

extension Comparable {
    func clamped(to r: ClosedRange<Self>) -> Self { min(max(self, r.lowerBound), r.upperBound) }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
