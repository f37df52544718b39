import Foundation
import Logging
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
        Damage(name: "unknown fragment type in record 5", apply: { var b = $0; b[5 * 107] = 9; return b },
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
