/// Settings of a `TSDB`; defaults follow Prometheus's.
public struct TSDBOptions: Sendable {
    /// Width of a block and of the head's chunk ranges, in milliseconds (`--storage.tsdb.min-block-duration`, 2h).
    public var blockDuration: Int64
    /// Samples per head chunk before it is cut.
    public var samplesPerChunk: Int
    /// How long data is kept, in milliseconds (`--storage.tsdb.retention.time`, 15d); 0 means no time limit.
    public var retentionDuration: Int64
    /// Maximum bytes of blocks kept (`--storage.tsdb.retention.size`); 0 means no size limit.
    public var maxBytes: Int64
    /// Size of a WAL segment file in bytes; a multiple of 32 KiB (`--storage.tsdb.wal-segment-size`, 128 MiB).
    public var walSegmentSize: Int
    /// Filled in while the WAL is replayed at open (`/api/v1/status/walreplay`); nil when nobody watches.
    public var walReplayProgress: WALReplayProgress?
    /// `--enable-feature=memory-snapshot-on-shutdown`: write a head snapshot on close and load it at open, so
    /// that only the WAL after it is replayed.
    public var memorySnapshotOnShutdown = false
    /// `--storage.tsdb.wal-compression`: snappy-compress WAL records (Prometheus's format; it reads either way).
    public var walCompression = false
    /// How often the WAL replay logs its progress.
    public var walReplayLogInterval: Duration = .seconds(5)

    public init(
        blockDuration: Int64 = 2 * 3_600_000,
        samplesPerChunk: Int = 120,
        retentionDuration: Int64 = 15 * 24 * 3_600_000,
        maxBytes: Int64 = 0,
        walSegmentSize: Int = 128 * 1024 * 1024
    ) {
        self.blockDuration = blockDuration
        self.samplesPerChunk = samplesPerChunk
        self.retentionDuration = retentionDuration
        self.maxBytes = maxBytes
        self.walSegmentSize = walSegmentSize
    }
}

/// A failure to open or close the database, with the path involved.
public struct TSDBError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
