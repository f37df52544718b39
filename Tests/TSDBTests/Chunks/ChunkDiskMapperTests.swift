import Foundation
import Logging
import PromModel
import Testing
import TestSupport
@testable import TSDB

struct ChunkDiskMapperTests {
    static let logger = Logger(label: "chunk-mapper-test")

    static func chunk(_ seed: Int, samples: Int = 50) -> XORChunk {
        var c = XORChunk()
        for i in 0..<samples { c.append(t: Int64(seed * 100_000 + i * 15_000), v: Double(seed * 1000 + i)) }
        return c
    }

    @Test func writesReadsAndReopens() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        // Small files: several cuts; enough chunks to flush the buffer several times.
        let (mapper, found, _) = try ChunkDiskMapper.open(directory: tmp.path, maxFileSize: 50_000, logger: Self.logger)
        #expect(found.isEmpty)
        var refs: [(UInt64, XORChunk)] = []
        for i in 0..<2000 {
            let c = Self.chunk(i, samples: 1 + i % 120)
            let ref = try mapper.write(seriesRef: UInt64(i % 7 + 1), minT: Int64(i), maxT: Int64(i + 1), chunk: c.bytes)
            refs.append((ref, c))
            // Readable at once, whether still buffered or already flushed.
            #expect(mapper.chunk(ref) == c.bytes, "chunk \(i)")
        }
        for (ref, c) in refs { #expect(mapper.chunk(ref) == c.bytes) }
        try mapper.close()
        let files = try FileSystem.list(tmp.path).sorted()
        #expect(files.count > 3)

        let (again, stored, _) = try ChunkDiskMapper.open(directory: tmp.path, maxFileSize: 50_000, logger: Self.logger)
        #expect(stored.values.reduce(0) { $0 + $1.count } == 2000)
        #expect(stored[1]?.first == ChunkDiskMapper.StoredChunk(ref: refs[0].0, minT: 0, maxT: 1))
        for (ref, c) in refs { #expect(again.chunk(ref) == c.bytes) }
    }

    /// Prometheus's head chunk files also hold histogram chunks (encodings 2 and 3) and out-of-order chunks (top
    /// bit set): they are valid, nothing is truncated, and a series with histogram chunks reuses none of its
    /// chunks (the WAL has its samples).
    @Test func prometheusHistogramAndOutOfOrderChunksAreSkippedNotCorruption() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let (mapper, _, _) = try ChunkDiskMapper.open(directory: tmp.path, logger: Self.logger)
        let first = try mapper.write(seriesRef: 1, minT: 0, maxT: 1, chunk: Self.chunk(0).bytes)
        _ = try mapper.write(seriesRef: 2, minT: 0, maxT: 1, chunk: Self.chunk(1).bytes)
        try mapper.close()
        var h = FloatHistogramChunk()
        h.append(t: 2, h: FloatHistogram(schema: 0, count: 1, sum: 1, positive: [1]))
        var file = [UInt8](try Data(contentsOf: URL(fileURLWithPath: tmp.file("000001"))))
        for (series, encoding) in [(UInt64(2), UInt8(3)), (3, 2 | 0x80), (1, 1 | 0x80)] {
            var w = ByteWriter()
            w.writeBE64(series)
            w.writeBE64(2)
            w.writeBE64(2)
            w.writeByte(encoding)
            w.writeUvarint(UInt64(h.bytes.count))
            w.bytes += h.bytes
            let crc = CRC32C.checksum(w.bytes)
            for sh in [24, 16, 8, 0] { w.writeByte(UInt8(truncatingIfNeeded: crc >> UInt32(sh))) }
            file += w.bytes
        }
        try Data(file).write(to: URL(fileURLWithPath: tmp.file("000001")))
        let (again, stored, notReused) = try ChunkDiskMapper.open(directory: tmp.path, logger: Self.logger)
        #expect(try Data(contentsOf: URL(fileURLWithPath: tmp.file("000001"))).count == file.count, "nothing truncated")
        #expect(stored[1]?.count == 1 && stored[2]?.count == 1)
        #expect(notReused == [2])
        #expect(again.chunk(first) == Self.chunk(0).bytes)
    }

    @Test(arguments: [0, 3, 30, 200])
    func corruptTailIsTruncated(damageFromEnd: Int) throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let (mapper, _, _) = try ChunkDiskMapper.open(directory: tmp.path, logger: Self.logger)
        var sizes: [Int] = []
        for i in 0..<10 {
            _ = try mapper.write(seriesRef: 1, minT: Int64(i), maxT: Int64(i), chunk: Self.chunk(i).bytes)
            sizes.append(Self.chunk(i).bytes.count)
        }
        try mapper.close()
        let path = tmp.file("000001")
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        if damageFromEnd > 0 { bytes[bytes.count - damageFromEnd] ^= 0xff }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let (_, stored, _) = try ChunkDiskMapper.open(directory: tmp.path, logger: Self.logger)
        // Which chunk the damaged byte falls in decides how many survive.
        var end = bytes.count
        var survivors = 10
        if damageFromEnd > 0 {
            for size in sizes.reversed() {
                let record = 25 + (size < 128 ? 1 : 2) + size + 4
                if bytes.count - damageFromEnd >= end - record { break }
                end -= record
                survivors -= 1
            }
            survivors -= 1
        }
        #expect(stored[1]?.count ?? 0 == survivors)
    }
}
