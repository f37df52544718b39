/// Splits a segment's bytes into records, checking the framing (see Docs/wal.md).
///
/// Reading stops at the first invalid byte; `corruption` then says where and why, and `validEnd` is the end of
/// the last complete record before it, where a repair truncates the segment.
struct SegmentRecords {
    /// A record's payload and where it lies in the segment.
    struct Record {
        var payload: [UInt8]
        var start: Int
        var end: Int
    }

    var records: [Record] = []
    var corruption: (offset: Int, reason: String)?
    var validEnd = 0

    init(_ b: [UInt8]) {
        let pageSize = WALSegments.pageSize
        let h = WALSegments.recordHeaderSize
        var off = 0
        var pending: [UInt8] = []
        var pendingStart = -1
        scan: while off < b.count {
            let pageEnd = (off / pageSize + 1) * pageSize
            let available = min(pageEnd, b.count)
            if pageEnd - off < h || b[off] == FragmentType.pageTerm.rawValue {
                // Padding up to the end of the page must be zeros.
                if let i = b[off..<available].firstIndex(where: { $0 != 0 }) {
                    corruption = (i, "non-zero byte 0x\(String(b[i], radix: 16)) in page padding")
                    break scan
                }
                off = available
                continue
            }
            let rawType = b[off]
            guard let type = FragmentType(rawValue: rawType) else {
                let why = rawType & 0x18 != 0
                    ? "compressed fragment (type 0x\(String(rawType, radix: 16))) is not supported"
                    : "unknown fragment type \(rawType)"
                corruption = (off, why)
                break scan
            }
            guard off + h <= b.count else {
                corruption = (off, "fragment header cut short by the end of the segment")
                break scan
            }
            let n = Int(b[off + 1]) << 8 | Int(b[off + 2])
            let crc = UInt32(b[off + 3]) << 24 | UInt32(b[off + 4]) << 16 | UInt32(b[off + 5]) << 8 | UInt32(b[off + 6])
            let dataEnd = off + h + n
            guard dataEnd <= pageEnd else {
                corruption = (off, "fragment of \(n) bytes crosses the page boundary at \(pageEnd)")
                break scan
            }
            guard dataEnd <= b.count else {
                corruption = (off, "fragment of \(n) bytes cut short by the end of the segment")
                break scan
            }
            let data = b[(off + h)..<dataEnd]
            let actual = CRC32C.checksum(data)
            guard actual == crc else {
                corruption = (off, "checksum mismatch: expected 0x\(String(crc, radix: 16)), got 0x\(String(actual, radix: 16))")
                break scan
            }
            switch type {
            case .full, .first:
                guard pendingStart < 0 else {
                    corruption = (off, "record starting at \(pendingStart) has no last fragment")
                    break scan
                }
                if type == .full {
                    records.append(Record(payload: Array(data), start: off, end: dataEnd))
                    validEnd = dataEnd
                } else {
                    pending = Array(data)
                    pendingStart = off
                }
            case .middle, .last:
                guard pendingStart >= 0 else {
                    corruption = (off, "\(type) fragment without a first fragment")
                    break scan
                }
                pending.append(contentsOf: data)
                if type == .last {
                    records.append(Record(payload: pending, start: pendingStart, end: dataEnd))
                    validEnd = dataEnd
                    pending = []
                    pendingStart = -1
                }
            case .pageTerm:
                break
            }
            off = dataEnd
        }
        if corruption == nil && pendingStart >= 0 {
            corruption = (pendingStart, "record cut short by the end of the segment")
        }
    }
}
