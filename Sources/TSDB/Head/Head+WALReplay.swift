import PromModel

extension Head {
    /// Counters of a WAL replay into the head, and the lookup structures that make it fast.
    struct ReplayState {
        /// Series records that named labels already in the head under another ref (written by racing appenders
        /// before a restart) map their ref to the existing series.
        var remap: [UInt64: UInt64] = [:]
        var series = 0
        var samples = 0
        var unknownRefs = 0
        var outOfOrder = 0
        /// Samples already held by head chunk files, not appended again.
        var skipped = 0
        /// Closed chunks from the head chunk files by series ref, attached when the series record is replayed.
        var mapped: [UInt64: [ChunkDiskMapper.StoredChunk]] = [:]
        /// Chunks attached from the files.
        var mappedChunks = 0
        /// For refs at or above `refTableLimit`: the newest time their attached chunks hold.
        var skipThrough: [UInt64: Int64] = [:]
        /// Series by WAL ref for refs below `refTableLimit` (refs are handed out densely from 1), so that a sample
        /// finds its series by indexing instead of hashing and locking a stripe; remapped refs point at the
        /// existing series directly. Dropped when the replay ends (the state goes away).
        var refTable: [TableEntry?] = []
        /// Series resolved outside `refTable` while batches may still point at them.
        var keepAlive: [MemSeries] = []
        /// Samples of the record being replayed; reused so that decoding allocates once per replay, not per record.
        var scratch: [WALRecord.RefSample] = []
        /// Parallel appending; nil replays on the calling thread.
        let shards: ReplayShards?
        /// Samples waiting for a full batch, per shard.
        var pending: [[ReplayShards.Item]]
        /// Series (head refs) that received histograms in this replay, and whether a float sample of one of them
        /// was queued since the shards last drained: the next histogram record waits for it.
        var histogramSeries = Set<UInt64>()
        var histogramSeriesFloatQueued = false

        init(shards: Int = ReplayShards.defaultShards, batchSize: Int = ReplayShards.defaultBatchSize) {
            self.shards = shards > 1 ? ReplayShards(shards: shards, batchSize: batchSize) : nil
            pending = Array(repeating: [], count: shards > 1 ? shards : 0)
        }
    }

    /// Hands out the partial batches and waits for every queued sample to be applied; the counters are then final.
    /// Must be called when a replay ends (also when it fails), and is called before records that need the head
    /// to be complete (tombstones).
    func finishReplay(state: inout ReplayState) {
        guard let shards = state.shards else { return }
        for i in state.pending.indices where !state.pending[i].isEmpty {
            var batch: [ReplayShards.Item] = []
            swap(&batch, &state.pending[i])
            shards.submit(batch, shard: i, head: self)
        }
        shards.drain()
        state.histogramSeriesFloatQueued = false
        state.samples += shards.appended.exchange(0, ordering: .relaxed)
        state.outOfOrder += shards.outOfOrder.exchange(0, ordering: .relaxed)
    }

    /// A series in the replay's ref table. The table (with the registry) keeps the series alive; `Unmanaged` so
    /// that resolving a sample does not touch the series object (a cache miss per sample otherwise).
    struct TableEntry {
        var series: Unmanaged<MemSeries>
        var ref: UInt64
        /// Samples up to this time are in chunks attached from the head chunk files: replay skips them.
        var skipThrough = Int64.min
    }

    /// Refs above this are looked up in the registry: a table indexed by ref would cost 8 bytes per ref ever
    /// handed out, which after heavy churn may be far more than the live series (4M refs = 32 MB, transient).
    static let refTableLimit: UInt64 = 1 << 22

    /// Applies one encoded WAL record to the head (see `replay(_:state:)`). Sample records, nearly all of a WAL,
    /// are decoded into `state.scratch` and applied without intermediate allocation.
    func replay(payload: [UInt8], state: inout ReplayState) throws(DecodeError) {
        guard payload.first == WALRecord.samplesType else {
            replay(try WALRecord.decode(payload), state: &state)
            return
        }
        try WALRecord.decodeSamples(payload, into: &state.scratch)
        var samples = state.scratch
        state.scratch = []  // keeps `samples` uniquely referenced while `state` is mutated below
        replaySamples(samples, state: &state)
        samples.removeAll(keepingCapacity: true)
        state.scratch = samples
    }

