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

    /// Cuts the log back to `mark`: the segment is truncated there and the page reset to it. When the failed
    /// `log` had moved on to new segments, they are deleted and the mark's segment, which had been completed
    /// with padding, is reopened and cut back, so that no record of the failed batch remains anywhere.
    mutating func rollback(to mark: Mark) throws(WALError) {
        let pageSize = WALSegments.pageSize
        if mark.segment != segmentIndex {
            do throws(IOError) {
                let reopened = try File.open(WALSegments.path(directory, mark.segment), flags: O_WRONLY)
                for i in stride(from: segmentIndex, to: mark.segment, by: -1) {
                    try FileSystem.remove(WALSegments.path(directory, i))
                }
                try FileSystem.syncDirectory(directory)
                file = reopened
                segmentIndex = mark.segment
            } catch { throw .io(error) }
        }
        let end = mark.donePages * pageSize + mark.pageAlloc
        if ftruncate(file.fd, off_t(end)) != 0 || lseek(file.fd, off_t(end), SEEK_SET) < 0 {
            throw .io(IOError(operation: "truncate after a failed write", path: file.path, errno: errno))
        }
        // Bytes before `pageFlushed` are never written again, so the page needs only its unwritten part cleared
        // (fragments of the failed batch, and padding must be zeros).
        for i in mark.pageAlloc..<pageSize { page[i] = 0 }
        donePages = mark.donePages
        pageAlloc = mark.pageAlloc
        pageFlushed = mark.pageAlloc
    }
}
