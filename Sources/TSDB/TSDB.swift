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
    /// Size of a WAL segment file in bytes; a multiple of 32 KiB (`--storage.tsdb.wal-segment-size`, 128 MiB).
    public var walSegmentSize: Int

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

/// The time-series database: an in-memory head of recent samples behind the `Storage` protocols, made durable
/// by a write-ahead log in `<directory>/wal` (see Docs/wal.md).
///
/// Thread-safe: any number of appenders and queriers may be used concurrently.
public final class TSDB: Appendable, Queryable, Sendable {
    public let options: TSDBOptions
    let head: Head
    let logger: Logger
    let wal: WALLog?
    public let directory: String?

    /// Opens the database in `directory` (created when missing), replaying its WAL, or a purely in-memory one when
    /// `directory` is nil. A torn or corrupt WAL tail is repaired and logged, not an error.
    public init(directory: String?, options: TSDBOptions = TSDBOptions(), logger: Logger) throws(TSDBError) {
        guard options.blockDuration > 0 else {
            throw TSDBError("block duration \(options.blockDuration)ms must be positive")
        }
        guard options.samplesPerChunk > 0 && options.samplesPerChunk <= XORChunk.maxSamples else {
            throw TSDBError("samples per chunk \(options.samplesPerChunk) must be in 1...\(XORChunk.maxSamples)")
        }
        guard options.walSegmentSize >= 32 * 1024 && options.walSegmentSize % (32 * 1024) == 0 else {
            throw TSDBError("WAL segment size \(options.walSegmentSize) must be a positive multiple of 32768 bytes")
        }
        self.options = options
        self.logger = logger
        self.directory = directory
        guard let directory else {
            head = Head(chunkRange: options.blockDuration, samplesPerChunk: options.samplesPerChunk)
            wal = nil
            return
        }
        var state = Head.ReplayState()
        let head: Head
        do throws(IOError) {
            try FileSystem.createDirectory(directory)
            let (mapper, chunks) = try ChunkDiskMapper.open(directory: directory + "/chunks_head", logger: logger)
            state.mappedChunks = chunks
            head = Head(chunkRange: options.blockDuration, samplesPerChunk: options.samplesPerChunk, chunkMapper: mapper)
        } catch {
            throw TSDBError("cannot open data directory \(directory): \(error)")
        }
        self.head = head
        do throws(WALError) {
            let (writer, replay) = try WALOpener.open(
                directory: directory + "/wal", segmentSize: options.walSegmentSize, logger: logger
            ) { (payload) throws(DecodeError) in
                head.replay(try WALRecord.decode(payload), state: &state)
            }
            wal = WALLog(writer)
            logger.info(
                "WAL replay completed",
                metadata: [
                    "segments": "\(replay.segments)", "records": "\(replay.records)", "series": "\(state.series)",
                    "samples": "\(state.samples)", "unknown_refs": "\(state.unknownRefs)",
                    "mmapped_chunks": "\(state.attachedChunks)",
                ])
        } catch {
            throw TSDBError("cannot open WAL in \(directory)/wal: \(error)")
        }
    }

    /// A fresh appender for one batch.
    public func appender() -> any Appender {
        guard let wal else { return HeadAppender(head: head) }
        return HeadAppender(head: head) { (newSeries, samples) throws(AppendError) in
            try wal.log(WALLog.records(newSeries: newSeries, samples: samples))
        }
    }

    /// A querier over samples with `mint <= t <= maxt`.
    public func querier(mint: Timestamp, maxt: Timestamp) throws(QueryError) -> any Querier {
        HeadQuerier(head: head, mint: mint, maxt: maxt)
    }

    /// Head statistics for `/metrics`.
    public var stats: HeadStats { head.stats }

    /// Flushes and fsyncs the WAL. Later commits fail with `AppendError.storage`; queries keep working.
    /// Idempotent.
    public func close() throws(TSDBError) {
        do { try wal?.close() } catch { throw TSDBError("closing the WAL: \(error)") }
        do { try head.chunkMapper?.close() } catch { throw TSDBError("closing head chunks: \(error)") }
    }
}
