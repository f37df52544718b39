#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Logging

/// Opening a WAL directory: replay, torn-tail repair, and a writer on a fresh segment.
enum WALOpener {
    /// Summary of a replay, for logs and tests.
    struct Replay: Sendable, Equatable {
        var segments = 0
        var records = 0
        /// Where the log was cut, when a corruption was repaired.
        var repairedSegment: Int?
        var repairedOffset: Int?
        var deletedSegments = 0
    }

    /// Feeds every record of the WAL in `directory` to `handle` in order, repairs the first corruption (a record
    /// that fails framing checks or that `handle` cannot decode), and returns a writer on a new segment.
    static func open(
        directory: String, segmentSize: Int, logger: Logger, progress: WALReplayProgress? = nil,
        progressInterval: Duration = .seconds(5), startAt: (segment: Int, offset: Int)? = nil,
        handle: (_ payload: [UInt8]) throws(DecodeError) -> Void
    ) throws(WALError) -> (writer: WALWriter, replay: Replay) {
        do { try FileSystem.createDirectory(directory) } catch { throw .io(error) }
        var replay = Replay()
        var buffer: [UInt8] = []
        // The newest checkpoint first: it replaces every segment up to its index.
        let checkpoint = try WALCheckpoint.list(directory).last
        if let cp = checkpoint {
            try WALCheckpoint.removeObsolete(walDir: directory, checkpoint: cp)
        }
        // A head snapshot (`startAt`) is newer than the checkpoint and replaces it.
        if let cp = checkpoint, startAt == nil {
            let cpDir = "\(directory)/\(WALCheckpoint.name(cp))"
            checkpointLoop: for index in try WALSegments.list(cpDir) {
                let path = WALSegments.path(cpDir, index)
                do {
                    let f = try File.open(path, flags: O_RDONLY)
                    _ = try f.read(upTo: try f.size(), into: &buffer)
                } catch { throw .io(error) }
                let parsed = SegmentRecords(buffer)
                if let u = parsed.unsupported { throw .unsupported(segment: path, offset: u.offset, reason: u.reason) }
                for rec in parsed.records {
                    do throws(DecodeError) {
                        try handle(rec.payload)
                        replay.records += 1
                    } catch {
                        logger.warning("undecodable WAL checkpoint record; ignoring the rest of the checkpoint",
                                       metadata: ["file": "\(path)", "offset": "\(rec.start)", "reason": "\(error)"])
                        break checkpointLoop
                    }
                }
                if let c = parsed.corruption {
                    logger.warning("corrupt WAL checkpoint; ignoring the rest of it",
                                   metadata: ["file": "\(path)", "offset": "\(c.offset)", "reason": "\(c.reason)"])
                    break
                }
            }
        }
        let indexes = try WALSegments.list(directory).filter { $0 > (checkpoint ?? -1) && $0 >= (startAt?.segment ?? 0) }
        // New segments must come after any a head snapshot covers, or a later start would skip them.
        var lastKept = indexes.last ?? [checkpoint, startAt?.segment].compactMap { $0 }.max()
        progress?.begin(min: indexes.first ?? 0, max: indexes.last ?? 0)
        defer { progress?.finish() }
        var progressLog = ReplayProgressLog(interval: progressInterval)
        for (position, index) in indexes.enumerated() {
            progress?.reading(index)
            if progressLog.due() {
                logger.info(
                    "WAL replay in progress",
                    metadata: ["segment": "\(index)", "max_segment": "\(indexes.last ?? index)", "records": "\(replay.records)"])
            }
            let path = WALSegments.path(directory, index)
            do {
                let f = try File.open(path, flags: O_RDONLY)
                _ = try f.read(upTo: try f.size(), into: &buffer)
            } catch { throw .io(error) }
            let parsed = SegmentRecords(buffer)
            if let u = parsed.unsupported { throw .unsupported(segment: path, offset: u.offset, reason: u.reason) }
            replay.segments += 1
            var corruption = parsed.corruption
            var validEnd = parsed.validEnd
            for rec in parsed.records {
                if let s = startAt, index == s.segment, rec.end <= s.offset { continue }
                do throws(DecodeError) {
                    try handle(rec.payload)
                    replay.records += 1
                    if replay.records & 4095 == 0, progressLog.due() {
                        logger.info(
                            "WAL replay in progress",
                            metadata: ["segment": "\(index)", "max_segment": "\(indexes.last ?? index)",
                                       "records": "\(replay.records)"])
                    }
                } catch {
                    corruption = (rec.start, "undecodable record: \(error)")
                    validEnd = rec.start
                    break
                }
            }
            guard let corruption else { continue }
            logger.warning(
                "WAL corruption; truncating segment and dropping later ones",
                metadata: [
                    "segment": "\(WALSegments.name(index))", "offset": "\(corruption.offset)",
                    "reason": "\(corruption.reason)", "truncated_to": "\(validEnd)",
                ])
            do {
                let f = try File.open(path, flags: O_WRONLY)
                try f.truncate(to: validEnd)
                try f.sync()
                for later in indexes[(position + 1)...] {
                    try FileSystem.remove(WALSegments.path(directory, later))
                    replay.deletedSegments += 1
                }
                try FileSystem.syncDirectory(directory)
            } catch { throw .io(error) }
            replay.repairedSegment = index
            replay.repairedOffset = corruption.offset
            lastKept = index
            break
        }
        let writer = try WALWriter(
            directory: directory, firstSegment: (lastKept ?? -1) + 1, segmentSize: segmentSize)
        return (writer, replay)
    }
}
