extension Head {
    /// Oldest timestamp an out-of-order sample may have now: the out-of-order window behind the head's newest
    /// sample, and never inside a range already persisted as a block (blocks do not overlap the head; samples
    /// there are refused as too old). `Int64.max` when the window is 0 or the head is empty.
    var oooMinValidTime: Int64 {
        let window = oooWindow.load(ordering: .relaxed)
        let mx = maxTime
        guard window > 0, mx != Int64.min else { return Int64.max }
        return max(persistedMaxT.load(ordering: .relaxed), mx &- window)
    }

    /// Buffers a late sample of `series` (validated by the appender, or read back from the WAL). Returns false
    /// when it falls in a persisted range or repeats a buffered timestamp.
    @discardableResult
    func appendOOO(_ series: MemSeries, t: Int64, valueBits: UInt64) -> Bool {
        guard t >= persistedMaxT.load(ordering: .relaxed) else { return false }
        guard ooo.insert(ref: series.ref, t: t, valueBits: valueBits) else { return false }
        updateTimeRange(lo: t, hi: t)
        oooSamplesAppended.add(1, ordering: .relaxed)
        return true
    }

    /// `chunks` of `series` in `[mint, maxt]` with its late samples merged in, when it has any.
    func withOOO(_ chunks: [ChunkView], series ref: UInt64, mint: Int64, maxt: Int64) -> [ChunkView] {
        if ooo.isEmpty { return chunks }
        let late = ooo.samples(ref: ref, mint: mint, maxt: maxt)
        if late.isEmpty { return chunks }
        return OOOHead.merge(chunks, late, samplesPerChunk: samplesPerChunk)
    }
}

extension TSDB {
    /// `storage.tsdb.out_of_order_time_window` in milliseconds, applied to appenders created from now on
    /// (reloadable). With a window, samples behind their series' newest one, or behind the head's in-order
    /// bound, are accepted back to `newest sample − window` (never inside a range already persisted as a block)
    /// and merged with the in-order ones at query and compaction; older ones fail with `tooOldSample`.
    /// 0 (the default) refuses them with `outOfOrderSample` / `outOfBounds` as before.
    public var outOfOrderTimeWindow: Int64 {
        get { head.oooWindow.load(ordering: .relaxed) }
        set { head.oooWindow.store(max(0, newValue), ordering: .relaxed) }
    }
}
