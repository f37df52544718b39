import PromModel
import Storage

/// A read view of the head over `[mint, maxt]`.
///
/// Each `select` snapshots the chunks of the selected series at call time; samples committed later are not seen
/// by series already returned. Samples outside `[mint, maxt]` are never returned.
struct HeadQuerier: Querier, ChunkQuerier {
    let head: Head
    let mint: Int64
    let maxt: Int64

    /// Whether the head holds any sample in the querier's range.
    private var overlaps: Bool { head.minTime <= maxt && head.maxTime >= mint }

    func select(sorted: Bool, hints: SelectHints?, matchers: [Matcher]) throws(QueryError) -> [any Series] {
        var out = selectChunks(matchers)
        if sorted { out.sort { $0.labels < $1.labels } }
        return out.map { ChunkSeries(labels: $0.labels, chunks: $0.chunks, mint: mint, maxt: $0.visibleMaxT) }
    }

    /// Series with chunks overlapping the range, in series-reference order.
    func selectChunks(_ matchers: [Matcher]) -> [BlockWriter.SeriesData] {
        guard overlaps else { return [] }
        // Isolation: samples of commits completed after this point are hidden, series by series.
        let visible = head.visibleSeq.load(ordering: .acquiring)
        var out: [BlockWriter.SeriesData] = []
        for ref in head.postings.postings(for: matchers) {
            guard let s = head.series.get(ref: ref) else { continue }
            let (chunks, cap) = s.state.withLock { st -> ([ChunkView], Int64) in
                let cap = min(maxt, st.recent.visibleMaxT(visible))
                return (st.chunks(mint: mint, maxt: cap, mapper: head.chunkMapper), cap)
            }
            let merged = head.withOOO(chunks, series: ref, mint: mint, maxt: cap)
            if merged.isEmpty { continue }
            out.append(BlockWriter.SeriesData(labels: s.labels, chunks: merged, visibleMaxT: cap))
        }
        return out
    }

    func labelValues(_ name: String, matchers: [Matcher]) throws(QueryError) -> [String] {
        guard overlaps else { return [] }
        var values: [String]
        if matchers.isEmpty {
            values = head.postings.values(of: name)
        } else {
            var set = Set<String>()
            for s in matchingSeries(matchers) {
                let v = s.labels.get(name)
                if !v.isEmpty { set.insert(v) }
            }
            values = Array(set)
        }
        values.sort { byteCompare($0, $1) < 0 }
        return values
    }

    func labelNames(matchers: [Matcher]) throws(QueryError) -> [String] {
        guard overlaps else { return [] }
        var names: [String]
        if matchers.isEmpty {
            names = head.postings.names()
        } else {
            var set = Set<String>()
            for s in matchingSeries(matchers) {
                for l in s.labels { set.insert(l.name) }
            }
            names = Array(set)
        }
        names.sort { byteCompare($0, $1) < 0 }
        return names
    }

    /// Series matching `matchers` that have samples in the range.
    private func matchingSeries(_ matchers: [Matcher]) -> [MemSeries] {
        head.postings.postings(for: matchers).compactMap { ref in
            guard let s = head.series.get(ref: ref) else { return nil }
            let has = s.state.withLock { st in !st.isEmpty && st.minT <= maxt && st.lastT >= mint }
            return has ? s : nil
        }
    }
}

/// A series as snapshotted by a `select`: its chunks, restricted to `[mint, maxt]`.
struct ChunkSeries: Series {
    let labels: Labels
    let chunks: [ChunkView]
    let mint: Int64
    let maxt: Int64

    func makeIterator() -> any SampleIterator {
        ChunkSeriesIterator(chunks: chunks, mint: mint, maxt: maxt)
    }
}

/// Iterates the samples of consecutive, time-ordered chunks restricted to `[mint, maxt]`; allocates nothing
/// per float sample. Histogram chunks yield `.floatHistogram` samples, built when asked for.
struct ChunkSeriesIterator: HistogramSampleIterator {
    private let chunks: [ChunkView]
    private let mint: Int64
    private let maxt: Int64
    /// Index of the chunk being decoded; `chunks.count` once exhausted.
    private var index = -1
    private var current = XORIterator(bytes: XORChunk.emptyBytes)
    /// The decoder when the chunk at `index` holds histograms.
    private var histograms: HistogramIterator?
    private var exhausted = false
    private(set) var atT: Timestamp = Int64.min
    private var valueBits: UInt64 = 0
    private var kind: ValueKind = .none

    init(chunks: [ChunkView], mint: Int64, maxt: Int64) {
        self.chunks = chunks
        self.mint = mint
        self.maxt = maxt
    }

    func at() -> Sample { Sample(t: atT, v: Double(bitPattern: valueBits)) }

    func atHistogramSample() -> HistogramSample {
        HistogramSample(t: atT, h: histograms?.histogram() ?? FloatHistogram())
    }

    mutating func next() -> ValueKind {
        if index < 0 { return seek(mint) }
        return advance(to: mint)
    }

    mutating func seek(_ t: Timestamp) -> ValueKind {
        if exhausted { return .none }
        let target = max(t, mint)
        if index >= 0 && atT >= target { return kind }
        // Skip whole chunks that end before the target without decoding them.
        var i = max(index, 0)
        while i < chunks.count && chunks[i].maxT < target { i += 1 }
        if i != index {
            if i >= chunks.count { return finish() }
            open(i)
        }
        return advance(to: target)
    }

    private mutating func open(_ i: Int) {
        index = i
        if chunks[i].encoding != .xor {
            histograms = HistogramIterator(bytes: chunks[i].bytes, encoding: chunks[i].encoding)
        } else {
            histograms = nil
            current = XORIterator(bytes: chunks[i].bytes)
        }
    }

    /// Moves forward to the next sample with timestamp ≥ `target`, crossing chunk boundaries.
    private mutating func advance(to target: Int64) -> ValueKind {
        while true {
            if histograms != nil {
                if histograms!.next() {
                    let t = histograms!.t
                    if t < target { continue }
                    if t > maxt { return finish() }
                    atT = t
                    kind = .floatHistogram
                    return kind
                }
            } else if current.next() {
                if current.t < target { continue }
                if current.t > maxt { return finish() }
                atT = current.t
                valueBits = current.valueBits
                kind = .float
                return kind
            }
            if index + 1 >= chunks.count { return finish() }
            open(index + 1)
        }
    }

    private mutating func finish() -> ValueKind {
        exhausted = true
        index = chunks.count
        kind = .none
        return .none
    }
}
