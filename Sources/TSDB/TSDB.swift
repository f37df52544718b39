public import Logging
public import PromModel
public import Storage
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The time-series database behind the `Storage` protocols (overview in Docs/README.md): an in-memory head of
/// recent samples made durable by a write-ahead log, closed head chunks memory-mapped from `chunks_head/`, and
/// immutable 2h blocks that `compact()` (or `run()`) cuts from the head, merges and deletes past retention.
///
/// Thread-safe: any number of appenders and queriers may be used concurrently.
public final class TSDB: Appendable, Queryable, Sendable {
    public let options: TSDBOptions
    let head: Head
    let logger: Logger
    let wal: WALLog?
    public let directory: String?
    /// What the WAL replay at open did.
    public let replayStats: WALReplayStats
    /// Persisted blocks, oldest first.
    let blocks: Mutex<[Block]>
    let counters = DBCounters()
    /// The open `lock` file of the data directory; closing it releases the lock.
    let lockFile: Mutex<File?>
    /// Held while compacting, so that compactions never overlap.
    let compactionLock = Mutex(())
    /// Where queries report block chunks that fail their checksums.
    let blockCorruption: BlockCorruptionReporter

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
        blockCorruption = BlockCorruptionReporter(logger: logger)
        guard let directory else {
            head = Head(chunkRange: options.blockDuration, samplesPerChunk: options.samplesPerChunk)
            replayStats = WALReplayStats()
            wal = nil
            blocks = Mutex([])
            lockFile = Mutex(nil)
            return
        }
        var state = Head.ReplayState()
        let head: Head
        let mappedChunks: [UInt64: [ChunkDiskMapper.StoredChunk]]
        do throws(IOError) {
            try FileSystem.createDirectory(directory)
            // One process per data directory, as Prometheus (`<dir>/lock`).
            let lock = try File.open(directory + "/lock", flags: O_RDWR | O_CREAT)
            // A holder that is going away (a process exiting, or a child between fork and exec still sharing the
            // descriptor) lets go within moments: wait up to a second before giving up.
            var locked = try lock.tryLock()
            for _ in 0..<20 where !locked {
                usleep(50_000)
                locked = try lock.tryLock()
            }
            guard locked else {
                throw IOError(operation: "lock (held by another process or TSDB instance)", path: lock.path, errno: EWOULDBLOCK)
            }
            lockFile = Mutex(lock)
            // Closed chunks in the head chunk files are attached to their series as replay meets them, and the WAL
            // samples they hold are skipped (Prometheus does the same): replay then re-encodes only open chunks.
            let (mapper, found, deleted) = try ChunkDiskMapper.open(directory: directory + "/chunks_head", logger: logger)
            mappedChunks = found.filter { !deleted.contains($0.key) }
            head = Head(chunkRange: options.blockDuration, samplesPerChunk: options.samplesPerChunk, chunkMapper: mapper)
        } catch {
            throw TSDBError("cannot open data directory \(directory): \(error)")
        }
        self.head = head
        let opened = try Self.openBlocks(directory, logger: logger, corruption: blockCorruption)
        blocks = Mutex(opened)
        let persistedMaxT = opened.map(\.maxTime).max() ?? Int64.min
        head.persistedMaxT.store(persistedMaxT, ordering: .relaxed)
        let snapshotEnd = Self.loadHeadSnapshot(
            into: head, directory: directory, enabled: options.memorySnapshotOnShutdown, logger: logger)
        // A loaded snapshot holds the series' chunks itself; the files' copies are then not needed.
        if snapshotEnd == nil { state.mapped = mappedChunks }
        do throws(WALError) {
            var (writer, replay) = try WALOpener.open(
                directory: directory + "/wal", segmentSize: options.walSegmentSize, logger: logger,
                progress: options.walReplayProgress, progressInterval: options.walReplayLogInterval,
                startAt: snapshotEnd
            ) { (payload) throws(DecodeError) in
                try head.replay(payload: payload, state: &state)
            }
            head.finishReplay(state: &state)
            replayStats = WALReplayStats(
                series: state.series, samples: state.samples, skippedSamples: state.skipped,
                mappedChunks: state.mappedChunks)
            writer.compress = options.walCompression
            wal = WALLog(writer)
            if replay.repairedSegment != nil { counters.walCorruptions.add(1, ordering: .relaxed) }
            logger.info(
                "WAL replay completed",
                metadata: [
                    "segments": "\(replay.segments)", "records": "\(replay.records)", "series": "\(state.series)",
                    "samples": "\(state.samples)", "unknown_refs": "\(state.unknownRefs)",
                    "mmapped_chunks": "\(state.mappedChunks)", "skipped_samples": "\(state.skipped)",
                ])
        } catch {
            head.finishReplay(state: &state)
            throw TSDBError("cannot open WAL in \(directory)/wal: \(error)")
        }
        // A crash between writing a block and checkpointing the WAL replays samples the block already holds.
        if persistedMaxT != Int64.min && head.minTime < persistedMaxT { head.truncate(before: persistedMaxT) }
        applyRetention()
        // Replay's batches and decoded records are gone: give their memory back.
        MemoryTrim.releaseFreeMemory()
    }

    /// A fresh appender for one batch.
    public func appender() -> any Appender {
        guard let wal else { return HeadAppender(head: head) }
        return HeadAppender(head: head) { (newSeries, samples, late, histograms, apply) throws(AppendError) in
            try wal.log(
                WALLog.records(newSeries: newSeries, samples: samples, late: late, histograms: histograms), apply: apply)
        }
    }

    /// A querier over samples with `mint <= t <= maxt`.
    public func querier(mint: Timestamp, maxt: Timestamp) throws(QueryError) -> any Querier {
        if directory == nil { return HeadQuerier(head: head, mint: mint, maxt: maxt) }
        return DBQuerier(db: self, mint: mint, maxt: maxt)
    }

    /// Head statistics for `/metrics`.
    public var stats: HeadStats { head.stats }

    /// Flushes and fsyncs the WAL. Later commits fail with `AppendError.storage`; queries keep working.
    /// Idempotent.
    public func close() throws(TSDBError) {
        // Wait for a running compaction: it writes into the directory whose lock is released below.
        compactionLock.withLock { _ in counters.closed.store(true, ordering: .relaxed) }
        let walSegment = wal?.currentSegment
        do { try wal?.close() } catch { throw TSDBError("closing the WAL: \(error)") }
        // Only the first close has an open WAL: later calls write no snapshot.
        if let walSegment { writeHeadSnapshot(walSegment: walSegment) }
        do { try head.chunkMapper?.close() } catch { throw TSDBError("closing head chunks: \(error)") }
        lockFile.withLock { $0 = nil }
    }
}
