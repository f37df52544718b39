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
    }

    /// Applies one decoded WAL record to the head, bypassing the appender (the record was validated when logged).
    func replay(_ record: WALRecord.Decoded, state: inout ReplayState) {
        switch record {
        case .series(let list):
            for s in list {
                let r = getOrCreate(s.labels, hash: s.labels.stableHash, ref: s.ref)
                if r.series.ref != s.ref { state.remap[s.ref] = r.series.ref }
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
                    // Every logged sample was accepted: one behind its series was a late one in the window.
                    if appendOOO(m, t: s.t, valueBits: s.valueBits) { state.samples += 1 } else { state.outOfOrder += 1 }
                    continue
                }
                if r.cut { chunks += 1 }
                lo = min(lo, s.t)
                hi = max(hi, s.t)
                state.samples += 1
            }
            if lo <= hi { updateTimeRange(lo: lo, hi: hi) }
            if chunks > 0 { chunksCreated.add(chunks, ordering: .relaxed) }
        case .tombstones(let stones):
            for s in stones {
                guard let m = series.get(ref: state.remap[s.ref] ?? s.ref) else { continue }
                delete(m, mint: s.mint, maxt: s.maxt)
            }
        case .unknown:
            break
        }
    }
}
