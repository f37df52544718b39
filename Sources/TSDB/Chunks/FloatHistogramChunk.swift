import PromModel

/// A chunk of native histogram samples with float counts, byte-compatible with Prometheus's
/// `chunkenc.FloatHistogramChunk` (encoding 3; format in Docs/chunks.md).
///
/// The first sample fixes the chunk's layout (schema, zero threshold, bucket spans, custom bounds); every field
/// and bucket is then a Gorilla XOR stream. Unlike Prometheus, which re-encodes a whole chunk when new buckets
/// appear, Sextant starts a new chunk: `appendability(of:)` tells the head when. Samples whose buckets are a
/// subset of the layout are padded with zero buckets, so the common case (same buckets every scrape) appends.
struct FloatHistogramChunk: Sendable {
    static let headerSize = 3
    static let maxSamples = Int(UInt16.max)

    private var stream: BitWriter
    // The layout, fixed by the first sample. Buckets are dense: one span per side, as `FloatHistogram` keeps them.
    private(set) var schema: Int32 = 0
    private(set) var zeroThreshold: Double = 0
    private(set) var positiveOffset: Int32 = 0
    private(set) var positiveCount = 0
    private(set) var negativeOffset: Int32 = 0
    private(set) var negativeCount = 0
    private(set) var customValues: [Double] = []
    // Encoder state, meaningless until the first append.
    private(set) var lastT: Int64 = 0
    private var tDelta: Int64 = 0
    /// The last sample as appended (padded to the layout), for validation and reset detection.
    private(set) var last = FloatHistogram()
    /// XOR streams: count, zero count, sum, then positive and negative buckets.
    private var leading: [UInt8] = []
    private var trailing: [UInt8] = []

    init(header: CounterResetHeader = .unknown) {
        stream = BitWriter(bytes: [0, 0, header.rawValue])
    }

    var bytes: [UInt8] { stream.bytes }
    var numSamples: Int { Int(stream.bytes[0]) << 8 | Int(stream.bytes[1]) }
    var header: CounterResetHeader { CounterResetHeader(rawValue: stream.bytes[2] & CounterResetHeader.mask) ?? .unknown }

    /// What appending `h` to this chunk would mean.
    enum Appendability: Equatable {
        /// `h` fits the layout (after padding) and continues the series.
        case append
        /// A new chunk is needed, started with this header.
        case cut(CounterResetHeader)
    }

    /// Whether `h` can go into this chunk, or which header the next chunk gets (Prometheus's `appendable`).
    func appendability(of h: FloatHistogram) -> Appendability {
        if numSamples == 0 { return .append }
        let gauge = h.counterResetHint == .gauge
        if gauge != (header == .gauge) { return .cut(gauge ? .gauge : .unknown) }
        if !gauge && h.counterResetHint == .counterReset { return .cut(.counterReset) }
        if h.sum.bitPattern == StaleNaN.bits { return .append }
        let next: CounterResetHeader = gauge ? .gauge : .notCounterReset
        if last.sum.bitPattern == StaleNaN.bits { return .cut(gauge ? .gauge : .unknown) }
        if h.schema != schema || h.zeroThreshold.bitPattern != zeroThreshold.bitPattern {
            return .cut(gauge ? .gauge : .unknown)
        }
        if h.usesCustomBuckets && h.customValues != customValues { return .cut(gauge ? .gauge : .counterReset) }
        if !gauge {
            if h.count < last.count || h.zeroCount < last.zeroCount { return .cut(.counterReset) }
            if Self.decreases(last.positiveOffset, last.positive, h.positiveOffset, h.positive)
                || Self.decreases(last.negativeOffset, last.negative, h.negativeOffset, h.negative)
            {
                return .cut(.counterReset)
            }
        }
        if !Self.covers(positiveOffset, positiveCount, h.positiveOffset, h.positive)
            || !Self.covers(negativeOffset, negativeCount, h.negativeOffset, h.negative)
        {
            return .cut(next)
        }
        return .append
    }

