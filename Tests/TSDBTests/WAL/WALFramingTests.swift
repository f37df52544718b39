import Foundation
import Logging
import PromModel
import Storage
import Testing
import TestSupport
@testable import TSDB

struct WALFramingTests {
    static func readSegments(_ dir: String) throws -> (records: [[UInt8]], corruption: Bool) {
        var out: [[UInt8]] = []
        for i in try WALSegments.list(dir) {
            let data = try Data(contentsOf: URL(fileURLWithPath: WALSegments.path(dir, i)))
            let parsed = SegmentRecords([UInt8](data))
            out += parsed.records.map(\.payload)
            if parsed.corruption != nil { return (out, true) }
        }
        return (out, false)
    }

    @Test func seededRandomPayloadsRoundTripAcrossPagesAndSegments() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let segmentSize = 4 * WALSegments.pageSize
        var w = try WALWriter(directory: tmp.path, firstSegment: 0, segmentSize: segmentSize)
        var rng = SeededRandom(seed: 99)
        var written: [[UInt8]] = []
        for _ in 0..<300 {
            var batch: [[UInt8]] = []
            for _ in 0..<(1 + rng.next() % 4) {
                let size: Int
                switch rng.next() % 10 {
                case 0: size = 0
                case 1: size = Int(rng.next() % 70_000)  // spans pages
                case 2: size = WALSegments.pageSize - WALSegments.recordHeaderSize  // exactly one page
                default: size = Int(rng.next() % 300)
                }
                batch.append((0..<size).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
            }
            try w.log(batch)
            written += batch
        }
        try w.sync()
        let segments = try WALSegments.list(tmp.path)
        #expect(segments.count > 10)
        for i in segments {
            let size = try FileManager.default.attributesOfItem(atPath: WALSegments.path(tmp.path, i))[.size] as! Int
            #expect(size <= segmentSize, "segment \(i)")
        }
        let (read, corrupt) = try Self.readSegments(tmp.path)
        #expect(!corrupt)
        #expect(read.count == written.count)
        #expect(read == written)
    }

    @Test func refusesRecordsLargerThanASegment() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        var w = try WALWriter(directory: tmp.path, firstSegment: 0, segmentSize: WALSegments.pageSize)
        #expect(throws: WALError.self) { try w.log([[UInt8](repeating: 1, count: WALSegments.pageSize)]) }
    }

    /// Each way of damaging a segment, and the number of the 20 records that must survive.
    struct Damage: Sendable, CustomStringConvertible {
        var name: String
        var apply: @Sendable ([UInt8]) -> [UInt8]
        var surviving: Int
        var description: String { name }
    }

    // 20 records of 100 bytes: each occupies 107 bytes, all in the first page.
    static let damages: [Damage] = [
        Damage(name: "intact", apply: { $0 }, surviving: 20),
        Damage(name: "last record cut short", apply: { Array($0.dropLast(10)) }, surviving: 19),
        Damage(name: "last header cut short", apply: { Array($0.prefix(19 * 107 + 3)) }, surviving: 19),
        Damage(name: "flipped payload byte in record 12", apply: { var b = $0; b[12 * 107 + 50] ^= 0x40; return b },
               surviving: 12),
        Damage(name: "flipped CRC byte in record 0", apply: { var b = $0; b[4] ^= 1; return b }, surviving: 0),
        Damage(name: "unknown fragment type in record 5", apply: { var b = $0; b[5 * 107] = 7; return b },
               surviving: 5),
        Damage(name: "garbage after the last record", apply: { $0 + [0, 0, 7, 7] }, surviving: 20),
        Damage(name: "zeros after the last record", apply: { $0 + [UInt8](repeating: 0, count: 500) }, surviving: 20),
    ]

    @Test(arguments: damages)
    func damagedSegmentKeepsRecordsBeforeTheDamage(_ d: Damage) throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        var w = try WALWriter(directory: tmp.path, firstSegment: 0, segmentSize: 4 * WALSegments.pageSize)
        let records = (0..<20).map { i in [UInt8](repeating: UInt8(i), count: 100) }
        for r in records { try w.log([r]) }
        let path = WALSegments.path(tmp.path, 0)
        let bytes = d.apply([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
        let parsed = SegmentRecords(bytes)
        #expect(parsed.records.map(\.payload) == Array(records.prefix(d.surviving)))
        #expect((parsed.corruption == nil) == (d.name == "intact" || d.name == "zeros after the last record"))
        #expect(parsed.validEnd == d.surviving * 107)
    }
}

struct CompressedWALTests {
    /// A segment whose second record is a well-formed fragment with compression flag `flag` (0x08 snappy,
    /// 0x10 zstd) around `payload`.
    static func segment(flag: UInt8 = 0x10, payload: [UInt8] = [UInt8](repeating: 7, count: 12),
                        compressedCRCValid: Bool) -> [UInt8] {
        var b: [UInt8] = []
        for (type, payload) in [(UInt8(1), WALRecord.encodeSamples([])), (UInt8(1) | flag, payload)] {
            var crc = CRC32C.checksum(payload)
            if type != 1 && !compressedCRCValid { crc ^= 1 }
            b += [type, 0, UInt8(payload.count)]
            for s in [24, 16, 8, 0] { b.append(UInt8(truncatingIfNeeded: crc >> UInt32(s))) }
            b += payload
        }
        return b
    }

