#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One bucket of a histogram with its bounds, as iterated by `FloatHistogram.buckets`.
public struct HistogramBucket: Sendable, Equatable {
    public var lower: Double
    public var upper: Double
    public var count: Double
    /// The zero bucket `[-zeroThreshold, zeroThreshold]`.
    public var isZeroBucket: Bool
}

/// Upper bound of exponential bucket `index` at `schema`: `2^(index · 2^-schema)`.
func exponentialUpperBound(_ index: Int32, _ schema: Int32) -> Double {
    if schema <= 0 {
        let e = Int(index) << Int(-schema)
        return e > 1100 ? .infinity : (e < -1100 ? 0 : scalbn(1.0, e))
    }
    // index = k + (e-1)·2^schema with 0 <= k < 2^schema: bound = 2^(k/2^schema - 1) · 2^e.
    let perOctave = Int32(1) << schema
    let k = index & (perOctave - 1)
    let e = Int((index >> schema) + 1)
    let frac = exp2(Double(k) / Double(perOctave) - 1)
    return e > 1100 ? .infinity : scalbn(frac, e)
}

extension FloatHistogram {
    /// Bounds `(lower, upper]` of positive bucket `index`.
    public func positiveBounds(_ index: Int32) -> (lower: Double, upper: Double) {
        if usesCustomBuckets {
            let i = Int(index)
            let lower = i <= 0 ? -Double.infinity : (i - 1 < customValues.count ? customValues[i - 1] : .infinity)
            let upper = i < customValues.count ? customValues[max(i, 0)] : .infinity
            return (lower, upper)
        }
        return (exponentialUpperBound(index - 1, schema), exponentialUpperBound(index, schema))
    }

    /// Every bucket with observations from the lowest to the highest: negative buckets, the zero
    /// bucket, positive buckets. Empty buckets are skipped.
    public var buckets: [HistogramBucket] {
        var out: [HistogramBucket] = []
        for i in negative.indices.reversed() where negative[i] != 0 {
            let (l, u) = positiveBounds(negativeOffset + Int32(i))
            out.append(HistogramBucket(lower: -u, upper: -l, count: negative[i], isZeroBucket: false))
        }
        if zeroCount != 0 {
            out.append(HistogramBucket(lower: -zeroThreshold, upper: zeroThreshold, count: zeroCount, isZeroBucket: true))
        }
        for i in positive.indices where positive[i] != 0 {
            let (l, u) = positiveBounds(positiveOffset + Int32(i))
            out.append(HistogramBucket(lower: l, upper: u, count: positive[i], isZeroBucket: false))
        }
        return out
    }

    var hasPositive: Bool { positive.contains { $0 != 0 } }
    var hasNegative: Bool { negative.contains { $0 != 0 } }

    /// The zero bucket narrowed to `[0, t]` or `[-t, 0]` when only one side has buckets.
    func adjusted(_ b0: HistogramBucket) -> HistogramBucket {
        var b = b0
        if b.isZeroBucket {
            if !hasNegative && hasPositive { b.lower = 0 }
            if !hasPositive && hasNegative { b.upper = 0 }
        }
        if usesCustomBuckets && b.lower == -.infinity && b.upper > 0 { b.lower = 0 }
        return b
    }

    /// Whether NaN was observed: NaN lands in `count` and `sum` but in no bucket.
    public var hasNaNObservations: Bool { sum.isNaN && bucketTotal < count }

