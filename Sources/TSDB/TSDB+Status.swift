/// What a block holds, for `/api/v1/status/tsdb`-style listings and `sextant tsdb list`.
public struct BlockInfo: Sendable, Equatable {
    public var ulid: String
    /// Inclusive.
    public var minTime: Int64
    /// Exclusive.
    public var maxTime: Int64
    public var numSeries: Int
    public var numSamples: Int
    public var numChunks: Int
    public var compactionLevel: Int
    public var sizeBytes: Int
}

extension TSDB {
    /// The persisted blocks, oldest first.
    public var blockInfos: [BlockInfo] {
        blocks.withLock { list in
            list.map {
                BlockInfo(
                    ulid: $0.ulid, minTime: $0.minTime, maxTime: $0.maxTime, numSeries: $0.meta.stats.numSeries,
                    numSamples: $0.meta.stats.numSamples, numChunks: $0.meta.stats.numChunks,
                    compactionLevel: $0.meta.compaction.level, sizeBytes: $0.size)
            }
        }
    }

    /// Cardinality of the head (top `limit` of each statistic), as `/api/v1/status/tsdb` reports it.
    public func headCardinality(limit: Int = 10) -> HeadCardinality {
        head.postings.cardinality(limit: limit)
    }
}
