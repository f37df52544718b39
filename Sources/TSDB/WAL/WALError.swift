/// A failure of the write-ahead log, with the segment and offset involved.
enum WALError: Error, Sendable, CustomStringConvertible {
    case io(IOError)
    /// Invalid bytes in a segment; `offset` is a byte offset inside the segment file.
    case corruption(segment: Int, offset: Int, reason: String)
    /// Segment indexes must be consecutive: a gap means lost files.
    case missingSegment(directory: String, index: Int)
    /// Records Sextant cannot decode (Prometheus's zstd-compressed ones); nothing is repaired or deleted.
    case unsupported(segment: String, offset: Int, reason: String)
    /// A record larger than a whole segment can never be written.
    case recordTooLarge(size: Int, segmentSize: Int)

    var description: String {
        switch self {
        case .io(let e): return "WAL: \(e)"
        case .corruption(let s, let o, let r): return "WAL corruption in segment \(s) at offset \(o): \(r)"
        case .missingSegment(let d, let i):
            return "WAL segment \(WALSegments.name(i)) is missing in \(d); segments must be consecutive"
        case .unsupported(let s, let o, let r):
            return "WAL segment \(s) has a \(r) at offset \(o), which Sextant cannot read; start Sextant on an empty "
                + "data directory, or restart Prometheus with --storage.tsdb.wal-compression-type=snappy until its WAL is "
                + "rewritten"
        case .recordTooLarge(let n, let s): return "WAL record of \(n) bytes does not fit in a segment of \(s) bytes"
        }
    }
}

/// Naming and listing of segment files (`00000000`, `00000001`, …).
enum WALSegments {
    static let pageSize = 32 * 1024
    /// type (1) + length (2) + CRC32C (4)
    static let recordHeaderSize = 7
    static let defaultSegmentSize = 128 * 1024 * 1024

    static func name(_ index: Int) -> String {
        let s = String(index)
        return String(repeating: "0", count: max(0, 8 - s.count)) + s
    }

    static func path(_ directory: String, _ index: Int) -> String { "\(directory)/\(name(index))" }

    /// Indexes of the segments in `directory`, ascending; other files are ignored. Throws on gaps.
    static func list(_ directory: String) throws(WALError) -> [Int] {
        let names: [String]
        do { names = try FileSystem.list(directory) } catch { throw .io(error) }
        let indexes = names.compactMap { n -> Int? in
            guard !n.isEmpty, n.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            return Int(n)
        }.sorted()
        for (a, b) in zip(indexes, indexes.dropFirst()) where b != a + 1 {
            throw .missingSegment(directory: directory, index: a + 1)
        }
        return indexes
    }
}

/// Fragment types of the framing layer (see Docs/wal.md).
enum FragmentType: UInt8 {
    case pageTerm = 0
    case full = 1
    case first = 2
    case middle = 3
    case last = 4
}
