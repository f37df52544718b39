import PromModel

/// Entry points for the libFuzzer targets in `Fuzz/` (a separate package built with `-sanitize=fuzzer`): each
/// feeds arbitrary bytes to a real decoder and traps when an invariant breaks. Not used by the server.
@_spi(Fuzzing) public enum TSDBFuzzing {
    /// A WAL record payload: decoding never crashes, and what decodes re-encodes to something that decodes to
    /// the same record.
    public static func walRecord(_ bytes: [UInt8]) {
        guard let decoded = try? WALRecord.decode(bytes) else { return }
        let encoded: [UInt8]
        switch decoded {
        case .series(let s): encoded = WALRecord.encodeSeries(s)
        case .samples(let s): encoded = WALRecord.encodeSamples(s)
        case .lateSamples(let s): encoded = WALRecord.encodeSamples(s, type: WALRecord.lateSamplesType)
        case .tombstones(let t): encoded = WALRecord.encodeTombstones(t)
        // Histograms come back normalised (dense buckets), not byte for byte: decoding without a crash is the check.
        case .unknown, .histograms: return
        }
        guard let again = try? WALRecord.decode(encoded) else { fatalError("re-encoded record does not decode") }
        precondition(again == decoded, "record changed by re-encoding")
    }

    /// A WAL segment: framing (fragments, CRCs, page padding) never crashes and reports offsets inside it.
    public static func walSegment(_ bytes: [UInt8]) {
        let parsed = SegmentRecords(bytes)
        precondition(parsed.validEnd >= 0 && parsed.validEnd <= bytes.count, "valid end outside the segment")
        for r in parsed.records {
            precondition(r.start >= 0 && r.start <= r.end && r.end <= bytes.count, "record outside the segment")
        }
    }

    /// A histogram chunk (first byte: 0 reads the rest as a float histogram chunk, else as Prometheus's integer
    /// one): iterating never crashes or yields more than the header counts, and the float histograms it yields,
    /// appended to a new chunk where they fit, read back as the same samples.
    public static func histogramChunk(_ input: [UInt8]) {
        guard let mode = input.first else { return }
        let bytes = Array(input.dropFirst())
        var it = HistogramIterator(bytes: bytes, encoding: mode == 0 ? .floatHistogram : .histogram)
        var samples: [(t: Int64, h: FloatHistogram)] = []
        while it.next() {
            samples.append((it.t, it.histogram()))
            precondition(samples.count <= 1 << 16, "iterator yields more samples than a chunk header can count")
        }
        var chunk = FloatHistogramChunk()
        var kept: [(t: Int64, h: FloatHistogram)] = []
        for s in samples where (kept.last.map { s.t > $0.t } ?? true) && chunk.appendability(of: s.h) == .append {
            chunk.append(t: s.t, h: s.h)
            kept.append(s)
        }
        var again = HistogramIterator(bytes: chunk.bytes)
        for s in kept {
            precondition(again.next(), "re-encoded chunk is short")
            let h = again.histogram()
            let bothNaN = h.sum.isNaN && s.h.sum.isNaN
            precondition(again.t == s.t && (h.sameSample(as: s.h) || bothNaN || h.count.isNaN), "re-encoded chunk differs")
        }
    }

    /// An XOR chunk: iterating never crashes or loops beyond the samples its header can hold, and the samples
    /// it yields, appended to a new chunk, read back identically.
    public static func xorChunk(_ bytes: [UInt8]) {
        var it = XORIterator(bytes: bytes)
        var samples: [(t: Int64, bits: UInt64)] = []
        while it.next() {
            samples.append((it.t, it.valueBits))
            precondition(samples.count <= 1 << 16, "iterator yields more samples than a chunk header can count")
        }
        // Only time-ordered samples can be appended (what the head produces).
        guard zip(samples, samples.dropFirst()).allSatisfy({ $0.t < $1.t }) else { return }
        var chunk = XORChunk()
        for s in samples { chunk.append(t: s.t, v: Double(bitPattern: s.bits)) }
        var again = XORIterator(bytes: chunk.bytes)
        for s in samples {
            precondition(again.next(), "re-encoded chunk is short")
            precondition(again.t == s.t && again.valueBits == s.bits, "re-encoded chunk differs")
        }
        precondition(!again.next(), "re-encoded chunk is long")
    }
}
