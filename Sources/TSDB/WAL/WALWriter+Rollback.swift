#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Undoing a failed `log` (disk full, I/O error), so that the segment ends with the last whole record again and
/// later commits append after it: without this, the bytes of a refused batch that did reach the file would be
/// replayed after a restart, and the writer's idea of the page would no longer match the file.
extension WALWriter {
    /// Where the writer stood between two `log` calls.
    struct Mark {
        var segment: Int
        var donePages: Int
        var pageAlloc: Int
    }

    var mark: Mark { Mark(segment: segmentIndex, donePages: donePages, pageAlloc: pageAlloc) }

    /// Cuts the current segment back to `mark` and resets the page to it. When the failed `log` had
    /// moved on to a new segment, that segment is emptied instead (the previous one was completed with padding,
    /// and records of the failed batch written there, at most its series record, stay: series without samples
    /// are harmless at replay).
    mutating func rollback(to mark: Mark) throws(WALError) {
        let pageSize = WALSegments.pageSize
        let (pages, alloc) = mark.segment == segmentIndex ? (mark.donePages, mark.pageAlloc) : (0, 0)
        let end = pages * pageSize + alloc
        if ftruncate(file.fd, off_t(end)) != 0 || lseek(file.fd, off_t(end), SEEK_SET) < 0 {
            throw .io(IOError(operation: "truncate after a failed write", path: file.path, errno: errno))
        }
        // Bytes before `pageFlushed` are never written again, so the page needs only its unwritten part cleared
        // (fragments of the failed batch, and padding must be zeros).
        for i in alloc..<pageSize { page[i] = 0 }
        donePages = pages
        pageAlloc = alloc
        pageFlushed = alloc
    }
}
