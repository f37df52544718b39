#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension TSDB {
    /// Writes a copy of the database into `target` (created; must not exist or be empty) that opens as a data
    /// directory of its own: blocks are hard-linked (they are immutable), and with `withHead` the head's samples
    /// are written as one more block. Backs `POST /api/v1/admin/tsdb/snapshot`.
    public func snapshot(to target: String, withHead: Bool = true) throws(TSDBError) {
        // No compaction meanwhile: it could delete a block while its files are being linked.
        try compactionLock.withLock { (_: inout Void) throws(TSDBError) in try snapshotLocked(to: target, withHead: withHead) }
    }

    private func snapshotLocked(to target: String, withHead: Bool) throws(TSDBError) {
        let current = blocks.withLock { $0 }
        do throws(IOError) {
            try FileSystem.createDirectory(target)
            for b in current {
                let name = String(b.directory.split(separator: "/").last!)
                let dst = "\(target)/\(name)"
                try FileSystem.createDirectory(dst)
                try FileSystem.createDirectory(dst + "/chunks")
                for file in ["meta.json", "index"] { try Self.link(b.directory + "/" + file, dst + "/" + file) }
                if FileSystem.exists(b.directory + "/tombstones") {
                    try Self.link(b.directory + "/tombstones", dst + "/tombstones")
                }
                for c in try FileSystem.list(b.directory + "/chunks") {
                    try Self.link(b.directory + "/chunks/" + c, dst + "/chunks/" + c)
                }
            }
        } catch {
            throw TSDBError("snapshot into \(target): \(error)")
        }
        guard withHead else { return }
        let mint = head.minTime
        let maxt = head.maxTime
        guard mint != Int64.max, maxt != Int64.min else { return }
        let data = HeadQuerier(head: head, mint: mint, maxt: maxt).selectChunks([])
        guard !data.isEmpty else { return }
        do {
            _ = try BlockWriter.write(parent: target, series: data, minT: mint, maxT: maxt + 1)
        } catch {
            throw TSDBError("snapshot of the head into \(target): \(error)")
        }
    }

    private static func link(_ src: String, _ dst: String) throws(IOError) {
        if Glibc.link(src, dst) != 0 { throw IOError(operation: "link to \(dst)", path: src, errno: errno) }
    }
}