    @Test func zstdRecordsAreRefusedNotRepaired() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        try FileManager.default.createDirectory(atPath: tmp.file("wal"), withIntermediateDirectories: true)
        let bytes = Self.segment(compressedCRCValid: true)
        try Data(bytes).write(to: URL(fileURLWithPath: tmp.file("wal/00000000")))
        #expect(SegmentRecords(bytes).unsupported != nil && SegmentRecords(bytes).corruption == nil)
        let error = #expect(throws: TSDBError.self) { _ = try makeDB(directory: tmp.path) }
        #expect(error?.message.contains("zstd-compressed WAL record") == true)
        // Nothing was truncated.
        #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: tmp.file("wal/00000000")))) == bytes)
    }

    @Test func snappyRecordsAreDecompressed() {
        let record = WALRecord.encodeSamples((0..<8).map { WALRecord.RefSample(ref: 1, t: Int64($0) * 15_000, valueBits: (1.0).bitPattern) })
        let parsed = SegmentRecords(Self.segment(flag: 0x08, payload: Snappy.compress(record), compressedCRCValid: true))
        #expect(parsed.corruption == nil && parsed.unsupported == nil)
        #expect(parsed.records.map(\.payload) == [WALRecord.encodeSamples([]), record])
    }

    @Test func aSnappyFlaggedRecordThatDoesNotDecompressIsCorruption() {
        let parsed = SegmentRecords(Self.segment(flag: 0x08, payload: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF], compressedCRCValid: true))
        #expect(parsed.corruption?.reason.contains("does not decompress") == true)
        #expect(parsed.records.count == 1)
    }

    /// A database writing a compressed WAL replays it, with or without compression configured at the next open.
    @Test func compressedWALReplays() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        var options = TSDBOptions()
        options.walCompression = true
        let db = try makeDB(options, directory: tmp.path)
        var refs = [SeriesRef](repeating: .unknown, count: 50)
        for step in 0..<40 {
            let app = db.appender()
            for i in refs.indices {
                refs[i] = try app.append(
                    refs[i], Labels([("__name__", "m"), ("i", String(i))]), t: Int64(step) * 15_000, v: Double(step + i))
            }
            try app.commit()
        }
        let written = try readAll(db)
        try db.close()
        let segment = [UInt8](try Data(contentsOf: URL(fileURLWithPath: WALSegments.path(tmp.file("wal"), 0))))
        #expect(segment[0] & 0x08 != 0, "the series record is snappy-compressed")
        try FileManager.default.removeItem(atPath: tmp.file("chunks_head"))
        let reopened = try makeDB(directory: tmp.path)
        defer { try? reopened.close() }
        #expect(try readAll(reopened) == written)
        #expect(written.values.reduce(0) { $0 + $1.count } == 50 * 40)
    }

    /// Checkpoints follow the WAL's compression, and a database reopened from one has every sample.
    @Test func checkpointsAreCompressedLikeTheWAL() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        var options = TSDBOptions(blockDuration: 10_000, samplesPerChunk: 8, retentionDuration: 0)
        options.walCompression = true
        let db = try makeDB(options, directory: tmp.path)
        for step in 0..<40 {
            let app = db.appender()
            for i in 0..<20 { try app.append(.unknown, Labels([("__name__", "m"), ("i", String(i))]), t: Int64(step) * 1000, v: Double(step * i)) }
            try app.commit()
        }
        try db.compact()
        let written = try readAll(db)
        try db.close()
        let checkpoint = try #require(try WALCheckpoint.list(tmp.file("wal")).last)
        let segment = [UInt8](try Data(contentsOf: URL(fileURLWithPath: WALSegments.path(tmp.file("wal/\(WALCheckpoint.name(checkpoint))"), 0))))
        #expect(segment[0] & 0x08 != 0, "the checkpoint's first record is snappy-compressed")
        try FileManager.default.removeItem(atPath: tmp.file("chunks_head"))
        let reopened = try makeDB(options, directory: tmp.path)
        defer { try? reopened.close() }
        #expect(try readAll(reopened) == written)
    }

    /// Compressed records of every size, including ones spread over several pages and segments, read back as
    /// written; records snappy cannot shrink are written plain.
    @Test func compressingWriterRoundTrips() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        var w = try WALWriter(directory: tmp.path, firstSegment: 0, segmentSize: 4 * WALSegments.pageSize)
        w.compress = true
        var rng = SeededRandom(seed: 7)
        var records: [[UInt8]] = []
        for size in [0, 1, 100, 40_000, 90_000, 30, 70_000] {
            // A repetitive (compressible) first half, a random second half.
            var record = [UInt8](repeating: 0, count: size)
            for i in 0..<size {
                let random = UInt8.random(in: 0...255, using: &rng)
                record[i] = i < size / 2 ? UInt8(truncatingIfNeeded: i / 64) : random
            }
            records.append(record)
        }
        records.append((0..<5_000).map { _ in UInt8.random(in: 0...255, using: &rng) })
        try w.log(records)
        try w.sync()
        var read: [[UInt8]] = []
        var flagged = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: tmp.path).sorted() {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: tmp.file(name))))
            let parsed = SegmentRecords(bytes)
            #expect(parsed.corruption == nil && parsed.unsupported == nil)
            read += parsed.records.map(\.payload)
            flagged += parsed.records.filter { bytes[$0.start] & 0x08 != 0 }.count
        }
        #expect(read == records)
        #expect(flagged > 0 && flagged < records.count, "compressible records flagged, random ones plain")
    }

    @Test func aCompressedLookingByteWithABadChecksumIsCorruption() {
        let parsed = SegmentRecords(Self.segment(compressedCRCValid: false))
        #expect(parsed.unsupported == nil)
        #expect(parsed.corruption != nil)
        #expect(parsed.records.count == 1)
    }
}
