#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import PromModel

/// An opened, immutable block: meta, index and memory-mapped chunk files. Thread-safe.
///
/// Deleting the directory while the block is open is safe: the maps stay valid until the last querier that
/// holds the block lets go.
final class Block: Sendable {
    let directory: String
    let meta: BlockMeta
    let index: IndexReader
    let chunkFiles: [MappedFile]
    /// Bytes on disk (for size-based retention).
    let size: Int
    /// Where queries report chunks that fail their checksum; nil for blocks opened by tools.
    let corruption: BlockCorruptionReporter?

    init(directory: String, corruption: BlockCorruptionReporter? = nil) throws(BlockError) {
        self.directory = directory
        self.corruption = corruption
        meta = try BlockMeta.read(directory)
        var total = 0
        do {
            let f = try File.open(directory + "/index", flags: O_RDONLY)
            var bytes: [UInt8] = []
            let n = try f.size()
            _ = try f.read(upTo: n, into: &bytes)
            total += n
            index = try IndexReader(path: directory + "/index", bytes: bytes)
            let names = try FileSystem.list(directory + "/chunks").filter { $0.count == 6 }.sorted()
            var maps: [MappedFile] = []
            for (i, name) in names.enumerated() {
                guard name == ChunkFileWriter.name(i) else {
                    throw BlockError.invalid(path: directory + "/chunks/" + name, reason: "chunk files are not consecutive")
                }
                let cf = try File.open(directory + "/chunks/" + name, flags: O_RDONLY)
                let size = try cf.size()
                total += size
                guard size >= 8 else { throw BlockError.invalid(path: cf.path, reason: "chunk file has no header") }
                let m = try MappedFile(file: cf, length: size)
                let header = m.bytes(0, 8)
                guard Array(header) == ChunkFileWriter.magic else {
                    throw BlockError.invalid(path: cf.path, reason: "bad chunk file magic")
                }
                maps.append(m)
            }
            chunkFiles = maps
        } catch let e as BlockError {
            throw e
        } catch let e as IOError {
            throw .io(e)
        } catch {
            throw .invalid(path: directory, reason: "\(error)")
        }
        size = total
    }

    var minTime: Int64 { meta.minTime }
    var maxTime: Int64 { meta.maxTime }
    var ulid: String { meta.ulid }

    /// The XOR chunk at `ref`, copied out of its map after checking its CRC; nil when invalid.
    /// The chunk at `ref` and its encoding; nil when it is missing, fails its checksum, or has an unknown encoding.
    func chunk(_ ref: UInt64) -> (bytes: [UInt8], encoding: ChunkEncoding)? {
        let file = Int(ref >> 32)
        let off = Int(ref & 0xFFFF_FFFF)
        guard file < chunkFiles.count else { return nil }
        let m = chunkFiles[file]
        guard off < m.length else { return nil }
        let b = m.bytes(0, m.length)
        var p = off
        let len = Varint.readUvarint {
            guard p < b.count else { return nil }
            defer { p += 1 }
            return b[p]
        }
        guard let len, len <= UInt64(b.count), p + 1 + Int(len) + 4 <= b.count,
            let encoding = ChunkEncoding(rawValue: b[p])
        else { return nil }
        let end = p + 1 + Int(len)
        let crc = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: b[p..<end]))
        let stored = UInt32(b[end]) << 24 | UInt32(b[end + 1]) << 16 | UInt32(b[end + 2]) << 8 | UInt32(b[end + 3])
        guard crc == stored else { return nil }
        return (Array(UnsafeRawBufferPointer(rebasing: b[(p + 1)..<end])), encoding)
    }
}
