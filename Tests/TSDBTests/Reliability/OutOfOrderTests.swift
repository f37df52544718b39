import Foundation
import PromModel
import Storage
import Testing
import TestSupport
@testable import TSDB

/// `outOfOrderTimeWindow`: late samples within the window are kept and read back in time order; older ones are
/// refused with Prometheus's error kinds and counted; they survive WAL replay, checkpoints, snapshots and
/// compaction.
struct OutOfOrderTests {
    static let labels = Labels.metric("late")

    static func append(_ db: TSDB, _ t: Int64, _ v: Double) throws(AppendError) {
        let app = db.appender()
        try app.append(.unknown, labels, t: t, v: v)
        try app.commit()
    }

    static func samples(_ db: TSDB) throws -> [Sample] {
        try readAll(db)[labels.description] ?? []
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var window: Int64
        var t: Int64
        var expected: AppendError?
        var testDescription: String { name }
    }

    /// The series has samples at 100_000 and 200_000.
    static let cases: [Case] = [
        Case(name: "no window: behind the series", window: 0, t: 150_000, expected: .outOfOrderSample),
        Case(name: "window: within", window: 60_000, t: 150_000, expected: nil),
        Case(name: "window: at its edge", window: 60_000, t: 140_000, expected: nil),
        Case(name: "window: just beyond", window: 60_000, t: 139_999, expected: .tooOldSample),
        Case(name: "window: duplicate of an in-order sample", window: 60_000, t: 200_000, expected: .duplicateSampleForTimestamp),
    ]

    @Test(arguments: cases)
    func lateSampleIsAcceptedOnlyWithinTheWindow(_ c: Case) throws {
        let db = try makeDB()
        db.outOfOrderTimeWindow = c.window
        try Self.append(db, 100_000, 1)
        try Self.append(db, 200_000, 2)
        var got: AppendError?
        do { try Self.append(db, c.t, 9) } catch { got = error }
        #expect(got == c.expected)
        let ts = try Self.samples(db).map(\.t)
        #expect(ts == (c.expected == nil ? [100_000, c.t, 200_000] : [100_000, 200_000]))
        let stats = db.stats
        #expect(stats.outOfOrderSamplesAppended == (c.expected == nil ? 1 : 0))
        #expect(stats.tooOldSamples == (c.expected == .tooOldSample ? 1 : 0))
        #expect(stats.outOfOrderSamples == (c.expected == .outOfOrderSample ? 1 : 0))
    }

    @Test func withoutAWindowSamplesBehindTheHeadAreOutOfBounds() throws {
        let db = try makeDB(TSDBOptions(blockDuration: 60_000))
        try Self.append(db, 1_000_000, 1)
        #expect(throws: AppendError.outOfBounds) { try Self.append(db, 1_000_000 - 40_000, 1) }
        db.outOfOrderTimeWindow = 100_000
        // A new series behind the head's in-order bound, within the window.
        let app = db.appender()
        try app.append(.unknown, Labels.metric("other"), t: 1_000_000 - 40_000, v: 5)
        try app.commit()
        #expect(try readAll(db)[Labels.metric("other").description]?.map(\.t) == [960_000])
    }

    /// Late samples come back from the WAL, from a checkpoint after compaction, and from a block.
    @Test func lateSamplesSurviveReplayCheckpointAndCompaction() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let hour: Int64 = 3_600_000
        let options = TSDBOptions(blockDuration: 2 * hour, walSegmentSize: 4 * 32 * 1024)
        var expected: [Int64] = []
        do {
            let db = try makeDB(options, directory: tmp.path)
            db.outOfOrderTimeWindow = hour
            // In order every minute for 4 h, and every 10 min a late sample 30 s behind.
            for i in Int64(0)..<240 {
                try Self.append(db, i * 60_000, Double(i))
                expected.append(i * 60_000)
                if i % 10 == 5 {
                    try Self.append(db, i * 60_000 - 30_000, -Double(i))
                    expected.append(i * 60_000 - 30_000)
                }
            }
            expected.sort()
            #expect(try Self.samples(db).map(\.t) == expected)
            try db.close()
        }
        do {
            let db = try makeDB(options, directory: tmp.path)
            #expect(try Self.samples(db).map(\.t) == expected, "after WAL replay")
            // Persists [0, 2h) with its late samples, checkpoints the rest.
            try db.compact()
            #expect(db.blockCount == 1)
            #expect(try Self.samples(db).map(\.t) == expected, "after compaction")
            try db.close()
        }
        let db = try makeDB(options, directory: tmp.path)
        #expect(try Self.samples(db).map(\.t) == expected, "from block + checkpoint")
        let values = try Self.samples(db).filter { $0.t % 60_000 != 0 }.map(\.v)
        #expect(values.allSatisfy { $0 < 0 })
        try db.close()
    }

    @Test func deletingRemovesLateSamplesToo() throws {
        let db = try makeDB()
        db.outOfOrderTimeWindow = 60_000
        try Self.append(db, 100_000, 1)
        try Self.append(db, 90_000, 2)
        try db.deleteSeries(matchers: [try Matcher(.equal, "__name__", "late")], mint: 0, maxt: 95_000)
        #expect(try Self.samples(db).map(\.t) == [100_000])
    }
}
