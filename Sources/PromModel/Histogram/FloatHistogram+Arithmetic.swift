/// Why two histograms cannot be combined.
public enum HistogramError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One uses exponential buckets, the other custom bounds.
    case mixedSchemas
    /// Both use custom buckets, with different bounds.
    case incompatibleCustomBuckets

    public var description: String {
        switch self {
        case .mixedSchemas: return "histograms with exponential and custom buckets schemas cannot be combined"
        case .incompatibleCustomBuckets: return "histograms with different custom bucket bounds cannot be combined"
        }
    }
}

/// Side effects of adding two histograms that Prometheus reports as annotations.
public struct HistogramAddNotes: Sendable, Equatable {
    /// One operand said "counter reset", the other "no counter reset".
    public var counterResetCollision = false
    public init() {}
}

extension FloatHistogram {
    /// Adds `o` into `self`: the coarser schema and the wider zero bucket win, counts add up.
    /// Histograms with custom buckets combine only with the same bounds.
    @discardableResult
    public mutating func add(_ o: FloatHistogram) throws(HistogramError) -> HistogramAddNotes {
        try combine(o, sign: 1)
    }

    /// Subtracts `o` from `self` with the same reconciliation rules as `add`.
    @discardableResult
    public mutating func subtract(_ o: FloatHistogram) throws(HistogramError) -> HistogramAddNotes {
        try combine(o, sign: -1)
    }

    mutating func combine(_ o0: FloatHistogram, sign: Double) throws(HistogramError) -> HistogramAddNotes {
        guard usesCustomBuckets == o0.usesCustomBuckets else { throw .mixedSchemas }
        if usesCustomBuckets && customValues != o0.customValues { throw .incompatibleCustomBuckets }
        var notes = HistogramAddNotes()
        notes.counterResetCollision = adjustCounterReset(o0.counterResetHint)
        var o = o0
        if !usesCustomBuckets {
            if o.schema < schema { reduceResolution(to: o.schema) }
            if schema < o.schema { o.reduceResolution(to: schema) }
            if zeroThreshold != o.zeroThreshold {
                let t = widestZeroThreshold(o)
                widenZeroBucket(to: t)
                o.widenZeroBucket(to: t)
            }
        }
        count += sign * o.count
        sum += sign * o.sum
        zeroCount += sign * o.zeroCount
        Self.addDense(&positiveOffset, &positive, o.positiveOffset, o.positive, sign)
        Self.addDense(&negativeOffset, &negative, o.negativeOffset, o.negative, sign)
        return notes
    }

    /// Prometheus's rules for the hint of a sum: equal hints stay, a gauge makes a gauge, "unknown"
    /// wins over the rest, and reset + not-reset collide (→ unknown, reported by the caller).
    mutating func adjustCounterReset(_ other: CounterResetHint) -> Bool {
        switch (counterResetHint, other) {
        case _ where counterResetHint == other: return false
        case (.gauge, _): return false
        case (_, .gauge): counterResetHint = .gauge
        case (.unknown, _): return false
        case (_, .unknown): counterResetHint = .unknown
        default:
            counterResetHint = .unknown
            return true
        }
        return false
    }

    static func addDense(_ off: inout Int32, _ a: inout [Double], _ bOff: Int32, _ b: [Double], _ sign: Double) {
        guard !b.isEmpty else { return }
        if a.isEmpty {
            off = bOff
            a = sign == 1 ? b : b.map { -$0 }
            return
        }
        let lo = min(off, bOff)
        let hi = max(off + Int32(a.count), bOff + Int32(b.count))
        if lo < off {
            a.insert(contentsOf: repeatElement(0, count: Int(off - lo)), at: 0)
            off = lo
        }
        if off + Int32(a.count) < hi { a.append(contentsOf: repeatElement(0, count: Int(hi - off) - a.count)) }
        let shift = Int(bOff - off)
        for (i, c) in b.enumerated() { a[shift + i] += sign * c }
    }

