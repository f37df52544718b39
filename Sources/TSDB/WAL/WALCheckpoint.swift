import Foundation

/// WAL checkpoints: `wal/checkpoint.NNNNNNNN/` holds, in WAL segment format, everything the head needs from
/// segments `0...N` (its live series and their samples), so that those segments can be deleted.
///
/// A checkpoint is written under `checkpoint.N.tmp` and renamed when complete; replay reads the newest
/// checkpoint, then the segments after `N`.
enum WALCheckpoint {
    static let prefix = "checkpoint."

    static func name(_ n: Int) -> String { prefix + WALSegments.name(n) }

    /// Indexes of complete checkpoints in `walDir`, ascending.
    static func list(_ walDir: String) throws(WALError) -> [Int] {
        let names: [String]
        do { names = try FileSystem.list(walDir) } catch { throw .io(error) }
        return names.compactMap { n -> Int? in
            guard n.hasPrefix(prefix), !n.hasSuffix(".tmp") else { return nil }
            return Int(n.dropFirst(prefix.count))
        }.sorted()
    }

    /// Writes checkpoint `index` with `records`, then deletes segments `...index`, older checkpoints and leftovers.
    /// With `compress`, records are snappy-compressed as in the WAL (Prometheus compresses its checkpoints with
    /// the WAL's setting too).
    static func write(walDir: String, index: Int, records: [[UInt8]], compress: Bool = false) throws(WALError) {
        let final = "\(walDir)/\(name(index))"
        let tmp = final + ".tmp"
        try? FileManager.default.removeItem(atPath: tmp)
        do { try FileSystem.createDirectory(tmp) } catch { throw .io(error) }
        do throws(WALError) {
            var w = try WALWriter(directory: tmp, firstSegment: 0)
            w.compress = compress
            // One `log` per record keeps memory bounded by the largest record.
            for r in records { try w.log([r]) }
            try w.sync()
        } catch {
            // Do not keep a half-written checkpoint taking the space a full disk needs back.
            try? FileManager.default.removeItem(atPath: tmp)
            throw error
        }
        do {
            try? FileManager.default.removeItem(atPath: final)
            try FileManager.default.moveItem(atPath: tmp, toPath: final)
            try FileSystem.syncDirectory(walDir)
        } catch let e as IOError {
            throw .io(e)
        } catch {
            throw .io(IOError(operation: "rename", path: tmp, errno: 5))
        }
        try removeObsolete(walDir: walDir, checkpoint: index)
    }

    /// Deletes segments up to `checkpoint`, older checkpoints and unfinished ones.
    static func removeObsolete(walDir: String, checkpoint: Int) throws(WALError) {
        do {
            for s in try FileSystem.list(walDir) {
                if let i = Int(s), s.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), i <= checkpoint {
                    try FileSystem.remove("\(walDir)/\(s)")
                } else if s.hasPrefix(prefix), s != name(checkpoint) {
                    try? FileManager.default.removeItem(atPath: "\(walDir)/\(s)")
                }
            }
        } catch { throw .io(error) }
    }
}
