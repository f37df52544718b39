#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Logging
import Synchronization

/// Writes closed head chunks to `chunks_head/` files and reads them back through memory maps
/// (format in Docs/head_chunks.md).
///
/// Thread-safe. Lock order: a series lock may be held while calling into the mapper, never the reverse.
final class ChunkDiskMapper: Sendable {
    static let magic: UInt32 = 0x0130_BC91
    static let headerSize = 8
    /// series ref + mint + maxt + encoding
    static let chunkFixedSize = 25
    static let crcSize = 4
    static let xorEncoding: UInt8 = 1
    static let defaultMaxFileSize = 128 * 1024 * 1024
    static let flushThreshold = 64 * 1024

    /// A chunk found on disk when opening.
    struct StoredChunk: Sendable, Equatable {
        var ref: UInt64
        var minT: Int64
        var maxT: Int64
    }

    private struct State: ~Copyable {
        var maps: [Int: MappedFile] = [:]
        /// Newest sample time of each file, for truncation.
        var fileMaxT: [Int: Int64] = [:]
        var sequence: Int
        var file: File?
        /// Logical size of the current file, buffered bytes included.
        var size = 0
        /// Bytes of the current file already written to the kernel.
        var flushed = 0
        var buffer: [UInt8] = []
    }

    let directory: String
    let maxFileSize: Int
    private let state: Mutex<State>
    /// `deleted`: refs of series whose samples were deleted while their chunks were in these files (see
    /// `markDeleted`). Appended to, one 8-byte big-endian ref per deletion.
    private let deletedLog: Mutex<File?>
    static let deletedFileName = "deleted"

    private init(
        directory: String, maxFileSize: Int, nextSequence: Int, maps: [Int: MappedFile], fileMaxT: [Int: Int64],
        deletedLog: File?
    ) {
        self.directory = directory
        self.maxFileSize = maxFileSize
        self.deletedLog = Mutex(deletedLog)
        var s = State(sequence: nextSequence - 1)
        s.maps = maps
        s.fileMaxT = fileMaxT
        self.state = Mutex(s)
    }

    static func name(_ seq: Int) -> String {
        let s = String(seq)
        return String(repeating: "0", count: max(0, 6 - s.count)) + s
    }

