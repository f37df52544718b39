extension Head {
    /// Drops all samples before `mint` (they were persisted in a block): closed chunks and open chunks ending
    /// before it, and the series left empty. Returns the number of chunks and series removed.
    @discardableResult
    func truncate(before mint: Int64) -> (chunks: Int, series: Int) {
        var removed: [MemSeries] = []
        var chunks = 0
        var newMin = Int64.max
        series.forEach { s in
            let r = s.state.withLock { st -> (chunks: Int, empty: Bool, minT: Int64) in
                let before = st.closed.count
                st.closed.removeAll { $0.maxT < mint }
                var n = before - st.closed.count
                if let o = st.open, o.lastT < mint {
                    st.open = nil
                    n += 1
                }
                if let h = st.openHistogram.first, h.lastT < mint {
                    st.openHistogram = []
                    n += 1
                }
                // A histogram chunk kept the series' later chunks in memory (`unwritten`). Once no closed chunk is left,
                // the next ones start a gap-free run in the files again.
                if st.unwritten, st.closed.isEmpty, st.openHistogram.isEmpty { st.unwritten = false }
                // A series that never had a sample belongs to a batch not committed yet: keep it.
                let drop = st.isEmpty && st.lastT != Int64.min && st.pendingCommits == 0
                if drop { st.removed = true }
                return (n, drop, st.minT)
            }
            chunks += r.chunks
            if r.empty { removed.append(s) } else if r.minT != Int64.max { newMin = min(newMin, r.minT) }
        }
        for s in removed {
            series.remove(s)
            ooo.remove(ref: s.ref)
        }
        // Late samples kept count for the head's range, or the next compaction could start after them.
        ooo.truncate(before: mint)
        newMin = min(newMin, ooo.minTime)
        postings.remove(removed.map { ($0.ref, $0.labels) })
        numSeries.add(-removed.count, ordering: .relaxed)
        seriesRemoved.add(removed.count, ordering: .relaxed)
        chunksRemoved.add(chunks, ordering: .relaxed)
        resetMinTime(newMin)
        return (chunks, removed.count)
    }
}
