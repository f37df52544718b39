public import PromModel

extension TSDB {
    /// Deletes the samples in `[mint, maxt]` of every series matching `matchers`, in the head and in blocks
    /// (`POST /api/v1/admin/tsdb/delete_series`). Head deletions are logged to the WAL as tombstones; blocks holding
    /// deleted samples are rewritten at once (Prometheus defers that to `clean_tombstones`; the result is the same).
    public func deleteSeries(matchers: [Matcher], mint: Int64, maxt: Int64) throws(TSDBError) {
        guard mint <= maxt else { return }
        try compactionLock.withLock { (_: inout Void) throws(TSDBError) in
            try deleteFromHead(matchers: matchers, mint: mint, maxt: maxt)
            if let directory { try deleteFromBlocks(matchers: matchers, mint: mint, maxt: maxt, directory: directory) }
        }
    }

    private func deleteFromHead(matchers: [Matcher], mint: Int64, maxt: Int64) throws(TSDBError) {
        let targets = head.postings.postings(for: matchers).compactMap { head.series.get(ref: $0) }
        if targets.isEmpty { return }
        // Tombstones reach only samples present now (up to each series' last sample), so that replaying them
        // from the WAL never deletes samples appended afterwards, even ones restored from head chunk files.
        // Computed, logged and applied with commits excluded.
        let stones = {
            targets.map { s in
                WALRecord.Tombstone(ref: s.ref, mint: mint, maxt: min(maxt, s.state.withLock { $0.lastT }))
            }
        }
        let apply = { (stones: [WALRecord.Tombstone]) in
            for (s, stone) in zip(targets, stones) where stone.mint <= stone.maxt {
                self.head.delete(s, mint: stone.mint, maxt: stone.maxt)
            }
        }
        guard let wal else {
            head.commitLock.withLock { _ in apply(stones()) }
            return
        }
        do {
            _ = try wal.withWriter { (w: inout WALWriter) throws(WALError) in
                let list = stones()
                try w.log([WALRecord.encodeTombstones(list)])
                apply(list)
            }
        } catch {
            throw TSDBError("logging deletion to the WAL: \(error)")
        }
    }

    /// Rewrites each block that holds a matching sample in the range without the deleted samples.
    private func deleteFromBlocks(matchers: [Matcher], mint: Int64, maxt: Int64, directory: String) throws(TSDBError) {
        let candidates = blocks.withLock { $0.filter { $0.minTime <= maxt && $0.maxTime > mint } }
        for b in candidates {
            var touched = false
            var series: [BlockWriter.SeriesData] = []
            let matching = Set(block: b, matchers: matchers)
            for s in BlockQuerier(block: b, mint: Int64.min, maxt: Int64.max).selectChunks([]) {
                guard matching.contains(s.labels), s.chunks.contains(where: { $0.maxT >= mint && $0.minT <= maxt }) else {
                    series.append(s)
                    continue
                }
                var st = SeriesChunks()
                for c in s.chunks {
                    if c.encoding != .xor {
                        var it = HistogramIterator(bytes: c.bytes, encoding: c.encoding)
                        while it.next() {
                            if it.t >= mint && it.t <= maxt { continue }
                            _ = st.appendHistogram(t: it.t, h: it.histogram(), chunkRange: Int64.max / 2,
                                                   samplesPerChunk: options.samplesPerChunk)
                        }
                        continue
                    }
                    var it = XORIterator(bytes: c.bytes)
                    while it.next() {
                        if it.t >= mint && it.t <= maxt { continue }
                        _ = st.append(t: it.t, valueBits: it.valueBits, chunkRange: Int64.max / 2,
                                      samplesPerChunk: options.samplesPerChunk)
                    }
                }
                touched = true
                let kept = st.chunks(mint: Int64.min, maxt: Int64.max)
                if !kept.isEmpty { series.append(BlockWriter.SeriesData(labels: s.labels, chunks: kept)) }
            }
            guard touched else { continue }
            let replacement: Block
            do {
                let ulid = try BlockWriter.write(
                    parent: directory, series: series, minT: b.minTime, maxT: b.maxTime,
                    level: b.meta.compaction.level, sources: b.meta.compaction.sources,
                    parents: [BlockMeta.Parent(ulid: b.ulid, minTime: b.minTime, maxTime: b.maxTime)])
                replacement = try Block(directory: "\(directory)/\(ulid)", corruption: blockCorruption)
            } catch {
                throw TSDBError("rewriting block \(b.ulid) without deleted samples: \(error)")
            }
            blocks.withLock { list in
                list.removeAll { $0.ulid == b.ulid }
                list.append(replacement)
                list.sort { $0.minTime < $1.minTime }
            }
            logger.info("block rewritten without deleted series samples", metadata: ["old": "\(b.ulid)", "new": "\(replacement.ulid)"])
            Self.deleteBlockDirectory(b)
        }
    }
}

extension Set where Element == Labels {
    /// Label sets of a block's series matching `matchers`.
    init(block: Block, matchers: [Matcher]) {
        self.init(block.index.postings(for: matchers).compactMap { block.index.series($0)?.labels })
    }
}
