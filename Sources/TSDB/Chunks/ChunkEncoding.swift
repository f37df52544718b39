import PromModel

/// The encoding byte of a chunk in chunk files, head chunk files and snapshots (Prometheus's `chunkenc.Encoding`).
enum ChunkEncoding: UInt8, Sendable {
    /// Float samples (`XORChunk`).
    case xor = 1
    /// Prometheus's integer-count histograms: read from Prometheus's blocks, never written by Sextant.
    case histogram = 2
    /// Native histograms with float counts (`FloatHistogramChunk`).
    case floatHistogram = 3
}

/// The two top bits of a histogram chunk's third header byte: why the chunk was started
/// (Prometheus's `CounterResetHeader`).
enum CounterResetHeader: UInt8, Sendable {
    /// Nothing known: the query engine compares with the previous sample.
    case unknown = 0b0000_0000
    /// A counter reset started the chunk.
    case counterReset = 0b1000_0000
    /// The chunk was cut for another reason (layout change, size, time range), not a reset.
    case notCounterReset = 0b0100_0000
    /// A gauge histogram chunk: counts go up and down.
    case gauge = 0b1100_0000

    static let mask: UInt8 = 0b1100_0000
}


extension HistogramSpan {
    /// Largest dense bucket range a decoded histogram may have: `FloatHistogram` keeps buckets densely, and corrupt
    /// input must not make it allocate without bound. Real histograms (at most 2^19 indexes even at schema 8 over
    /// the whole float range, usually a few hundred) stay far below.
    static let maxDenseWidth = 1 << 20

    /// Whether a histogram read from disk can be held and queried: a schema Prometheus knows (-4…8, or -53 for
    /// custom buckets), spans whose gaps after the first are not negative, a bucket range within `maxDenseWidth`,
    /// and bucket indexes far from overflowing `Int32` arithmetic.
    static func decodable(schema: Int64, _ positive: [HistogramSpan], _ negative: [HistogramSpan]) -> Bool {
        guard (-4...8).contains(schema) || schema == Int64(FloatHistogram.customBucketsSchema) else { return false }
        return decodable(positive) && decodable(negative)
    }

    private static func decodable(_ spans: [HistogramSpan]) -> Bool {
        var width = 0
        for (i, s) in spans.enumerated() {
            if i > 0 {
                guard s.offset >= 0 else { return false }
                width += Int(s.offset)
            } else if abs(Int(s.offset)) > 1 << 24 {
                return false
            }
            width += Int(s.length)
            if width > maxDenseWidth { return false }
        }
        return true
    }
}