    /// Whether a bucket of the old side has more than the same bucket of the new one (missing buckets are 0).
    private static func decreases(_ oldOffset: Int32, _ old: [Double], _ newOffset: Int32, _ new: [Double]) -> Bool {
        for (i, c) in old.enumerated() where c > 0 {
            let j = Int(oldOffset) + i - Int(newOffset)
            let n = j >= 0 && j < new.count ? new[j] : 0
            if c > n { return true }
        }
        return false
    }

    /// Whether the layout's bucket range holds every non-empty bucket of the new side.
    private static func covers(_ offset: Int32, _ count: Int, _ newOffset: Int32, _ new: [Double]) -> Bool {
        for (i, c) in new.enumerated() where c != 0 {
            let idx = Int(newOffset) + i
            if idx < Int(offset) || idx >= Int(offset) + count { return false }
        }
        return true
    }

    /// Appends `h` at `t`. The caller checked `appendability(of:) == .append`, `t > lastT` and room in the header.
    mutating func append(t: Int64, h: FloatHistogram) {
        let n = numSamples
        let stale = h.sum.bitPattern == StaleNaN.bits
        if n == 0 {
            var first = h
            if stale { first = FloatHistogram(sum: h.sum) }
            first.compact()
            writeLayout(first)
            Varbit.putInt(&stream, t)
            let sample = padded(first)
            stream.writeBits(sample.count.bitPattern, 64)
            stream.writeBits(sample.zeroCount.bitPattern, 64)
            stream.writeBits(sample.sum.bitPattern, 64)
            for b in sample.positive { stream.writeBits(b.bitPattern, 64) }
            for b in sample.negative { stream.writeBits(b.bitPattern, 64) }
            leading = Array(repeating: 0xff, count: 3 + positiveCount + negativeCount)
            trailing = Array(repeating: 0, count: leading.count)
            last = sample
            tDelta = 0
        } else {
            let delta = t &- lastT
            Varbit.putInt(&stream, delta &- tDelta)
            tDelta = delta
            if stale {
                // Prometheus writes a stale marker's count, zero count and sum only; readers stop after the sum.
                writeXOR(0, 0.0, last.count)
                writeXOR(1, 0.0, last.zeroCount)
                writeXOR(2, h.sum, last.sum)
                last.count = 0
                last.zeroCount = 0
                last.sum = h.sum
            } else {
                let sample = padded(h)
                writeXOR(0, sample.count, last.count)
                writeXOR(1, sample.zeroCount, last.zeroCount)
                writeXOR(2, sample.sum, last.sum)
                for i in 0..<positiveCount { writeXOR(3 + i, sample.positive[i], last.positive[i]) }
                for i in 0..<negativeCount { writeXOR(3 + positiveCount + i, sample.negative[i], last.negative[i]) }
                last = sample
            }
        }
        lastT = t
        let count = n + 1
        stream.setByte(UInt8(truncatingIfNeeded: count >> 8), at: 0)
        stream.setByte(UInt8(truncatingIfNeeded: count), at: 1)
    }

    private mutating func writeXOR(_ i: Int, _ v: Double, _ prev: Double) {
        XORValue.write(v.bitPattern, prev: prev.bitPattern, leading: &leading[i], trailing: &trailing[i], to: &stream)
    }

    /// `h` with its buckets spread over the chunk's layout (zeros where it has none).
    private func padded(_ h: FloatHistogram) -> FloatHistogram {
        var out = h
        out.positiveOffset = positiveOffset
        out.positive = Self.spread(h.positiveOffset, h.positive, onto: positiveOffset, positiveCount)
        out.negativeOffset = negativeOffset
        out.negative = Self.spread(h.negativeOffset, h.negative, onto: negativeOffset, negativeCount)
        return out
    }