    /// Applies one decoded WAL record to the head, bypassing the appender (the record was validated when logged).
    func replay(_ record: WALRecord.Decoded, state: inout ReplayState) {
        switch record {
        case .series(let list):
            for s in list {
                let r = getOrCreate(s.labels, hash: s.labels.stableHash, ref: s.ref)
                if r.series.ref != s.ref { state.remap[s.ref] = r.series.ref }
                var skip = Int64.min
                if let chunks = state.mapped.removeValue(forKey: s.ref), r.created, r.series.ref == s.ref {
                    skip = attachMapped(r.series, chunks, state: &state)
                } else if r.series.ref != s.ref {
                    // A second ref for the series: its samples are the series', so the series' files hold them too.
                    skip = state.skipThrough(of: r.series.ref)
                }
                if s.ref < Self.refTableLimit {
                    let i = Int(s.ref)
                    if i >= state.refTable.count {
                        state.refTable.append(contentsOf: repeatElement(nil, count: i + 1 - state.refTable.count))
                    }
                    state.refTable[i] = TableEntry(
                        series: Unmanaged.passUnretained(r.series), ref: r.series.ref, skipThrough: skip)
                } else if skip != Int64.min {
                    state.skipThrough[s.ref] = skip
                }
                state.series += 1
            }
        case .samples(let list):
            replaySamples(list, state: &state)
        case .lateSamples(let list):
            for s in list {
                guard let m = series.get(ref: state.remap[s.ref] ?? s.ref) else {
                    state.unknownRefs += 1
                    continue
                }
                if appendOOO(m, t: s.t, valueBits: s.valueBits) { state.samples += 1 } else { state.outOfOrder += 1 }
            }
        case .histograms(let list):
            // Applied here, not through the shards: histogram series are few. A series' first histogram (new, or
            // after floats) waits for the queued floats, which may be older; later ones need not. Series that had a
            // histogram in this replay are covered by `histogramSeriesFloatQueued`, so only the others are looked at
            // (a lock each).
            if state.shards != nil {
                let first = state.histogramSeriesFloatQueued || list.contains { s in
                    let ref = state.remap[s.ref] ?? s.ref
                    if state.histogramSeries.contains(ref) { return false }
                    return series.get(ref: ref)?.state.withLock { $0.openHistogram.isEmpty } ?? false
                }
                if first { finishReplay(state: &state) }
            }
            var lo = Int64.max
            var hi = Int64.min
            for s in list {
                let ref = state.remap[s.ref] ?? s.ref
                guard let m = series.get(ref: ref) else {
                    state.unknownRefs += 1
                    continue
                }
                if s.t <= state.skipThrough(of: s.ref) {
                    state.skipped += 1
                    continue
                }
                state.histogramSeries.insert(m.ref)
                if appendHistogram(m, t: s.t, h: s.h).ok {
                    state.samples += 1
                    lo = min(lo, s.t)
                    hi = max(hi, s.t)
                } else {
                    state.outOfOrder += 1
                }
            }
            if lo <= hi { updateTimeRange(lo: lo, hi: hi) }
        case .tombstones(let stones):
            finishReplay(state: &state)
            for s in stones {
                guard let m = series.get(ref: state.remap[s.ref] ?? s.ref) else { continue }
                delete(m, mint: s.mint, maxt: s.maxt)
            }
        case .unknown:
            break
        }
    }

    private func replaySamples(_ list: [WALRecord.RefSample], state: inout ReplayState) {
        if let shards = state.shards {
            queueSamples(list, shards: shards, state: &state)
            return
        }
        var lo = Int64.max
        var hi = Int64.min
        var chunks = 0
        var appended = 0
        var cached: MemSeries?
        var cachedRef: UInt64 = 0
        var cachedSkip = Int64.min
        var skipped = 0
        let hasRemap = !state.remap.isEmpty
        for s in list {
            if cached == nil || cachedRef != s.ref {
                cachedRef = s.ref
                if s.ref < UInt64(state.refTable.count) {
                    let e = state.refTable[Int(s.ref)]
                    cached = e?.series.takeUnretainedValue()
                    cachedSkip = e?.skipThrough ?? Int64.min
                } else {
                    cached = series.get(ref: hasRemap ? state.remap[s.ref] ?? s.ref : s.ref)
                    cachedSkip = state.skipThrough[s.ref] ?? Int64.min
                }
            }
            guard let m = cached else {
                state.unknownRefs += 1
                continue
            }
            if s.t <= cachedSkip {
                skipped += 1
                continue
            }
            let r = append(m, t: s.t, valueBits: s.valueBits)
            guard r.ok else {
                // Every logged sample was accepted: one behind its series was a late one in the window
                // (a repeat of the newest timestamp is a duplicate, refused as when it was appended).
                if lateSample(m, t: s.t), appendOOO(m, t: s.t, valueBits: s.valueBits) {
                    appended += 1
                } else {
                    state.outOfOrder += 1
                }
                continue
            }
            if r.cut { chunks += 1 }
            lo = min(lo, s.t)
            hi = max(hi, s.t)
            appended += 1
        }
        state.samples += appended
        state.skipped += skipped
        if lo <= hi { updateTimeRange(lo: lo, hi: hi) }
        if chunks > 0 { chunksCreated.add(chunks, ordering: .relaxed) }
    }

