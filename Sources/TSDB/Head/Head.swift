import PromModel
import Synchronization

/// The in-memory part of the database: the most recent samples of every series, in compressed chunks,
/// with an inverted index for selection.
///
/// Thread-safe. Appends go through `HeadAppender` (one batch per scrape); reads through `HeadQuerier`.
final class Head: Sendable {
    let chunkRange: Int64
    let samplesPerChunk: Int
    let series: StripeSeries
    let postings = MemPostings()
    /// Where closed chunks go when the database has a directory.
    let chunkMapper: ChunkDiskMapper?

    private let nextRef = Atomic<UInt64>(0)
    private let minT = Atomic<Int64>(Int64.max)
    private let maxT = Atomic<Int64>(Int64.min)

    // Counters for HeadStats.
    let numSeries = Atomic<Int>(0)
    let seriesCreated = Atomic<Int>(0)
    let seriesRemoved = Atomic<Int>(0)
    let samplesAppended = Atomic<Int>(0)
    let chunksCreated = Atomic<Int>(0)
    let chunksRemoved = Atomic<Int>(0)
    let outOfOrderSamples = Atomic<Int>(0)
    let outOfBoundSamples = Atomic<Int>(0)
    /// `prometheus_tsdb_head_out_of_order_samples_appended_total`
    let oooSamplesAppended = Atomic<Int>(0)
    /// `prometheus_tsdb_too_old_samples_total`: refused as before the out-of-order window.
    let tooOldSamples = Atomic<Int>(0)

    /// Late samples accepted within the out-of-order window (Head+OOO.swift).
    let ooo = OOOHead()
    /// `storage.tsdb.out_of_order_time_window` in milliseconds; 0 refuses every out-of-order sample.
    let oooWindow = Atomic<Int64>(0)

    init(chunkRange: Int64, samplesPerChunk: Int = 120, stripes: Int = 1 << 10, chunkMapper: ChunkDiskMapper? = nil) {
        self.chunkMapper = chunkMapper
        precondition(chunkRange > 0 && samplesPerChunk > 0 && samplesPerChunk <= XORChunk.maxSamples)
        self.chunkRange = chunkRange
        self.samplesPerChunk = samplesPerChunk
        self.series = StripeSeries(stripes: stripes)
    }

    var minTime: Int64 { minT.load(ordering: .relaxed) }
    var maxTime: Int64 { maxT.load(ordering: .relaxed) }

    /// Samples older than this are refused as out of bounds: half a block range behind the newest sample,
    /// as Prometheus does, so late samples cannot land in a range that may already be persisted.
    var minValidTime: Int64 {
        let mx = maxTime
        let base = persistedMaxT.load(ordering: .relaxed)
        return mx == Int64.min ? base : max(base, mx - chunkRange / 2)
    }

    /// Sequence number of the last commit whose samples are all applied; queriers see commits up to it.
    let visibleSeq = Atomic<UInt64>(0)
    /// Deletions applied to the head, kept for WAL checkpoints (chunks on disk may still hold deleted samples).
    let tombstones = Mutex<[WALRecord.Tombstone]>([])
    /// Serialises commits of a database without WAL (with a WAL, the WAL lock does).
    let commitLock = Mutex(())

    /// End of the newest block: samples before it would land in a persisted range and are out of bounds.
    let persistedMaxT = Atomic<Int64>(Int64.min)

    /// Sets the head's minimum time after truncation.
    func resetMinTime(_ t: Int64) { minT.store(t, ordering: .relaxed) }

    /// Widens the head's time range to include `[lo, hi]`.
    func updateTimeRange(lo: Int64, hi: Int64) {
        var cur = minT.load(ordering: .relaxed)
        while lo < cur {
            let (exchanged, original) = minT.compareExchange(expected: cur, desired: lo, ordering: .relaxed)
            if exchanged { break }
            cur = original
        }
        cur = maxT.load(ordering: .relaxed)
        while hi > cur {
            let (exchanged, original) = maxT.compareExchange(expected: cur, desired: hi, ordering: .relaxed)
            if exchanged { break }
            cur = original
        }
    }

