extension Head {
    /// Deletes the samples of `series` in `[mint, maxt]` and remembers the tombstone for WAL checkpoints.
    /// Returns whether any sample was deleted.
    @discardableResult
    func delete(_ series: MemSeries, mint: Int64, maxt: Int64) -> Bool {
        let lateDeleted = ooo.delete(ref: series.ref, mint: mint, maxt: maxt)
        if let chunkMapper {
            // Without the mark, a restart would reuse chunks this deletion makes stale; failing to write it only
            // costs that reuse when the WAL still holds the tombstone, so the deletion goes ahead.
            try? chunkMapper.markDeleted(seriesRef: series.ref)
        }
        let (r, lastT) = series.state.withLock { st in
            (st.delete(mint: mint, maxt: maxt, chunkRange: chunkRange, samplesPerChunk: samplesPerChunk, mapper: chunkMapper),
             st.lastT)
        }
        guard let r else { return lateDeleted }
        chunksRemoved.add(r.before, ordering: .relaxed)
        chunksCreated.add(r.after, ordering: .relaxed)
        // Only samples present now are deleted: a checkpoint replays the tombstone after all the head's samples,
        // so it must not reach samples appended later.
        let stone = WALRecord.Tombstone(ref: series.ref, mint: mint, maxt: min(maxt, lastT))
        tombstones.withLock { $0.append(stone) }
        return true
    }

    /// Tombstones still relevant to the head: of live series, reaching past the newest block's end (older samples,
    /// even in head chunk files, are dropped at open anyway).
    func liveTombstones() -> [WALRecord.Tombstone] {
        let persisted = persistedMaxT.load(ordering: .relaxed)
        return tombstones.withLock { list in
            list.removeAll { $0.maxt < persisted || series.get(ref: $0.ref) == nil }
            return list
        }
    }
}
