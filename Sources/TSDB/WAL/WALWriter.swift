#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Appends opaque records to WAL segments in 32 KiB pages (framing only; see Docs/wal.md).
///
/// Not thread-safe: the database guards it with a mutex. Each `log` call ends with one `write(2)` of the
/// bytes it produced (more when it completes pages), so a committed batch survives a process crash.
struct WALWriter: Sendable {
    let directory: String
    let segmentSize: Int
    var segmentIndex: Int  // set by WALWriter+Rollback.swift too
    // Internal rather than private for WALWriter+Rollback.swift.
    var file: File
    /// The current page; bytes `[0, pageFlushed)` are already in the file.
    var page: [UInt8]
    var pageAlloc = 0
    var pageFlushed = 0
    /// Completed pages in the current segment.
    var donePages = 0
    /// Snappy-compress records (`--storage.tsdb.wal-compression`), where that makes them smaller; such records'
    /// fragments carry the snappy flag (0x08) in their type byte, as Prometheus writes them.
    var compress = false

    /// Starts a new segment `firstSegment` in `directory` (which must exist).
    init(directory: String, firstSegment: Int, segmentSize: Int = WALSegments.defaultSegmentSize) throws(WALError) {
        precondition(segmentSize >= WALSegments.pageSize && segmentSize % WALSegments.pageSize == 0)
        self.directory = directory
        self.segmentSize = segmentSize
        self.segmentIndex = firstSegment
        self.page = [UInt8](repeating: 0, count: WALSegments.pageSize)
        self.file = try Self.create(directory, firstSegment)
    }

    private static func create(_ directory: String, _ index: Int) throws(WALError) -> File {
        do {
            let f = try File.open(WALSegments.path(directory, index), flags: O_WRONLY | O_CREAT | O_TRUNC)
            try FileSystem.syncDirectory(directory)
            return f
        } catch { throw .io(error) }
    }

    private var pagesPerSegment: Int { segmentSize / WALSegments.pageSize }

    /// Writes `records` in order; returns after they were handed to the kernel.
    mutating func log(_ records: [[UInt8]]) throws(WALError) {
        let h = WALSegments.recordHeaderSize
        let pageSize = WALSegments.pageSize
        for original in records {
            var rec = original
            var flag: UInt8 = 0
            if compress {
                let compressed = Snappy.compress(original)
                if compressed.count < original.count {
                    rec = compressed
                    flag = SegmentRecords.snappyFlag
                }
            }
            let capacity = (pageSize - h) * pagesPerSegment
            if rec.count > capacity { throw .recordTooLarge(size: rec.count, segmentSize: segmentSize) }
            // Space left in this segment for fragment payloads; records never span segments.
            let left = (pageSize - pageAlloc - h) + (pageSize - h) * (pagesPerSegment - donePages - 1)
            if rec.count > left { try nextSegment() }

            var rest = rec[...]
            var first = true
            while first || !rest.isEmpty {
                let n = min(rest.count, pageSize - pageAlloc - h)
                let part = rest.prefix(n)
                rest = rest.dropFirst(n)
                let type: FragmentType =
                    first && rest.isEmpty ? .full : first ? .first : rest.isEmpty ? .last : .middle
                let crc = CRC32C.checksum(part)
                page[pageAlloc] = type.rawValue | flag
                page[pageAlloc + 1] = UInt8(truncatingIfNeeded: n >> 8)
                page[pageAlloc + 2] = UInt8(truncatingIfNeeded: n)
                page[pageAlloc + 3] = UInt8(truncatingIfNeeded: crc >> 24)
                page[pageAlloc + 4] = UInt8(truncatingIfNeeded: crc >> 16)
                page[pageAlloc + 5] = UInt8(truncatingIfNeeded: crc >> 8)
                page[pageAlloc + 6] = UInt8(truncatingIfNeeded: crc)
                page.withUnsafeMutableBufferPointer { p in
                    _ = UnsafeMutableBufferPointer(rebasing: p[(pageAlloc + h)..<(pageAlloc + h + n)])
                        .initialize(from: part)
                }
                pageAlloc += h + n
                first = false
                // Fewer bytes than a header left: they are padding, the page is complete.
                if pageSize - pageAlloc < h { try flushPage(complete: true) }
            }
        }
        try flushPage(complete: false)
    }

    /// Writes the unflushed part of the page; a complete page is zero-padded and a new one started.
    private mutating func flushPage(complete: Bool) throws(WALError) {
        let end = complete ? WALSegments.pageSize : pageAlloc
        if end > pageFlushed {
            let result = page.withUnsafeBytes { p -> Result<Void, IOError> in
                do throws(IOError) { try file.write(UnsafeRawBufferPointer(rebasing: p[pageFlushed..<end])) } catch {
                    return .failure(error)
                }
                return .success(())
            }
            do { try result.get() } catch { throw .io(error) }
            pageFlushed = end
        }
        if complete {
            for i in 0..<pageAlloc { page[i] = 0 }
            pageAlloc = 0
            pageFlushed = 0
            donePages += 1
        }
    }

    /// Completes the current segment (padding its last page, fsync) and starts the next one.
    mutating func nextSegment() throws(WALError) {
        if pageAlloc > 0 { try flushPage(complete: true) }
        do { try file.sync() } catch { throw .io(error) }
        // The index moves only once the new file exists: a failed create (disk full) must not leave a gap in the
        // segment numbers, which replay refuses.
        file = try Self.create(directory, segmentIndex + 1)
        segmentIndex += 1
        donePages = 0
    }

    /// Flushes and fsyncs the current segment.
    mutating func sync() throws(WALError) {
        try flushPage(complete: false)
        do { try file.sync() } catch { throw .io(error) }
    }
}
