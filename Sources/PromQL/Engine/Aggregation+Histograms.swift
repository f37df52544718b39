import PromModel

extension Evaluator {
    /// Aggregation over groups that contain native histograms. Returns the result for operators
    /// that combine histograms (sum, avg, count, group); for the others it removes histograms from
    /// the groups (with Prometheus's info annotation) and returns nil so the float code runs.
    func aggregateHistograms(_ a: AggregateExpr, _ groups: inout [Group]) -> Value? {
        switch a.op {
        case .sum, .avg:
            var out: [VSample] = []
            for g in groups {
                let hs = g.samples.compactMap(\.h)
                let pending = !a.without && a.grouping.contains(LabelName.metricName) && g.samples[0].dropName
                if hs.isEmpty {
                    var k = KahanSum()
                    for s in g.samples { k.add(s.v) }
                    let v = a.op == .sum ? k.value : mean(g.samples.map(\.v))
                    out.append(VSample(labels: g.labels, v: v, dropName: pending))
                    continue
                }
                if hs.count != g.samples.count {
                    annotations.warn("encountered a mix of histograms and floats for aggregation")
                    continue
                }
                var acc = hs[0]
                var failed = false
                for h in hs.dropFirst() {
                    do {
                        if try acc.add(h).counterResetCollision {
                            annotations.warn("conflicting counter resets during histogram aggregation")
                        }
                    } catch {
                        warnCombine(error, metric: g.samples[0].labels.metricName)
                        failed = true
                        break
                    }
                }
                if failed { continue }
                if a.op == .avg { acc.divide(by: Double(hs.count)) }
                acc.compact()
                out.append(VSample(labels: g.labels, h: acc, dropName: pending))
            }
            return .vector(out)
        case .count, .group:
            return .vector(groups.map { g in
                let pending = !a.without && a.grouping.contains(LabelName.metricName) && g.samples[0].dropName
                return VSample(labels: g.labels, v: a.op == .count ? Double(g.samples.count) : 1, dropName: pending)
            })
        case .limitk, .limitRatio, .countValues:
            return nil
        default:
            var ignored = false
            groups = groups.compactMap { g in
                var g2 = g
                g2.samples = g.samples.filter { !$0.isHistogram }
                if g2.samples.count != g.samples.count { ignored = true }
                return g2.samples.isEmpty ? nil : g2
            }
            if ignored { annotations.info("ignored histogram in \(a.op.rawValue) aggregation") }
            return nil
        }
    }
}

/// Prometheus's `FloatHistogram.String()`: `{count:N, sum:N, [lo,hi):n, [-z,z]:n, (lo,hi]:n}`,
/// the form `count_values` uses as a label value.
func histogramString(_ h: FloatHistogram) -> String {
    var parts = ["count:\(formatFloat(h.count))", "sum:\(formatFloat(h.sum))"]
    for b in h.buckets {
        let range = "\(formatFloat(b.lower)),\(formatFloat(b.upper))"
        if b.isZeroBucket {
            parts.append("[\(range)]:\(formatFloat(b.count))")
        } else if b.upper <= 0 && !h.usesCustomBuckets {
            parts.append("[\(range)):\(formatFloat(b.count))")
        } else {
            parts.append("(\(range)]:\(formatFloat(b.count))")
        }
    }
    return "{" + parts.joined(separator: ", ") + "}"
}
