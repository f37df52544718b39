import PromModel

/// Decodes a histogram chunk sample by sample: Sextant's and Prometheus's float histogram chunks (encoding 3), and
/// Prometheus's integer histogram chunks (encoding 2), whose counts come back as floats (Docs/chunks.md).
///
/// While `next()` returns true, `t` is the current timestamp and `histogram()` builds the current sample.
/// A corrupt chunk ends iteration early and sets `error`.
struct HistogramIterator: Sendable {
    private var reader: BitReader
    private let total: Int
    private let header: CounterResetHeader
    private let integer: Bool
    private(set) var numRead = 0
    private(set) var t: Int64 = Int64.min
    private var tDelta: Int64 = 0
    // Layout, read with the first sample.
    private var schema: Int32 = 0
    private var zeroThreshold: Double = 0
    private var positiveSpans: [HistogramSpan] = []
    private var negativeSpans: [HistogramSpan] = []
    private var customValues: [Double] = []
    private var positiveCount = 0
    /// Float chunks: bit patterns of count, zero count, sum, then positive and negative buckets, each an XOR
    /// stream with its own window. Integer chunks: only the sum (index 2) is a float; the rest is below.
    private var values: [UInt64] = []
    private var leading: [UInt8] = []
    private var trailing: [UInt8] = []
    /// Integer chunks: count and zero count with their deltas, and each bucket as Prometheus keeps it (the
    /// difference to the previous bucket of the same sample) with its delta to the previous sample.
    private var count: Int64 = 0
    private var zeroCount: Int64 = 0
    private var countDelta: Int64 = 0
    private var zeroCountDelta: Int64 = 0
    private var buckets: [Int64] = []
    private var bucketDeltas: [Int64] = []
    private(set) var error: ChunkError?

    /// `encoding` is `.floatHistogram` or `.histogram`.
    init(bytes: [UInt8], encoding: ChunkEncoding = .floatHistogram) {
        integer = encoding == .histogram
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

    private var sum: Double { Double(bitPattern: values[2]) }

    /// Whether the current sample is a stale marker (its buckets are not encoded).
    var isStale: Bool { values.count > 2 && values[2] == StaleNaN.bits }

    /// The current sample. The hint follows Prometheus: gauge chunks say gauge, samples after a chunk's first say
    /// no reset, a chunk's first sample says unknown (its predecessor may be gone).
    func histogram() -> FloatHistogram {
        let hint: CounterResetHint = header == .gauge ? .gauge : numRead > 1 ? .notCounterReset : .unknown
        if isStale { return FloatHistogram(sum: sum, counterResetHint: hint) }
        let p: [Double], n: [Double], c: Double, z: Double
        if integer {
            p = Self.cumulative(buckets[..<positiveCount])
            n = Self.cumulative(buckets[positiveCount...])
            c = Double(UInt64(bitPattern: count))
            z = Double(UInt64(bitPattern: zeroCount))
        } else {
            p = values[3..<(3 + positiveCount)].map { Double(bitPattern: $0) }
            n = values[(3 + positiveCount)...].map { Double(bitPattern: $0) }
            c = Double(bitPattern: values[0])
            z = Double(bitPattern: values[1])
        }
        return FloatHistogram(
            schema: schema, zeroThreshold: zeroThreshold, zeroCount: z, count: c, sum: sum,
            positiveSpans: positiveSpans, positiveBuckets: p, negativeSpans: negativeSpans, negativeBuckets: n,
            customValues: customValues, counterResetHint: hint)
    }

    /// Absolute bucket counts from Prometheus's in-sample bucket deltas.
    private static func cumulative(_ deltas: ArraySlice<Int64>) -> [Double] {
        var running: Int64 = 0
        return deltas.map {
            running = running &+ $0
            return Double(running)
        }
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
        let ok: Bool
        if numRead == 0 {
            ok = readLayout() && (integer ? readFirstInteger() : readFirstFloat())
        } else {
            ok = integer ? readNextInteger() : readNextFloat()
        }
        guard ok else {
            error = .truncated(sample: numRead, of: total)
            return false
        }
        numRead += 1
        return true
    }

    private mutating func readFirstFloat() -> Bool {
        guard let t0 = Varbit.readInt(&reader) else { return false }
        t = t0
        for i in values.indices {
            guard let v = reader.readBits(64) else { return false }
            values[i] = v
        }
        return true
    }

    private mutating func readNextFloat() -> Bool {
        guard readTimestamp() else { return false }
        for i in 0..<3 where !XORValue.read(&values[i], leading: &leading[i], trailing: &trailing[i], from: &reader) {
            return false
        }
        if values[2] == StaleNaN.bits { return true }
        for i in 3..<values.count where !XORValue.read(&values[i], leading: &leading[i], trailing: &trailing[i], from: &reader) {
            return false
        }
        return true
    }

    private mutating func readFirstInteger() -> Bool {
        guard let t0 = Varbit.readInt(&reader), let c = Varbit.readUint(&reader), let z = Varbit.readUint(&reader),
            let s = reader.readBits(64)
        else { return false }
        t = t0
        count = Int64(bitPattern: c)
        zeroCount = Int64(bitPattern: z)
        values[2] = s
        for i in buckets.indices {
            guard let b = Varbit.readInt(&reader) else { return false }
            buckets[i] = b
        }
        return true
    }

    /// Counts and buckets are deltas of deltas; the sum is an XOR stream (one window, index 2).
    private mutating func readNextInteger() -> Bool {
        guard readTimestamp(), let cDod = Varbit.readInt(&reader), let zDod = Varbit.readInt(&reader) else { return false }
        countDelta = countDelta &+ cDod
        count = count &+ countDelta
        zeroCountDelta = zeroCountDelta &+ zDod
        zeroCount = zeroCount &+ zeroCountDelta
        guard XORValue.read(&values[2], leading: &leading[2], trailing: &trailing[2], from: &reader) else { return false }
        if values[2] == StaleNaN.bits { return true }
        for i in buckets.indices {
            guard let dod = Varbit.readInt(&reader) else { return false }
            bucketDeltas[i] = bucketDeltas[i] &+ dod
            buckets[i] = buckets[i] &+ bucketDeltas[i]
        }
        return true
    }

    private mutating func readTimestamp() -> Bool {
        guard let dod = Varbit.readInt(&reader) else { return false }
        tDelta = tDelta &+ dod
        t = t &+ tDelta
        return true
    }

    private mutating func readLayout() -> Bool {
        guard let zt = FloatHistogramChunk.readZeroThreshold(&reader), let s = Varbit.readInt(&reader),
            let ps = readSpans(), let ns = readSpans()
        else { return false }
        guard HistogramSpan.decodable(schema: s, ps, ns) else { return false }
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
        let bucketCount = positiveCount + ns.reduce(0) { $0 + Int($1.length) }
        let streams = integer ? 3 : 3 + bucketCount
        values = Array(repeating: 0, count: streams)
        leading = Array(repeating: 0, count: streams)
        trailing = Array(repeating: 0, count: streams)
        if integer {
            buckets = Array(repeating: 0, count: bucketCount)
            bucketDeltas = buckets
        }
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
}
