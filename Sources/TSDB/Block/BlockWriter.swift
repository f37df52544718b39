#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import PromModel

/// Writes a block directory from series and their chunks (format in Docs/block.md).
enum BlockWriter {
    /// One series of a block to write: labels and its chunks in time order.
    struct SeriesData {
        var labels: Labels
        var chunks: [ChunkView]
        /// Samples after this are not visible to the reader that selected them (head isolation).
        var visibleMaxT: Int64 = Int64.max
    }

    /// Writes `series` as a new block `[minT, maxT)` under `parent` and returns its directory name (the ULID).
    /// The block appears atomically: it is written under a temporary name and renamed when complete.
    static func write(
        parent: String, series: [SeriesData], minT: Int64, maxT: Int64, level: Int = 1, sources: [String]? = nil,
        parents: [BlockMeta.Parent]? = nil
    ) throws(BlockError) -> String {
        var rng = SystemRandomNumberGenerator()
        let ulid = ULID(time: Timestamp.now(), random: &rng).string
        let tmp = "\(parent)/\(ulid).tmp-for-creation"
        var numSamples = 0
        var numChunks = 0
        do throws(IOError) {
            try FileSystem.createDirectory(tmp)
            var chunks = try ChunkFileWriter(directory: tmp + "/chunks")
            var indexSeries: [(labels: Labels, chunks: [ChunkMeta])] = []
            indexSeries.reserveCapacity(series.count)
            let sorted = series.sorted { $0.labels < $1.labels }
            for s in sorted where !s.chunks.isEmpty {
                var metas: [ChunkMeta] = []
                for c in s.chunks {
                    let ref = try chunks.write(c.bytes, encoding: c.encoding)
                    metas.append(ChunkMeta(minT: c.minT, maxT: c.maxT, ref: ref))
                    numSamples += c.bytes.count >= 2 ? Int(c.bytes[0]) << 8 | Int(c.bytes[1]) : 0
                    numChunks += 1
                }
                indexSeries.append((s.labels, metas))
            }
            try chunks.close()
            let index = try File.open(tmp + "/index", flags: O_WRONLY | O_CREAT | O_TRUNC)
            try index.write(IndexWriter.encode(indexSeries))
            try index.sync()
            let meta = BlockMeta(
                ulid: ulid, minTime: minT, maxTime: maxT,
                stats: .init(numSamples: numSamples, numSeries: indexSeries.count, numChunks: numChunks),
                compaction: .init(level: level, sources: sources ?? [ulid], parents: parents))
            do { try meta.write(tmp) } catch { throw IOError(operation: "write meta.json", path: tmp, errno: EIO) }
            try FileSystem.syncDirectory(tmp)
            if rename(tmp, "\(parent)/\(ulid)") != 0 {
                throw IOError(operation: "rename", path: tmp, errno: errno)
            }
            try FileSystem.syncDirectory(parent)
        } catch {
            try? FileManager.default.removeItem(atPath: tmp)
            throw .io(error)
        }
        return ulid
    }
}