    private static func spread(_ offset: Int32, _ buckets: [Double], onto base: Int32, _ count: Int) -> [Double] {
        if offset == base && buckets.count == count { return buckets }
        var out = [Double](repeating: 0, count: count)
        for (i, c) in buckets.enumerated() {
            let j = Int(offset) + i - Int(base)
            if j >= 0 && j < count { out[j] = c }
        }
        return out
    }

    private mutating func writeLayout(_ h: FloatHistogram) {
        schema = h.schema
        zeroThreshold = h.zeroThreshold
        positiveOffset = h.positiveOffset
        positiveCount = h.positive.count
        negativeOffset = h.negativeOffset
        negativeCount = h.negative.count
        customValues = h.usesCustomBuckets ? h.customValues : []
        Self.putZeroThreshold(&stream, zeroThreshold)
        Varbit.putInt(&stream, Int64(schema))
        Self.putSpans(&stream, positiveOffset, positiveCount)
        Self.putSpans(&stream, negativeOffset, negativeCount)
        if h.usesCustomBuckets {
            Varbit.putUint(&stream, UInt64(customValues.count))
            for b in customValues { Self.putCustomBound(&stream, b) }
        }
    }

    /// One span covering the dense bucket range, or none.
    private static func putSpans(_ w: inout BitWriter, _ offset: Int32, _ count: Int) {
        guard count > 0 else {
            Varbit.putUint(&w, 0)
            return
        }
        Varbit.putUint(&w, 1)
        Varbit.putUint(&w, UInt64(count))
        Varbit.putInt(&w, Int64(offset))
    }

    /// One byte for 0 and for powers of two in [2^-243, 2^10] (their exponent + 243), else 255 and the raw float.
    static func putZeroThreshold(_ w: inout BitWriter, _ v: Double) {
        if v == 0 {
            w.writeByte(0)
            return
        }
        // Go's Frexp: v = frac · 2^exp with frac in [0.5, 1). Infinities and NaN (whose `exponent` is Int.max)
        // take the raw form.
        if v.isFinite, v > 0, v.significand == 1, Int(v.exponent) >= -243, Int(v.exponent) <= 10 {
            let exp = Int(v.exponent) + 1
            w.writeByte(UInt8(exp + 243))
            return
        }
        w.writeByte(255)
        w.writeBits(v.bitPattern, 64)
    }

    static func readZeroThreshold(_ r: inout BitReader) -> Double? {
        guard let b = r.readByte() else { return nil }
        switch b {
        case 0: return 0
        case 255: return r.readBits(64).map { Double(bitPattern: $0) }
        default: return Double(sign: .plus, exponent: Int(b) - 243 - 1, significand: 1)
        }
    }

    /// Multiples of 0.001 in [0, 33554.430] as `bound·1000 + 1` in varbit, anything else as a 0 bit and the float.
    static func putCustomBound(_ w: inout BitWriter, _ v: Double) {
        let scaled = v * 1000
        let whole = (scaled.rounded() / 1000) == v
        if scaled < 0 || scaled > 33_554_430 || !whole {
            w.writeBit(false)
            w.writeBits(v.bitPattern, 64)
            return
        }
        Varbit.putUint(&w, UInt64(scaled.rounded()) + 1)
    }

    static func readCustomBound(_ r: inout BitReader) -> Double? {
        guard let u = Varbit.readUint(&r) else { return nil }
        if u == 0 { return r.readBits(64).map { Double(bitPattern: $0) } }
        return Double(u - 1) / 1000
    }
}

extension FloatHistogram {
    /// Whether `o` is the same sample bit for bit (buckets compared after dropping empty ones), which makes a
    /// repeated append harmless.
    func sameSample(as o: FloatHistogram) -> Bool {
        schema == o.schema && zeroThreshold.bitPattern == o.zeroThreshold.bitPattern
            && count.bitPattern == o.count.bitPattern && zeroCount.bitPattern == o.zeroCount.bitPattern
            && sum.bitPattern == o.sum.bitPattern && customValues == o.customValues
            && sameBuckets(as: o, within: { $0.bitPattern == $1.bitPattern })
    }
}
