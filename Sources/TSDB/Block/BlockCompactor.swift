import PromModel

/// Plans and performs the merge of adjacent blocks into larger ones (Prometheus's leveled compaction):
/// ranges grow by a factor of 3 from the block duration (2h, 6h, 18h, …), capped at a tenth of the retention
/// time (or 31 days without one), so that a query over a long range opens few blocks.
enum BlockCompactor {
    /// The block ranges, smallest first.
    static func ranges(blockDuration: Int64, retention: Int64) -> [Int64] {
        let cap = retention > 0 ? retention / 10 : 31 * 24 * 3_600_000
        var out = [blockDuration]
        while out.count < 10, out.last! * 3 <= cap { out.append(out.last! * 3) }
        return out
    }

    /// Groups of blocks to merge: blocks that lie within one aligned window of a larger range, once newer data
    /// exists beyond that window (so no more blocks can join it). Each group has at least two blocks.
    static func plan(_ blocks: [Block], ranges: [Int64]) -> [[Block]] {
        guard let newestMax = blocks.map(\.maxTime).max() else { return [] }
        for r in ranges.dropFirst() {
            var windows: [Int64: [Block]] = [:]
            for b in blocks {
                let w = SeriesChunks.rangeStart(b.minTime, r)
                // A block that already spans beyond the window belongs to a larger range.
                guard b.maxTime <= w + r else { continue }
                windows[w, default: []].append(b)
            }
            let ready = windows.filter { $0.value.count > 1 && $0.key + r <= newestMax }
            if let first = ready.min(by: { $0.key < $1.key }) {
                return [first.value.sorted { $0.minTime < $1.minTime }]
            }
        }
        return []
    }

    /// Writes the union of `blocks` as one block under `parent`; returns its directory name.
    static func merge(_ blocks: [Block], parent: String) throws(BlockError) -> String {
        var merged: [Labels: [ChunkView]] = [:]
        for b in blocks {
            for s in BlockQuerier(block: b, mint: Int64.min, maxt: Int64.max).selectChunks([]) {
                merged[s.labels, default: []].append(contentsOf: s.chunks)
            }
        }
        let series = merged.map { BlockWriter.SeriesData(labels: $0.key, chunks: $0.value.sorted { $0.minT < $1.minT }) }
        var sources: [String] = []
        for b in blocks { sources += b.meta.compaction.sources }
        return try BlockWriter.write(
            parent: parent, series: series,
            minT: blocks.map(\.minTime).min()!, maxT: blocks.map(\.maxTime).max()!,
            level: (blocks.map(\.meta.compaction.level).max() ?? 1) + 1,
            sources: Array(Set(sources)).sorted(),
            parents: blocks.map { BlockMeta.Parent(ulid: $0.ulid, minTime: $0.minTime, maxTime: $0.maxTime) })
    }
}
