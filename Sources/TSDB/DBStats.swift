import Synchronization

/// Counters of the database outside the head, for the server's `/metrics`.
public struct DBStats: Sendable, Equatable {
    /// `prometheus_tsdb_blocks_loaded`
    public var blocksLoaded: Int
    /// `prometheus_tsdb_storage_blocks_bytes`
    public var blocksBytes: Int
    /// `prometheus_tsdb_compactions_total` (head compactions and block merges)
    public var compactions: Int
    /// `prometheus_tsdb_compactions_failed_total`
    public var compactionsFailed: Int
    /// `prometheus_tsdb_time_retentions_total`
    public var timeRetentions: Int
    /// `prometheus_tsdb_size_retentions_total`
    public var sizeRetentions: Int
    /// `prometheus_tsdb_wal_corruptions_total` (repaired at open)
    public var walCorruptions: Int
    /// `prometheus_tsdb_checkpoint_creations_total`
    public var checkpoints: Int
    /// `prometheus_tsdb_wal_writes_failed_total` (commits refused because the WAL could not be written)
    public var walWritesFailed: Int = 0
    /// `sextant_tsdb_block_corruptions_total` (chunks or series of blocks skipped by queries as corrupt)
    public var blockCorruptions: Int = 0
}

/// What the WAL replay at open did: series and samples replayed, and the closed chunks reused from the head chunk
/// files with the WAL samples they made unnecessary to append again.
public struct WALReplayStats: Sendable, Equatable {
    public var series = 0
    public var samples = 0
    public var skippedSamples = 0
    public var mappedChunks = 0
}

/// The live counters behind `DBStats`.
final class DBCounters: Sendable {
    let compactions = Atomic<Int>(0)
    let compactionsFailed = Atomic<Int>(0)
    let timeRetentions = Atomic<Int>(0)
    let sizeRetentions = Atomic<Int>(0)
    let walCorruptions = Atomic<Int>(0)
    let checkpoints = Atomic<Int>(0)
    let closed = Atomic<Bool>(false)
}

extension TSDB {
    /// Block, compaction, retention and WAL counters.
    public var dbStats: DBStats {
        DBStats(
            blocksLoaded: blockCount, blocksBytes: blocksSize,
            compactions: counters.compactions.load(ordering: .relaxed),
            compactionsFailed: counters.compactionsFailed.load(ordering: .relaxed),
            timeRetentions: counters.timeRetentions.load(ordering: .relaxed),
            sizeRetentions: counters.sizeRetentions.load(ordering: .relaxed),
            walCorruptions: counters.walCorruptions.load(ordering: .relaxed),
            checkpoints: counters.checkpoints.load(ordering: .relaxed),
            walWritesFailed: wal?.writesFailed.load(ordering: .relaxed) ?? 0,
            blockCorruptions: blockCorruption.count.load(ordering: .relaxed))
    }
}