    /// Appends a sample to a series unless it is not after the series' last one (another appender may have
    /// committed newer samples since validation). Returns whether it was appended and whether a chunk was cut.
    /// A series removed by head truncation after the appender resolved it is looked up again by labels.
    /// `seq` is the commit's sequence number for isolation (0 for WAL replay: visible at once).
    func append(_ series: MemSeries, t: Int64, valueBits: UInt64, seq: UInt64 = 0) -> (ok: Bool, cut: Bool) {
        let r = series.state.withLock { st -> (ok: Bool, cut: Bool, removed: Bool) in
            if st.removed { return (false, false, true) }
            // An appender opened before a compaction may still carry samples for the range just persisted.
            if t <= st.lastT || t < persistedMaxT.load(ordering: .relaxed) { return (false, false, false) }
            if seq != 0 && st.recent.lastSeq != seq { st.recent.record(seq: seq, firstT: t) }
            let cut = st.append(
                t: t, valueBits: valueBits, chunkRange: chunkRange, samplesPerChunk: samplesPerChunk,
                mapper: chunkMapper, seriesRef: series.ref)
            return (true, cut, false)
        }
        if r.removed { return append(getOrCreate(series.labels).series, t: t, valueBits: valueBits, seq: seq) }
        return (r.ok, r.cut)
    }

    /// Appends a native histogram as `append` does a float sample.
    func appendHistogram(_ series: MemSeries, t: Int64, h: FloatHistogram, seq: UInt64 = 0) -> (ok: Bool, cut: Bool) {
        let r = series.state.withLock { st -> (ok: Bool, cut: Bool, removed: Bool) in
            if st.removed { return (false, false, true) }
            if t <= st.lastT || t < persistedMaxT.load(ordering: .relaxed) { return (false, false, false) }
            if seq != 0 && st.recent.lastSeq != seq { st.recent.record(seq: seq, firstT: t) }
            let cut = st.appendHistogram(t: t, h: h, chunkRange: chunkRange, samplesPerChunk: samplesPerChunk)
            return (true, cut, false)
        }
        if r.removed { return appendHistogram(getOrCreate(series.labels).series, t: t, h: h, seq: seq) }
        return (r.ok, r.cut)
    }

    /// The series for `labels`, created and indexed when new.
    func getOrCreate(_ labels: Labels) -> (series: MemSeries, created: Bool) {
        let hash = labels.stableHash
        if let s = series.get(hash: hash, labels: labels) { return (s, false) }
        return getOrCreate(labels, hash: hash, ref: nil)
    }

    /// Creates a series with a given reference (WAL replay) or a fresh one.
    func getOrCreate(_ labels: Labels, hash: UInt64, ref: UInt64?) -> (series: MemSeries, created: Bool) {
        let r = series.getOrCreate(hash: hash, labels: labels) {
            if let ref {
                bumpNextRef(atLeast: ref)
                return ref
            }
            return nextRef.add(1, ordering: .relaxed).newValue
        }
        if r.created {
            postings.add(ref: r.series.ref, labels: labels)
            numSeries.add(1, ordering: .relaxed)
            seriesCreated.add(1, ordering: .relaxed)
        }
        return r
    }

    /// Makes sure freshly allocated references stay above `ref`.
    func bumpNextRef(atLeast ref: UInt64) {
        var cur = nextRef.load(ordering: .relaxed)
        while ref > cur {
            let (exchanged, original) = nextRef.compareExchange(expected: cur, desired: ref, ordering: .relaxed)
            if exchanged { break }
            cur = original
        }
    }

    var lastSeriesRef: UInt64 { nextRef.load(ordering: .relaxed) }

    var stats: HeadStats {
        let created = chunksCreated.load(ordering: .relaxed)
        let n = numSeries.load(ordering: .relaxed)
        var stats = HeadStats(
            numSeries: n,
            seriesCreated: seriesCreated.load(ordering: .relaxed),
            seriesRemoved: seriesRemoved.load(ordering: .relaxed),
            samplesAppended: samplesAppended.load(ordering: .relaxed),
            chunks: created - chunksRemoved.load(ordering: .relaxed),
            chunksCreated: created,
            outOfOrderSamples: outOfOrderSamples.load(ordering: .relaxed),
            outOfBoundSamples: outOfBoundSamples.load(ordering: .relaxed),
            minTime: minTime,
            maxTime: maxTime)
        stats.outOfOrderSamplesAppended = oooSamplesAppended.load(ordering: .relaxed)
        stats.tooOldSamples = tooOldSamples.load(ordering: .relaxed)
        return stats
    }
}
