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
    /// A well-formed fragment that Sextant cannot read (Prometheus's compressed records): not corruption, and
    /// not to be repaired away.
    var unsupported: (offset: Int, reason: String)?
    var validEnd = 0

    /// The type byte's flag for a snappy-compressed record (on every fragment of it).
    static let snappyFlag: UInt8 = 0x08

    /// The compression a fragment type byte announces (bit 3 snappy, bit 4 zstd, on a valid base type).
    static func compression(_ type: UInt8) -> String? {
        guard (1...4).contains(type & 0x07) else { return nil }
        switch type & 0xF8 {
        case 0x08: return "snappy"
        case 0x10: return "zstd"
        default: return nil
        }
    }

    static func checksumMatches(_ b: [UInt8], at off: Int) -> Bool {
        let h = WALSegments.recordHeaderSize
        guard off + h <= b.count else { return false }
        let n = Int(b[off + 1]) << 8 | Int(b[off + 2])
        guard off + h + n <= b.count else { return false }
        let crc = UInt32(b[off + 3]) << 24 | UInt32(b[off + 4]) << 16 | UInt32(b[off + 5]) << 8 | UInt32(b[off + 6])
        return CRC32C.checksum(b[(off + h)..<(off + h + n)]) == crc
    }

    init(_ b: [UInt8]) {
        let pageSize = WALSegments.pageSize
        let h = WALSegments.recordHeaderSize
        var off = 0
        var pending: [UInt8] = []
        var pendingStart = -1
        var pendingCompressed = false
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
            let compressed = rawType & 0xF8 == Self.snappyFlag && (1...4).contains(rawType & 0x07)
            guard let type = FragmentType(rawValue: compressed ? rawType & 0x07 : rawType) else {
                if let flag = Self.compression(rawType), Self.checksumMatches(b, at: off) {
                    unsupported = (off, "\(flag)-compressed WAL record")
                } else {
                    corruption = (off, "unknown fragment type \(rawType)")
                }
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
                    guard let payload = compressed ? Snappy.uncompress(data) : Array(data) else {
                        corruption = (off, "snappy-compressed record does not decompress")
                        break scan
                    }
                    records.append(Record(payload: payload, start: off, end: dataEnd))
                    validEnd = dataEnd
                } else {
                    pending = Array(data)
                    pendingStart = off
                    pendingCompressed = compressed
                }
            case .middle, .last:
                guard pendingStart >= 0 else {
                    corruption = (off, "\(type) fragment without a first fragment")
                    break scan
                }
                if compressed != pendingCompressed {
                    corruption = (off, "fragment compression differs from its record's first fragment")
                    break scan
                }
                pending.append(contentsOf: data)
                if type == .last {
                    guard let payload = compressed ? Snappy.uncompress(pending) : pending else {
                        corruption = (pendingStart, "snappy-compressed record does not decompress")
                        break scan
                    }
                    records.append(Record(payload: payload, start: pendingStart, end: dataEnd))
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