    /// Prometheus's `histogram_quantile` on a native histogram: linear interpolation in custom and
    /// zero buckets, exponential (in log space) in exponential buckets.
    public func quantile(_ q: Double) -> Double {
        if q < 0 { return -.infinity }
        if q > 1 { return .infinity }
        if count == 0 || q.isNaN { return .nan }
        // From the top for upper quantiles (better precision, and a quantile between populated
        // buckets lands on the lower bound of the upper one), unless NaN observations break the
        // symmetry: they count in `count` but sit in no bucket.
        let forward = sum.isNaN || q < 0.5
        var rank = forward ? q * count : (1 - q) * count
        var cum = 0.0
        var found: HistogramBucket? = nil
        let all = buckets
        for b in forward ? all : all.reversed() {
            cum += b.count
            if cum >= rank {
                found = b
                break
            }
        }
        guard let b0 = found else { return .nan }  // NaN observations above every bucket
        let b = adjusted(b0)
        if cum > count { cum = count }
        rank = forward ? rank - (cum - b.count) : cum - rank
        let fraction = rank / b.count
        if usesCustomBuckets {
            if b.lower == -.infinity { return b.upper }
            if b.upper == .infinity { return b.lower }
            return b.lower + (b.upper - b.lower) * fraction
        }
        if b.isZeroBucket || (b.lower <= 0 && b.upper >= 0) {
            return b.lower + (b.upper - b.lower) * fraction
        }
        let logLower = log2(abs(b.lower)), logUpper = log2(abs(b.upper))
        if b.lower > 0 { return exp2(logLower + (logUpper - logLower) * fraction) }
        return -exp2(logUpper + (logLower - logUpper) * (1 - fraction))
    }

    /// Prometheus's `histogram_fraction`: the share of observations in `(lower, upper]`, with the
    /// same interpolation as `quantile`.
    public func fraction(_ lower: Double, _ upper: Double) -> Double {
        if count == 0 || lower.isNaN || upper.isNaN { return .nan }
        if lower >= upper { return 0 }
        var rank = 0.0, lowerRank = 0.0, upperRank = 0.0
        var lowerSet = false, upperSet = false
        for b0 in buckets {
            let b = adjusted(b0)
            func interpolate(_ v: Double) -> Double {
                if b.lower.isInfinite || b.upper.isInfinite { return rank }
                if usesCustomBuckets || b.isZeroBucket || (b.lower <= 0 && b.upper >= 0) {
                    return rank + b.count * (v - b.lower) / (b.upper - b.lower)
                }
                let logLower = log2(abs(b.lower)), logUpper = log2(abs(b.upper)), logV = log2(abs(v))
                let f = v > 0 ? (logV - logLower) / (logUpper - logLower) : 1 - (logV - logUpper) / (logLower - logUpper)
                return rank + b.count * f
            }
            if !lowerSet && b.lower >= lower {
                lowerRank = rank
                lowerSet = true
            }
            if !upperSet && b.lower >= upper {
                upperRank = rank
                upperSet = true
            }
            if lowerSet && upperSet { break }
            if !lowerSet && b.lower < lower && b.upper > lower {
                lowerRank = interpolate(lower)
                lowerSet = true
            }
            if !upperSet && b.lower < upper && b.upper > upper {
                upperRank = interpolate(upper)
                upperSet = true
            }
            if lowerSet && upperSet { break }
            rank += b.count
        }
        if !lowerSet || lowerRank > count { lowerRank = rank > count ? count : rank }
        if !upperSet || upperRank > count { upperRank = rank > count ? count : rank }
        return (upperRank - lowerRank) / count
    }

    /// Population variance of the observations, each bucket represented by its (geometric, for
    /// exponential buckets) mean; Prometheus's `histogram_stdvar`.
    public var variance: Double {
        if count == 0 { return .nan }
        let mean = sum / count
        var v = 0.0, c = 0.0
        for b in buckets {
            let val: Double
            if usesCustomBuckets {
                val = (b.upper + b.lower) / 2
            } else if b.lower <= 0 && b.upper >= 0 {
                val = 0
            } else {
                val = b.upper < 0 ? -(b.upper * b.lower).squareRoot() : (b.upper * b.lower).squareRoot()
            }
            let d = val - mean
            // Kahan summation, as Prometheus.
            let x = b.count * d * d
            let t = v + x
            if t.isInfinite {
                c = 0
            } else if abs(v) >= abs(x) {
                c += (v - t) + x
            } else {
                c += (x - t) + v
            }
            v = t
        }
        return (c.isFinite ? v + c : v) / count
    }
}
