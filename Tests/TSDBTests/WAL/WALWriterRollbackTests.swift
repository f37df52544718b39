import Foundation
import Testing
import TestSupport
@testable import TSDB

/// `WALWriter.rollback(to:)`, what a failed write (full disk) runs: the batch logged since the mark disappears
/// from the segment, across page and segment boundaries, and later batches read back whole.
struct WALWriterRollbackTests {
    @Test func rolledBackBatchesNeverReadBack() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let segmentSize = 4 * WALSegments.pageSize
        var w = try WALWriter(directory: tmp.path, firstSegment: 0, segmentSize: segmentSize)
        var rng = SeededRandom(seed: 7)
        var kept: [[UInt8]] = []
        var rolledBack = 0
        var segmentSwitches = 0
        for i in 0..<400 {
            var batch: [[UInt8]] = []
            for _ in 0..<(1 + rng.next() % 3) {
                // Up to two pages, so that batches complete pages and switch segments.
                let size = rng.next() % 5 == 0 ? Int(rng.next() % 70_000) : Int(rng.next() % 400)
                batch.append((0..<size).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
            }
            let mark = w.mark
            try w.log(batch)
            if i % 3 == 1 {
                if w.segmentIndex != mark.segment { segmentSwitches += 1 }
                try w.rollback(to: mark)
                rolledBack += 1
            } else {
                kept += batch
            }
        }
        try w.sync()
        #expect(rolledBack > 100)
        #expect(segmentSwitches > 0, "no rollback crossed a segment")
        let (read, corrupt) = try WALFramingTests.readSegments(tmp.path)
        #expect(!corrupt)
        #expect(read.count == kept.count)
        #expect(read == kept)
    }
}
