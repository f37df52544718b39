import Foundation
import Logging
import Synchronization

extension TSDB {
    /// Opens the blocks in `directory`, deleting unfinished ones; unreadable blocks are logged and skipped.
    static func openBlocks(
        _ directory: String, logger: Logger, corruption: BlockCorruptionReporter? = nil
    ) throws(TSDBError) -> [Block] {
        let names: [String]
        do { names = try FileSystem.list(directory) } catch { throw TSDBError("listing \(directory): \(error)") }
        var blocks: [Block] = []
        for name in names {
            let path = "\(directory)/\(name)"
            if name.hasSuffix(".tmp-for-creation") || name.hasSuffix(".tmp-for-deletion") {
                logger.info("removing unfinished block directory", metadata: ["dir": "\(path)"])
                try? FileManager.default.removeItem(atPath: path)
                continue
            }
            guard ULID(name) != nil else { continue }
            if let b = openVerifiedBlock(path, ulid: name, logger: logger, corruption: corruption) { blocks.append(b) }
        }
        // A crash after a merge and before its parents were deleted leaves both: the parents go.
        let merged = Set(blocks.flatMap { $0.meta.compaction.parents?.map(\.ulid) ?? [] })
        for b in blocks where merged.contains(b.ulid) {
            logger.info("removing block already merged into another", metadata: ["dir": "\(b.directory)"])
            deleteBlockDirectory(b)
        }
        return blocks.filter { !merged.contains($0.ulid) }.sorted { $0.minTime < $1.minTime }
    }

    /// Persists the head's oldest block ranges while it spans more than 1.5 block durations, truncates the head,
    /// its chunk files and the WAL accordingly, then applies retention. Safe to call at any time and from any
    /// task; compactions run one at a time. The server calls it through `run()`.
    public func compact() throws(TSDBError) {
        do {
            try compactionLock.withLock { (_: inout Void) throws(TSDBError) in try compactLocked() }
        } catch {
            counters.compactionsFailed.add(1, ordering: .relaxed)
            throw error
        }
    }

    private func compactLocked() throws(TSDBError) {
        // After close the WAL and the directory lock are gone: a block persisted now could not be checkpointed.
        if counters.closed.load(ordering: .relaxed) { return }
        guard let directory else {
            truncateInMemoryHead()
            return
        }
        let width = options.blockDuration
        var persisted = false
        defer {
            if persisted {
                head.chunkMapper?.releaseMappedPages()
                MemoryTrim.releaseFreeMemory()
            }
        }
        while true {
            let minT = head.minTime
            let maxT = head.maxTime
            guard minT != Int64.max, maxT != Int64.min, maxT - minT > width / 2 * 3 else { break }
            let mint = SeriesChunks.rangeStart(minT, width)
            let maxt = mint + width
            persisted = true
            try persistHead(mint: mint, maxt: maxt, directory: directory)
        }
        let blocksBefore = blockCount
        try compactBlocks(directory: directory)
        if blockCount != blocksBefore { persisted = true }
        applyRetention()
    }

    /// Writes the head's samples in `[mint, maxt)` as a block and drops them from the head, its chunk files and
    /// the WAL.
    private func persistHead(mint: Int64, maxt: Int64, directory: String) throws(TSDBError) {
        let data = HeadQuerier(head: head, mint: mint, maxt: maxt - 1).selectChunks([])
        if !data.isEmpty {
            do {
                let ulid = try BlockWriter.write(parent: directory, series: data, minT: mint, maxT: maxt)
                let block = try Block(directory: "\(directory)/\(ulid)", corruption: blockCorruption)
                counters.compactions.add(1, ordering: .relaxed)
                // The block and the head's new lower bound appear together (see `DBQuerier`).
                blocks.withLock { list in
                    list.append(block)
                    list.sort { $0.minTime < $1.minTime }
                    head.persistedMaxT.store(maxt, ordering: .releasing)
                }
                logger.info(
                    "head compacted into a block",
                    metadata: [
                        "ulid": "\(ulid)", "mint": "\(mint)", "maxt": "\(maxt)",
                        "series": "\(block.meta.stats.numSeries)", "samples": "\(block.meta.stats.numSamples)",
                    ])
            } catch {
                throw TSDBError("writing block [\(mint), \(maxt)) in \(directory): \(error)")
            }
        }
        blocks.withLock { _ in head.persistedMaxT.store(maxt, ordering: .releasing) }
        let dropped = head.truncate(before: maxt)
        do { try head.chunkMapper?.truncate(before: maxt) } catch {
            logger.warning("cannot delete old head chunk files", metadata: ["error": "\(error)"])
        }
        do {
            _ = try wal?.withWriter { (w: inout WALWriter) throws(WALError) in
                try w.nextSegment()
                try WALCheckpoint.write(
                    walDir: w.directory, index: w.segmentIndex - 1, records: head.checkpointRecords(), compress: w.compress)
                counters.checkpoints.add(1, ordering: .relaxed)
            }
        } catch {
            throw TSDBError("WAL checkpoint after compacting [\(mint), \(maxt)): \(error)")
        }
        logger.debug("head truncated", metadata: ["series_removed": "\(dropped.series)", "chunks": "\(dropped.chunks)"])
    }

