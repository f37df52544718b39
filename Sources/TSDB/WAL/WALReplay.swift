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
        directory: String, segmentSize: Int, logger: Logger,
        handle: (_ payload: [UInt8]) throws(DecodeError) -> Void
    ) throws(WALError) -> (writer: WALWriter, replay: Replay) {
        do { try FileSystem.createDirectory(directory) } catch { throw .io(error) }
        let indexes = try WALSegments.list(directory)
        var replay = Replay()
        var buffer: [UInt8] = []
        var lastKept = indexes.last
        for (position, index) in indexes.enumerated() {
            let path = WALSegments.path(directory, index)
            do {
                let f = try File.open(path, flags: O_RDONLY)
                _ = try f.read(upTo: try f.size(), into: &buffer)
            } catch { throw .io(error) }
            let parsed = SegmentRecords(buffer)
            replay.segments += 1
            var corruption = parsed.corruption
            var validEnd = parsed.validEnd
            for rec in parsed.records {
                do throws(DecodeError) {
                    try handle(rec.payload)
                    replay.records += 1
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
