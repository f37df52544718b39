import PromModel

/// Decodes a float histogram chunk (Sextant's or Prometheus's) sample by sample.
///
/// While `next()` returns true, `t` is the current timestamp and `histogram()` builds the current sample.
/// A corrupt chunk ends iteration early and sets `error`.
struct FloatHistogramIterator: Sendable {
    private var reader: BitReader
    private let total: Int
    private let header: CounterResetHeader
    private(set) var numRead = 0
    private(set) var t: Int64 = Int64.min
    private var tDelta: Int64 = 0
    // Layout, read with the first sample.
    private var schema: Int32 = 0
    private var zeroThreshold: Double = 0
    private var positiveSpans: [HistogramSpan] = []
    private var negativeSpans: [HistogramSpan] = []
    private var customValues: [Double] = []
    /// Bit patterns of count, zero count, sum, then positive and negative buckets, with their XOR windows.
    private var values: [UInt64] = []
    private var leading: [UInt8] = []
    private var trailing: [UInt8] = []
    private var positiveCount = 0
    private(set) var error: ChunkError?

    init(bytes: [UInt8]) {
        if bytes.count < FloatHistogramChunk.headerSize {
            total = 0
            header = .unknown
            error = .tooShort(bytes.count)
        } else {
            total = Int(bytes[0]) << 8 | Int(bytes[1])
            header = CounterResetHeader(rawValue: bytes[2] & CounterResetHeader.mask) ?? .unknown
        }
        reader = BitReader(bytes, offset: FloatHistogramChunk.headerSize)
    }

    var numSamples: Int { total }

    /// Whether the current sample is a stale marker (its buckets are not encoded).
    var isStale: Bool { values.count > 2 && values[2] == StaleNaN.bits }

    /// The current sample. The hint follows Prometheus: gauge chunks say gauge, samples after a chunk's first say
    /// no reset, a chunk's first sample says unknown (its predecessor may be gone).
    func histogram() -> FloatHistogram {
        let hint: CounterResetHint = header == .gauge ? .gauge : numRead > 1 ? .notCounterReset : .unknown
        if isStale { return FloatHistogram(sum: Double(bitPattern: values[2]), counterResetHint: hint) }
        let p = values[3..<(3 + positiveCount)].map { Double(bitPattern: $0) }
        let n = values[(3 + positiveCount)...].map { Double(bitPattern: $0) }
        return FloatHistogram(
            schema: schema, zeroThreshold: zeroThreshold, zeroCount: Double(bitPattern: values[1]),
            count: Double(bitPattern: values[0]), sum: Double(bitPattern: values[2]),
            positiveSpans: positiveSpans, positiveBuckets: p, negativeSpans: negativeSpans, negativeBuckets: n,
            customValues: customValues, counterResetHint: hint)
    }

    /// Advances to the first sample with timestamp ≥ `target`; stays put when already there.
    mutating func seek(_ target: Int64) -> Bool {
        if error != nil { return false }
        while numRead == 0 || t < target {
            if !next() { return false }
        }
        return true
    }

    mutating func next() -> Bool {
        if error != nil || numRead >= total { return false }
        if numRead == 0 {
            guard readLayout(), let t0 = Varbit.readInt(&reader) else { return fail() }
            t = t0
            for i in values.indices {
                guard let v = reader.readBits(64) else { return fail() }
                values[i] = v
            }
        } else {
            guard let dod = Varbit.readInt(&reader) else { return fail() }
            tDelta = tDelta &+ dod
            t = t &+ tDelta
            for i in 0..<3 {
                guard XORValue.read(&values[i], leading: &leading[i], trailing: &trailing[i], from: &reader) else {
                    return fail()
                }
            }
            if values[2] != StaleNaN.bits {
                for i in 3..<values.count {
                    guard XORValue.read(&values[i], leading: &leading[i], trailing: &trailing[i], from: &reader) else {
                        return fail()
                    }
                }
            }
        }
        numRead += 1
        return true
    }

    private mutating func readLayout() -> Bool {
        guard let zt = FloatHistogramChunk.readZeroThreshold(&reader), let s = Varbit.readInt(&reader),
            let ps = readSpans(), let ns = readSpans()
        else { return false }
        guard HistogramSpan.decodable(ps), HistogramSpan.decodable(ns) else { return false }
        zeroThreshold = zt
        schema = Int32(truncatingIfNeeded: s)
        positiveSpans = ps
        negativeSpans = ns
        if schema == FloatHistogram.customBucketsSchema {
            guard let n = Varbit.readUint(&reader), n < 1 << 20 else { return false }
            for _ in 0..<n {
                guard let b = FloatHistogramChunk.readCustomBound(&reader) else { return false }
                customValues.append(b)
            }
        }
        positiveCount = ps.reduce(0) { $0 + Int($1.length) }
        let count = 3 + positiveCount + ns.reduce(0) { $0 + Int($1.length) }
        values = Array(repeating: 0, count: count)
        leading = Array(repeating: 0, count: count)
        trailing = Array(repeating: 0, count: count)
        return true
    }

    /// Spans as Prometheus writes them: count, then length and offset of each.
    private mutating func readSpans() -> [HistogramSpan]? {
        guard let n = Varbit.readUint(&reader), n < 1 << 16 else { return nil }
        var out: [HistogramSpan] = []
        for _ in 0..<n {
            guard let length = Varbit.readUint(&reader), length < 1 << 20, let offset = Varbit.readInt(&reader) else {
                return nil
            }
            out.append(HistogramSpan(offset: Int32(truncatingIfNeeded: offset), length: UInt32(length)))
        }
        return out
    }

    private mutating func fail() -> Bool {
        error = .truncated(sample: numRead, of: total)
        return false
    }
}