    /// Merges adjacent blocks into larger ranges until there is nothing left to merge.
    private func compactBlocks(directory: String) throws(TSDBError) {
        let ranges = BlockCompactor.ranges(blockDuration: options.blockDuration, retention: options.retentionDuration)
        while let group = BlockCompactor.plan(blocks.withLock { $0 }, ranges: ranges).first {
            let merged: Block
            do {
                let ulid = try BlockCompactor.merge(group, parent: directory)
                merged = try Block(directory: "\(directory)/\(ulid)", corruption: blockCorruption)
            } catch {
                throw TSDBError("merging blocks \(group.map(\.ulid)): \(error)")
            }
            counters.compactions.add(1, ordering: .relaxed)
            let replaced = Set(group.map(\.ulid))
            blocks.withLock { list in
                list.removeAll { replaced.contains($0.ulid) }
                list.append(merged)
                list.sort { $0.minTime < $1.minTime }
            }
            logger.info(
                "blocks merged",
                metadata: ["ulid": "\(merged.ulid)", "parents": "\(group.map(\.ulid))",
                           "level": "\(merged.meta.compaction.level)"])
            for b in group { Self.deleteBlockDirectory(b) }
        }
    }

    /// Removes a block directory; renamed first so that a crash mid-delete leaves a name recognised as garbage.
    static func deleteBlockDirectory(_ b: Block) {
        let trash = b.directory + ".tmp-for-deletion"
        if rename(b.directory, trash) == 0 {
            try? FileManager.default.removeItem(atPath: trash)
        } else {
            try? FileManager.default.removeItem(atPath: b.directory)
        }
    }

    /// Without a directory there are no blocks: time retention applies to the head itself.
    private func truncateInMemoryHead() {
        guard options.retentionDuration > 0 else { return }
        let maxT = head.maxTime
        guard maxT != Int64.min, head.minTime < maxT - options.retentionDuration else { return }
        let cut = SeriesChunks.rangeStart(maxT - options.retentionDuration, options.blockDuration)
        if cut > head.minTime { head.truncate(before: cut) }
    }

    /// Deletes blocks beyond the time retention (measured from the newest block's end) and, oldest first,
    /// blocks beyond the size limit.
    func applyRetention() {
        let doomed = blocks.withLock { list -> [Block] in
            guard let newest = list.last else { return [] }
            var keep: [Block] = []
            var drop: [Block] = []
            var bytes: Int64 = 0
            for b in list.reversed() {
                bytes += Int64(b.size)
                let tooOld = options.retentionDuration > 0 && newest.maxTime - b.maxTime > options.retentionDuration
                let tooBig = options.maxBytes > 0 && bytes > options.maxBytes
                if tooOld {
                    counters.timeRetentions.add(1, ordering: .relaxed)
                } else if tooBig {
                    counters.sizeRetentions.add(1, ordering: .relaxed)
                }
                if tooOld || tooBig { drop.append(b) } else { keep.append(b) }
            }
            list = keep.reversed()
            return drop
        }
        for b in doomed {
            logger.info("deleting block beyond retention", metadata: ["ulid": "\(b.ulid)", "maxt": "\(b.maxTime)"])
            Self.deleteBlockDirectory(b)
        }
    }

    /// Compacts and applies retention every `interval` until the task is cancelled (the server runs this as a
    /// service). Failures are logged and retried on the next round.
    ///
    /// Between rounds it checks every few seconds whether the head already spans enough to cut a block, and
    /// compacts then (Prometheus triggers head compaction from appends the same way): waiting for the next round
    /// left up to a minute of extra samples in the head and the WAL.
    public func run(interval: Duration = .seconds(60)) async {
        let tick = min(interval, .seconds(5))
        var sinceRound = interval
        while !Task.isCancelled {
            if sinceRound >= interval || headCompactable {
                do { try compact() } catch { logger.error("TSDB compaction failed", metadata: ["error": "\(error)"]) }
                sinceRound = .zero
            }
            try? await Task.sleep(for: tick)
            sinceRound += tick
        }
    }

    /// Whether the head spans more than 1.5 block durations, so that `compact()` would cut a block.
    var headCompactable: Bool {
        let minT = head.minTime
        let maxT = head.maxTime
        return directory != nil && minT != Int64.max && maxT != Int64.min
            && maxT - minT > options.blockDuration / 2 * 3
    }

    /// Number of persisted blocks.
    public var blockCount: Int { blocks.withLock { $0.count } }

    /// Bytes of persisted blocks on disk.
    public var blocksSize: Int { blocks.withLock { $0.reduce(0) { $0 + $1.size } } }
}