    /// Merges buckets into the coarser `target` schema (exponential schemas only).
    public mutating func reduceResolution(to target: Int32) {
        guard !usesCustomBuckets, target < schema else { return }
        let delta = schema - target
        Self.reduce(&positiveOffset, &positive, delta)
        Self.reduce(&negativeOffset, &negative, delta)
        schema = target
    }

    static func reduce(_ off: inout Int32, _ b: inout [Double], _ delta: Int32) {
        guard !b.isEmpty else { return }
        // Bucket i at schema s lies in bucket ((i - 1) >> delta) + 1 at schema s - delta.
        let newIndex = { (i: Int32) -> Int32 in ((i - 1) >> delta) + 1 }
        let newOff = newIndex(off)
        var out = [Double](repeating: 0, count: Int(newIndex(off + Int32(b.count) - 1) - newOff) + 1)
        for (i, c) in b.enumerated() { out[Int(newIndex(off + Int32(i)) - newOff)] += c }
        off = newOff
        b = out
    }

    /// The zero threshold both operands can share: the larger one, widened to a bucket boundary
    /// when it falls inside a populated bucket of either side.
    func widestZeroThreshold(_ o: FloatHistogram) -> Double {
        var t = max(zeroThreshold, o.zeroThreshold)
        var changed = true
        while changed {
            changed = false
            for h in [self, o] {
                for (off, b) in [(h.positiveOffset, h.positive), (h.negativeOffset, h.negative)] {
                    for (i, c) in b.enumerated() where c != 0 {
                        let idx = off + Int32(i)
                        let lower = exponentialUpperBound(idx - 1, schema), upper = exponentialUpperBound(idx, schema)
                        if lower < t && upper > t {
                            t = upper
                            changed = true
                        }
                    }
                }
            }
        }
        return t
    }

    /// Moves every bucket that lies within `t` into the zero bucket.
    mutating func widenZeroBucket(to t: Double) {
        guard t > zeroThreshold else { return }
        for i in positive.indices where exponentialUpperBound(positiveOffset + Int32(i), schema) <= t {
            zeroCount += positive[i]
            positive[i] = 0
        }
        for i in negative.indices where exponentialUpperBound(negativeOffset + Int32(i), schema) <= t {
            zeroCount += negative[i]
            negative[i] = 0
        }
        zeroThreshold = t
        compact()
    }

    /// Whether `self`, the sample after `previous`, starts a new counter life: an explicit hint,
    /// or a count, zero count or bucket that went down, or a finer schema or bounds change.
    /// Gauge histograms are compared like unknown ones, as Prometheus does.
    public func detectReset(previous p: FloatHistogram) -> Bool {
        switch counterResetHint {
        case .counterReset: return true
        case .notCounterReset: return false
        case .unknown, .gauge: break
        }
        if count < p.count { return true }
        if usesCustomBuckets != p.usesCustomBuckets { return true }
        if usesCustomBuckets {
            if customValues != p.customValues { return true }
        } else if schema > p.schema {
            return true
        }
        if zeroThreshold < p.zeroThreshold { return true }
        var prev = p
        if !usesCustomBuckets {
            prev.reduceResolution(to: schema)
            if zeroThreshold > prev.zeroThreshold { prev.widenZeroBucket(to: zeroThreshold) }
        }
        if zeroCount < prev.zeroCount { return true }
        return Self.anyDecrease(positiveOffset, positive, prev.positiveOffset, prev.positive)
            || Self.anyDecrease(negativeOffset, negative, prev.negativeOffset, prev.negative)
    }

    static func anyDecrease(_ off: Int32, _ b: [Double], _ pOff: Int32, _ p: [Double]) -> Bool {
        for (i, pc) in p.enumerated() where pc != 0 {
            let j = Int(pOff - off) + i
            let cur = j >= 0 && j < b.count ? b[j] : 0
            if cur < pc { return true }
        }
        return false
    }
}