    /// Resolves each sample's series and adds it to its shard's batch, submitting full batches.
    private func queueSamples(_ list: [WALRecord.RefSample], shards: ReplayShards, state: inout ReplayState) {
        let hasRemap = !state.remap.isEmpty
        let tableCount = UInt64(state.refTable.count)
        for s in list {
            let entry: TableEntry
            if s.ref < tableCount, let e = state.refTable[Int(s.ref)] {
                entry = e
            } else if s.ref >= tableCount, let m = series.get(ref: hasRemap ? state.remap[s.ref] ?? s.ref : s.ref) {
                // Outside the table: keep the series alive until the replay ends, as the table does.
                state.keepAlive.append(m)
                entry = TableEntry(
                    series: Unmanaged.passUnretained(m), ref: m.ref, skipThrough: state.skipThrough[s.ref] ?? Int64.min)
            } else {
                state.unknownRefs += 1
                continue
            }
            if s.t <= entry.skipThrough {
                state.skipped += 1
                continue
            }
            guard shards.fitsKey(entry.ref) else {
                // Never expected (refs beyond 2^32 × shards): apply on this thread, after what is queued.
                finishReplay(state: &state)
                let r = entry.series._withUnsafeGuaranteedRef { append($0, t: s.t, valueBits: s.valueBits) }
                if r.ok {
                    state.samples += 1
                    updateTimeRange(lo: s.t, hi: s.t)
                    if r.cut { chunksCreated.add(1, ordering: .relaxed) }
                } else if entry.series._withUnsafeGuaranteedRef({
                    lateSample($0, t: s.t) && appendOOO($0, t: s.t, valueBits: s.valueBits)
                }) {
                    state.samples += 1
                } else {
                    state.outOfOrder += 1
                }
                continue
            }
            if !state.histogramSeries.isEmpty, state.histogramSeries.contains(entry.ref) {
                state.histogramSeriesFloatQueued = true
            }
            let shard = shards.shard(of: entry.ref)
            if state.pending[shard].capacity == 0 { state.pending[shard] = shards.takeBuffer() }
            state.pending[shard].append(ReplayShards.Item(
                series: entry.series, key: shards.key(of: entry.ref), t: s.t, valueBits: s.valueBits))
            if state.pending[shard].count >= shards.batchSize {
                var batch: [ReplayShards.Item] = []
                swap(&batch, &state.pending[shard])
                shards.submit(batch, shard: shard, head: self)
            }
        }
    }

    /// Whether a replayed sample the in-order append refused is a late one (behind its series' newest sample),
    /// not a duplicate of the newest timestamp or a sample of a removed series.
    private func lateSample(_ m: MemSeries, t: Int64) -> Bool {
        m.state.withLock { !$0.removed && t < $0.lastT }
    }

    /// Attaches the closed chunks the head chunk files hold for a series just created by replay, so that its
    /// samples up to the newest of them need not be appended again (the files hold exactly the samples the WAL
    /// logged up to there; see Docs/head_chunks.md). Chunks before the newest block's end are left out: the
    /// blocks hold those samples. Returns the time through which the series' WAL samples are to be skipped.
    private func attachMapped(
        _ m: MemSeries, _ stored: [ChunkDiskMapper.StoredChunk], state: inout ReplayState
    ) -> Int64 {
        guard chunkMapper != nil else { return Int64.min }
        let persisted = persistedMaxT.load(ordering: .relaxed)
        let chunks = stored.filter { $0.maxT >= persisted }
        guard let last = chunks.last else { return Int64.min }
        m.state.withLock { st in
            st.closed = chunks.map { ClosedChunk(minT: $0.minT, maxT: $0.maxT, bytes: nil, diskRef: $0.ref) }
            st.lastT = last.maxT
            // Decoded when an append first needs it: most series never repeat their newest timestamp.
            st.lastValueUnknown = true
        }
        updateTimeRange(lo: chunks[0].minT, hi: last.maxT)
        chunksCreated.add(chunks.count, ordering: .relaxed)
        state.mappedChunks += chunks.count
        return last.maxT
    }
}

extension Head.ReplayState {
    /// The time through which samples of `ref` are skipped (held by attached chunks).
    func skipThrough(of ref: UInt64) -> Int64 {
        if ref < UInt64(refTable.count) { return refTable[Int(ref)]?.skipThrough ?? Int64.min }
        return skipThrough[ref] ?? Int64.min
    }
}
