public import Logging
public import PromModel
public import Storage

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

    public init(
        blockDuration: Int64 = 2 * 3_600_000,
        samplesPerChunk: Int = 120,
        retentionDuration: Int64 = 15 * 24 * 3_600_000,
        maxBytes: Int64 = 0
    ) {
        self.blockDuration = blockDuration
        self.samplesPerChunk = samplesPerChunk
        self.retentionDuration = retentionDuration
        self.maxBytes = maxBytes
    }
}

/// A failure to open or close the database, with the path involved.
public struct TSDBError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The time-series database: an in-memory head of recent samples behind the `Storage` protocols.
///
/// Thread-safe: any number of appenders and queriers may be used concurrently.
public final class TSDB: Appendable, Queryable, Sendable {
    public let options: TSDBOptions
    let head: Head
    let logger: Logger

    /// Opens the database in `directory`, or a purely in-memory one when `directory` is nil.
    public init(directory: String?, options: TSDBOptions = TSDBOptions(), logger: Logger) throws(TSDBError) {
        guard options.blockDuration > 0 else {
            throw TSDBError("block duration \(options.blockDuration)ms must be positive")
        }
        guard options.samplesPerChunk > 0 && options.samplesPerChunk <= XORChunk.maxSamples else {
            throw TSDBError("samples per chunk \(options.samplesPerChunk) must be in 1...\(XORChunk.maxSamples)")
        }
        self.options = options
        self.logger = logger
        self.head = Head(chunkRange: options.blockDuration, samplesPerChunk: options.samplesPerChunk)
    }

    /// A fresh appender for one batch.
    public func appender() -> any Appender {
        HeadAppender(head: head)
    }

    /// A querier over samples with `mint <= t <= maxt`.
    public func querier(mint: Timestamp, maxt: Timestamp) throws(QueryError) -> any Querier {
        HeadQuerier(head: head, mint: mint, maxt: maxt)
    }

    /// Head statistics for `/metrics`.
    public var stats: HeadStats { head.stats }

    /// Flushes and releases resources. Appending after close is a programming error.
    public func close() throws(TSDBError) {}
}
