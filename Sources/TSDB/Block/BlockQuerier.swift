import PromModel
import Storage

/// What the database querier merges: sources of series chunks over a time range (the head, blocks).
protocol ChunkQuerier: Sendable {
    func selectChunks(_ matchers: [Matcher]) -> [BlockWriter.SeriesData]
    func labelValues(_ name: String, matchers: [Matcher]) throws(QueryError) -> [String]
    func labelNames(matchers: [Matcher]) throws(QueryError) -> [String]
}

/// A read view of one block over `[mint, maxt]`.
struct BlockQuerier: ChunkQuerier {
    let block: Block
    let mint: Int64
    let maxt: Int64

    /// Series with chunks overlapping the range, sorted by labels (index order).
    func selectChunks(_ matchers: [Matcher]) -> [BlockWriter.SeriesData] {
        var out: [BlockWriter.SeriesData] = []
        for ref in block.index.postings(for: matchers) {
            guard let s = block.index.series(ref) else {
                block.corruption?.corruptSeries(block: block.ulid, ref: ref)
                continue
            }
            var chunks: [ChunkView] = []
            for c in s.chunks where c.maxT >= mint && c.minT <= maxt {
                if let chunk = block.chunk(c.ref) {
                    chunks.append(ChunkView(bytes: chunk.bytes, minT: c.minT, maxT: c.maxT, encoding: chunk.encoding))
                } else {
                    block.corruption?.corruptChunk(block: block.ulid, ref: c.ref, labels: s.labels)
                }
            }
            if !chunks.isEmpty { out.append(BlockWriter.SeriesData(labels: s.labels, chunks: chunks)) }
        }
        return out
    }

    func labelValues(_ name: String, matchers: [Matcher]) throws(QueryError) -> [String] {
        if matchers.isEmpty { return block.index.values(of: name) }
        var set = Set<String>()
        for s in selectChunks(matchers) {
            let v = s.labels.get(name)
            if !v.isEmpty { set.insert(v) }
        }
        return set.sorted { byteCompare($0, $1) < 0 }
    }

    func labelNames(matchers: [Matcher]) throws(QueryError) -> [String] {
        if matchers.isEmpty { return block.index.names() }
        var set = Set<String>()
        for s in selectChunks(matchers) { for l in s.labels { set.insert(l.name) } }
        return set.sorted { byteCompare($0, $1) < 0 }
    }
}

/// The database's querier: the head and the blocks overlapping the range, merged by series.
struct MergeQuerier: Querier {
    let sources: [any ChunkQuerier]
    let mint: Int64
    let maxt: Int64

    func select(sorted: Bool, hints: SelectHints?, matchers: [Matcher]) throws(QueryError) -> [any Series] {
        if sources.count == 1 {
            // Only the head (the common case for recent data): nothing to merge.
            var list = sources[0].selectChunks(matchers)
            if sorted { list.sort { $0.labels < $1.labels } }
            return list.map { ChunkSeries(labels: $0.labels, chunks: $0.chunks, mint: mint, maxt: min(maxt, $0.visibleMaxT)) }
        }
        // A k-way merge of the sources' lists sorted by labels: series present in several sources (a block and
        // the head) meet at the heads of their lists, so nothing is hashed. Blocks list series in index order,
        // which is label order; the head's list is sorted here.
        var lists = sources.map { $0.selectChunks(matchers) }
        for i in lists.indices where !isSortedByLabels(lists[i]) {
            lists[i].sort { Labels.compare($0.labels, $1.labels) < 0 }
        }
        var next = [Int](repeating: 0, count: lists.count)
        var out: [any Series] = []
        out.reserveCapacity(lists.map(\.count).max() ?? 0)
        var group: [Int] = []
        while true {
            // The lists whose next series has the smallest labels.
            group.removeAll(keepingCapacity: true)
            for i in lists.indices where next[i] < lists[i].count {
                guard let first = group.first else {
                    group.append(i)
                    continue
                }
                let c = Labels.compare(lists[i][next[i]].labels, lists[first][next[first]].labels)
                if c < 0 {
                    group.removeAll(keepingCapacity: true)
                    group.append(i)
                } else if c == 0 {
                    group.append(i)
                }
            }
            guard let first = group.first else { break }
            let head = lists[first][next[first]]
            var chunks = head.chunks
            var cap = head.visibleMaxT
            for i in group.dropFirst() {
                let s = lists[i][next[i]]
                chunks.append(contentsOf: s.chunks)
                // Only the head caps (isolation), and its samples are newer than every block's.
                if s.visibleMaxT != Int64.max { cap = s.visibleMaxT }
            }
            for i in group { next[i] += 1 }
            // Sources do not overlap in time (the head starts where the newest block ends), so ordering chunks by
            // start time orders the samples.
            if group.count > 1 { chunks.sort { $0.minT < $1.minT } }
            out.append(ChunkSeries(labels: head.labels, chunks: chunks, mint: mint, maxt: min(maxt, cap)))
        }
        return out
    }

    private func isSortedByLabels(_ list: [BlockWriter.SeriesData]) -> Bool {
        for i in list.indices.dropFirst() where Labels.compare(list[i - 1].labels, list[i].labels) > 0 { return false }
        return true
    }

    func labelValues(_ name: String, matchers: [Matcher]) throws(QueryError) -> [String] {
        var set = Set<String>()
        for s in sources { set.formUnion(try s.labelValues(name, matchers: matchers)) }
        return set.sorted { byteCompare($0, $1) < 0 }
    }

    func labelNames(matchers: [Matcher]) throws(QueryError) -> [String] {
        var set = Set<String>()
        for s in sources { set.formUnion(try s.labelNames(matchers: matchers)) }
        return set.sorted { byteCompare($0, $1) < 0 }
    }
}
