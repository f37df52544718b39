import PromModel

extension Head {
    /// Counters of a WAL replay into the head.
    struct ReplayState {
        /// Series records that named labels already in the head under another ref (written by racing appenders
        /// before a restart) map their ref to the existing series.
        var remap: [UInt64: UInt64] = [:]
        var series = 0
        var samples = 0
        var unknownRefs = 0
        var outOfOrder = 0
        /// Chunks found in `chunks_head/` by series ref, attached when the WAL defines the series.
        var mappedChunks: [UInt64: [ChunkDiskMapper.StoredChunk]] = [:]
        var attachedChunks = 0
    }

    /// Applies one decoded WAL record to the head, bypassing the appender (the record was validated when logged).
    func replay(_ record: WALRecord.Decoded, state: inout ReplayState) {
        switch record {
        case .series(let list):
            for s in list {
                let r = getOrCreate(s.labels, hash: s.labels.stableHash, ref: s.ref)
                if r.series.ref != s.ref { state.remap[s.ref] = r.series.ref }
                if r.created, let mapped = state.mappedChunks.removeValue(forKey: s.ref) {
                    state.attachedChunks += attach(mapped, to: r.series)
                }
                state.series += 1
            }
        case .samples(let list):
            var lo = Int64.max
            var hi = Int64.min
            var chunks = 0
            var cached: MemSeries?
            for s in list {
                let ref = state.remap[s.ref] ?? s.ref
                if cached?.ref != ref { cached = series.get(ref: ref) }
                guard let m = cached else {
                    state.unknownRefs += 1
                    continue
                }
                let r = append(m, t: s.t, valueBits: s.valueBits)
                guard r.ok else {
                    state.outOfOrder += 1
                    continue
                }
                if r.cut { chunks += 1 }
                lo = min(lo, s.t)
                hi = max(hi, s.t)
                state.samples += 1
            }
            if lo <= hi { updateTimeRange(lo: lo, hi: hi) }
            if chunks > 0 { chunksCreated.add(chunks, ordering: .relaxed) }
        case .unknown:
            break
        }
    }

    /// Gives a series its chunks from `chunks_head/`; later WAL samples up to the last chunk's end are then
    /// skipped as already present. Returns the number of chunks attached.
    private func attach(_ stored: [ChunkDiskMapper.StoredChunk], to series: MemSeries) -> Int {
        guard let mapper = chunkMapper, let last = stored.last, let lastBytes = mapper.chunk(last.ref) else { return 0 }
        // The last value is needed to tell an exact repeat from a duplicate at the same timestamp.
        var it = XORIterator(bytes: lastBytes)
        var lastBits: UInt64 = 0
        while it.next() { lastBits = it.valueBits }
        series.state.withLock { st in
            st.closed = stored.map { ClosedChunk(minT: $0.minT, maxT: $0.maxT, bytes: nil, diskRef: $0.ref) }
            st.lastT = last.maxT
            st.lastValueBits = lastBits
        }
        updateTimeRange(lo: stored[0].minT, hi: last.maxT)
        chunksCreated.add(stored.count, ordering: .relaxed)
        return stored.count
    }
}