    /// Opens `directory`, returning the valid chunks already there by series ref, oldest first. A corrupt tail is
    /// truncated and logged; new chunks go to a new file.
    ///
    /// With `discardingExisting`, files already there are deleted instead (the database rebuilds its head from the
    /// WAL; see Docs/head_chunks.md).
    static func open(
        directory: String, maxFileSize: Int = defaultMaxFileSize, discardingExisting: Bool = false, logger: Logger
    ) throws(IOError) -> (mapper: ChunkDiskMapper, chunks: [UInt64: [StoredChunk]], deleted: Set<UInt64>) {
        try FileSystem.createDirectory(directory)
        if discardingExisting {
            for name in try FileSystem.list(directory) { try FileSystem.remove("\(directory)/\(name)") }
        }
        let seqs = try FileSystem.list(directory).compactMap { n -> Int? in
            n.count == 6 && n.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } ? Int(n) : nil
        }.sorted()
        var found: [UInt64: [StoredChunk]] = [:]
        var maps: [Int: MappedFile] = [:]
        var fileMaxT: [Int: Int64] = [:]
        var corruptAt: Int?
        var skipped = Set<UInt64>()
        for seq in seqs {
            let path = "\(directory)/\(name(seq))"
            if corruptAt != nil {
                try FileSystem.remove(path)
                continue
            }
            let f = try File.open(path, flags: O_RDWR)
            let size = try f.size()
            let map = try MappedFile(file: f, length: max(size, 1))
            let (chunks, validEnd, problem, histogramSeries) = scan(map.bytes(0, size), sequence: seq)
            skipped.formUnion(histogramSeries)
            for c in chunks {
                found[c.seriesRef, default: []].append(c.chunk)
                fileMaxT[seq] = max(fileMaxT[seq] ?? Int64.min, c.chunk.maxT)
            }
            if let problem {
                logger.warning(
                    "head chunk file corrupt; truncating it and dropping later files",
                    metadata: ["file": "\(path)", "offset": "\(validEnd)", "reason": "\(problem)"])
                try f.truncate(to: validEnd)
                corruptAt = seq
            }
            maps[seq] = try MappedFile(file: f, length: max(validEnd, 1))
        }
        let deleted = try readDeleted(directory).filter { found[$0] != nil }
        let log = try rewriteDeleted(directory, deleted)
        // Series with histogram chunks (from Prometheus) reuse none of theirs: the WAL has all their samples.
        let notReused = deleted.union(skipped.filter { found[$0] != nil })
        let mapper = ChunkDiskMapper(
            directory: directory, maxFileSize: maxFileSize, nextSequence: (seqs.last ?? 0) + 1, maps: maps,
            fileMaxT: fileMaxT, deletedLog: log)
        return (mapper, found, notReused)
    }

    /// Records, durably and before the deletion happens in memory, that samples of `seriesRef` are being deleted:
    /// the head then re-encodes the series' chunks in memory, so the chunks these files hold for it no longer
    /// describe it (they may hold deleted samples, and a re-encoded chunk closed later may repeat some of theirs).
    /// The next open does not reuse its chunks; its samples come from the WAL.
    func markDeleted(seriesRef: UInt64) throws(IOError) {
        try deletedLog.withLock { (f: inout File?) throws(IOError) in
            guard let file = f else { return }
            var w = ByteWriter()
            w.writeBE64(seriesRef)
            try file.write(w.bytes)
            try file.sync()
        }
    }

    private static func readDeleted(_ directory: String) throws(IOError) -> Set<UInt64> {
        let path = "\(directory)/\(deletedFileName)"
        guard FileSystem.exists(path) else { return [] }
        let f = try File.open(path, flags: O_RDONLY)
        var bytes: [UInt8] = []
        _ = try f.read(upTo: try f.size(), into: &bytes)
        var out = Set<UInt64>()
        var i = 0
        // A torn last entry (crash mid-write) is ignored: its deletion had not started.
        while i + 8 <= bytes.count {
            var v: UInt64 = 0
            for k in 0..<8 { v = v << 8 | UInt64(bytes[i + k]) }
            out.insert(v)
            i += 8
        }
        return out
    }

    /// Replaces the `deleted` file with `refs` (those that still have chunks here) and opens it for appending.
    private static func rewriteDeleted(_ directory: String, _ refs: Set<UInt64>) throws(IOError) -> File {
        let path = "\(directory)/\(deletedFileName)"
        let tmp = path + ".tmp"
        let f = try File.open(tmp, flags: O_RDWR | O_CREAT | O_TRUNC)
        var w = ByteWriter()
        for r in refs.sorted() { w.writeBE64(r) }
        if !w.bytes.isEmpty { try f.write(w.bytes) }
        try f.sync()
        if rename(tmp, path) != 0 { throw IOError(operation: "rename", path: tmp, errno: errno) }
        try FileSystem.syncDirectory(directory)
        return try File.open(path, flags: O_WRONLY | O_APPEND)
    }

    /// Parses the chunks of one file's bytes until the first invalid one.
    /// Chunks Sextant does not attach (Prometheus's histogram chunks, encodings 2 and 3, and its out-of-order
    /// chunks, flagged with the top bit) are valid but left out; `histogramSeries` names the series with histogram
    /// chunks, whose chunks are then not reused at all (their WAL samples replay instead).
    static func scan(_ b: UnsafeRawBufferPointer, sequence: Int)
        -> (chunks: [(seriesRef: UInt64, chunk: StoredChunk)], validEnd: Int, problem: String?, histogramSeries: Set<UInt64>)
    {
        var out: [(UInt64, StoredChunk)] = []
        var histogramSeries = Set<UInt64>()
        guard b.count >= headerSize else { return (out, 0, "file of \(b.count) bytes has no header", []) }
        let magic = UInt32(b[0]) << 24 | UInt32(b[1]) << 16 | UInt32(b[2]) << 8 | UInt32(b[3])
        guard magic == Self.magic else { return (out, 0, "bad magic 0x\(String(magic, radix: 16))", []) }
        guard b[4] == 1 else { return (out, 0, "unsupported version \(b[4])", []) }
        var off = headerSize
        func be64(_ o: Int) -> UInt64 {
            var v: UInt64 = 0
            for i in 0..<8 { v = v << 8 | UInt64(b[o + i]) }
            return v
        }
        while off < b.count {
            // A zero series ref is never written: zeros are unwritten space (a file never pre-allocated, but
            // be lenient like Prometheus with trailing zero padding).
            guard off + chunkFixedSize < b.count else { return (out, off, "chunk header cut short", histogramSeries) }
            var p = off + chunkFixedSize
            let len = Varint.readUvarint {
                guard p < b.count else { return nil }
                defer { p += 1 }
                return b[p]
            }
            guard let len, len <= UInt64(b.count), p + Int(len) + crcSize <= b.count else {
                return (out, off, "chunk cut short", histogramSeries)
            }
            let encoding = b[off + 24]
            guard (1...3).contains(encoding & 0x7f) else {
                return (out, off, "unknown chunk encoding \(encoding)", histogramSeries)
            }
            let end = p + Int(len)
            let crc = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: b[off..<end]))
            let stored = UInt32(b[end]) << 24 | UInt32(b[end + 1]) << 16 | UInt32(b[end + 2]) << 8 | UInt32(b[end + 3])
            guard crc == stored else { return (out, off, "checksum mismatch", histogramSeries) }
            if encoding != xorEncoding {
                if encoding & 0x7f != xorEncoding { histogramSeries.insert(be64(off)) }
                off = end + crcSize
                continue
            }
            let ref = UInt64(sequence) << 32 | UInt64(off)
            out.append((be64(off), StoredChunk(ref: ref, minT: Int64(bitPattern: be64(off + 8)),
                                               maxT: Int64(bitPattern: be64(off + 16)))))
            off = end + crcSize
        }
        return (out, off, nil, histogramSeries)
    }

    /// Appends a chunk and returns its reference.
    func write(seriesRef: UInt64, minT: Int64, maxT: Int64, chunk: [UInt8]) throws(IOError) -> UInt64 {
        var w = ByteWriter()
        w.bytes.reserveCapacity(Self.chunkFixedSize + Varint.maxLength + chunk.count + Self.crcSize)
        w.writeBE64(seriesRef)
        w.writeBE64(UInt64(bitPattern: minT))
        w.writeBE64(UInt64(bitPattern: maxT))
        w.writeByte(Self.xorEncoding)
        w.writeUvarint(UInt64(chunk.count))
        w.bytes.append(contentsOf: chunk)
        let crc = CRC32C.checksum(w.bytes)
        for s in [24, 16, 8, 0] { w.writeByte(UInt8(truncatingIfNeeded: crc >> UInt32(s))) }
        let record = w.bytes
        return try state.withLock { (s: inout State) throws(IOError) -> UInt64 in
            if s.file == nil || s.size + record.count > maxFileSize { try cut(&s) }
            let ref = UInt64(s.sequence) << 32 | UInt64(s.size)
            s.fileMaxT[s.sequence] = max(s.fileMaxT[s.sequence] ?? Int64.min, maxT)
            s.buffer.append(contentsOf: record)
            s.size += record.count
            if s.buffer.count >= Self.flushThreshold {
                do throws(IOError) { try flush(&s) } catch {
                    // The caller keeps this chunk in memory; earlier buffered chunks stay readable from the buffer.
                    s.buffer.removeLast(record.count)
                    s.size -= record.count
                    throw error
                }
            }
            return ref
        }
    }

    private func flush(_ s: inout State) throws(IOError) {
        guard let f = s.file, !s.buffer.isEmpty else { return }
        do { try f.write(s.buffer) } catch {
            // A partial write (disk full) would shift every later chunk away from its reference: cut it off.
            _ = ftruncate(f.fd, off_t(s.flushed))
            _ = lseek(f.fd, off_t(s.flushed), SEEK_SET)
            throw error
        }
        s.flushed += s.buffer.count
        s.buffer.removeAll(keepingCapacity: true)
    }

    /// Finishes the current file and starts the next one, mapped at its full maximum size up front so that
    /// chunks become readable through the map as soon as they are flushed.
    private func cut(_ s: inout State) throws(IOError) {
        try flush(&s)
        if let f = s.file { try f.sync() }
        // State changes only once the new file is complete; a half-made one (disk full) is removed.
        let seq = s.sequence + 1
        let path = "\(directory)/\(Self.name(seq))"
        let f = try File.open(path, flags: O_RDWR | O_CREAT | O_TRUNC)
        let header: [UInt8] = [0x01, 0x30, 0xBC, 0x91, 1, 0, 0, 0]
        let map: MappedFile
        do throws(IOError) {
            try f.write(header)
            try FileSystem.syncDirectory(directory)
            map = try MappedFile(file: f, length: maxFileSize)
        } catch {
            try? FileSystem.remove(path)
            throw error
        }
        s.sequence = seq
        s.maps[seq] = map
        s.file = f
        s.size = header.count
        s.flushed = header.count
    }

    /// The encoded XOR chunk stored at `ref`, copied out; nil for an unknown reference.
    func chunk(_ ref: UInt64) -> [UInt8]? {
        let seq = Int(ref >> 32)
        let off = Int(ref & 0xFFFF_FFFF)
        return state.withLock { s -> [UInt8]? in
            if seq == s.sequence && s.file != nil && off >= s.flushed {
                return s.buffer.withUnsafeBytes { Self.data(in: $0, at: off - s.flushed) }
            }
            guard let m = s.maps[seq] else { return nil }
            let limit = seq == s.sequence && s.file != nil ? s.flushed : m.length
            guard off < limit else { return nil }
            return Self.data(in: m.bytes(0, limit), at: off)
        }
    }

    private static func data(in b: UnsafeRawBufferPointer, at off: Int) -> [UInt8]? {
        var p = off + chunkFixedSize
        guard p < b.count else { return nil }
        let len = Varint.readUvarint {
            guard p < b.count else { return nil }
            defer { p += 1 }
            return b[p]
        }
        guard let len, len <= UInt64(b.count), p + Int(len) <= b.count else { return nil }
        return Array(UnsafeRawBufferPointer(rebasing: b[p..<(p + Int(len))]))
    }

    /// Deletes the files (except the one being written) whose chunks all end before `mint`; the head has dropped
    /// those chunks already. Returns the number of files deleted.
    @discardableResult
    func truncate(before mint: Int64) throws(IOError) -> Int {
        let doomed = state.withLock { s -> [Int] in
            let d = s.maps.keys.filter { seq in
                !(seq == s.sequence && s.file != nil) && (s.fileMaxT[seq] ?? Int64.min) < mint
            }
            for seq in d {
                s.maps[seq] = nil
                s.fileMaxT[seq] = nil
            }
            return d
        }
        for seq in doomed { try FileSystem.remove("\(directory)/\(Self.name(seq))") }
        return doomed.count
    }

    /// Drops this process's mappings of the files' pages (the kernel's page cache keeps them; a later read faults
    /// them back in). Compaction reads every closed chunk once through the maps, which otherwise left the whole
    /// `chunks_head/` resident in the server's memory (about 45 MB at 100k series) until the files were deleted.
    func releaseMappedPages() {
        state.withLock { s in
            for m in s.maps.values { m.releasePages() }
        }
    }

    /// Flushes buffered chunks and fsyncs the current file.
    func close() throws(IOError) {
        try state.withLock { (s: inout State) throws(IOError) in
            try flush(&s)
            try s.file?.sync()
        }
    }
}

/// A read-only shared memory map of a file, unmapped when released.
///
/// `@unchecked Sendable`: the mapping is immutable after creation and only read; bytes beyond what was written
/// are never touched (callers bound reads by the flushed size).
final class MappedFile: @unchecked Sendable {
    let base: UnsafeRawPointer
    let length: Int

    init(file: File, length: Int) throws(IOError) {
        guard let p = mmap(nil, length, PROT_READ, MAP_SHARED, file.fd, 0), p != MAP_FAILED else {
            throw IOError(operation: "mmap", path: file.path, errno: errno)
        }
        base = UnsafeRawPointer(p)
        self.length = length
    }

    /// Drops the pages from this process's resident set (contents stay in the file and the page cache).
    func releasePages() {
        _ = madvise(UnsafeMutableRawPointer(mutating: base), length, Int32(MADV_DONTNEED))
    }

    func bytes(_ offset: Int, _ count: Int) -> UnsafeRawBufferPointer {
        precondition(offset >= 0 && offset + count <= length)
        return UnsafeRawBufferPointer(start: base + offset, count: count)
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), length) }
}
