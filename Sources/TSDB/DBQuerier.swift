import PromModel
import Storage

/// The database's querier: the blocks overlapping the range and the head from the newest block's end, merged.
///
/// Blocks are listed at each call, not when the querier is made, and a compaction moving samples from the head
/// into a new block while a `select` runs makes it start over: a compaction publishes the block and the head's
/// new lower bound (`persistedMaxT`) together before it truncates the head, so a `select` that saw the same
/// bound before and after reading the head has seen every sample exactly once.
struct DBQuerier: Querier {
    let db: TSDB
    let mint: Int64
    let maxt: Int64

    /// The sources as of now, and the head's lower bound they assume.
    private func sources() -> (MergeQuerier, Int64) {
        let (blocks, persisted) = db.blocks.withLock { list in
            (list.filter { $0.minTime <= maxt && $0.maxTime > mint }, db.head.persistedMaxT.load(ordering: .acquiring))
        }
        var sources: [any ChunkQuerier] = blocks.map { BlockQuerier(block: $0, mint: mint, maxt: maxt) }
        // Head samples before the newest block's end may linger until truncation; the block has them.
        sources.append(HeadQuerier(head: db.head, mint: max(mint, persisted), maxt: maxt))
        return (MergeQuerier(sources: sources, mint: mint, maxt: maxt), persisted)
    }

    func select(sorted: Bool, hints: SelectHints?, matchers: [Matcher]) throws(QueryError) -> [any Series] {
        while true {
            let (merge, persisted) = sources()
            let result = try merge.select(sorted: sorted, hints: hints, matchers: matchers)
            if db.head.persistedMaxT.load(ordering: .acquiring) == persisted { return result }
        }
    }

    func labelValues(_ name: String, matchers: [Matcher]) throws(QueryError) -> [String] {
        try sources().0.labelValues(name, matchers: matchers)
    }

    func labelNames(matchers: [Matcher]) throws(QueryError) -> [String] {
        try sources().0.labelNames(matchers: matchers)
    }
}
