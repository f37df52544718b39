import Foundation
import PromModel
import Storage
import Testing
import TestSupport
@testable import TSDB

struct CompactionTests {
    /// 10 s blocks, so that a minute of data makes several blocks.
    static let options = TSDBOptions(blockDuration: 10_000, samplesPerChunk: 8, retentionDuration: 0,
                                     walSegmentSize: 2 * 32 * 1024)

    /// Appends one sample per second for `seconds` seconds to `series` series (a few of which stop early).
    @discardableResult
    static func fill(_ db: TSDB, from: Int = 0, seconds: Int, series: Int = 20) throws -> [String: [Sample]] {
        var expected: [String: [Sample]] = [:]
        for sec in from..<(from + seconds) {
            let app = db.appender()
            for s in 0..<series {
                // Series 0 stops after 5 s: it must leave the head once its data is in a block.
                if s == 0 && sec >= 5 { continue }
                let labels = Labels.metric("m", ["s": "\(s)", "parity": s % 2 == 0 ? "even" : "odd"])
                let t = Int64(sec) * 1000
                let v = sec % 9 == 4 ? StaleNaN.value : Double(sec * 100 + s)
                try app.append(.unknown, labels, t: t, v: v)
                expected[labels.description, default: []].append(Sample(t: t, v: v))
            }
            try app.commit()
        }
        return expected
    }

    static func bits(_ d: [String: [Sample]]) -> [String: [UInt64]] { TSDBWALTests.bits(d) }

    @Test func headIsCompactedIntoBlocksAndQueriedTogether() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let db = try makeDB(Self.options, directory: tmp.path)
        let expected = try Self.fill(db, seconds: 60)
        let seriesBefore = db.stats.numSeries
        try db.compact()
        // The head spans at most 1.5 blocks after compaction: [0,10s) … [40s,50s) are persisted, and the
        // first three are merged into one 30 s block.
        #expect(db.blockCount == 3)
        #expect(db.stats.minTime >= 50_000)
        #expect(db.stats.numSeries == seriesBefore - 1)  // series 0 ended in the first block
        #expect(db.stats.seriesRemoved == 1 && db.stats.seriesCreated == seriesBefore)
        // Five head compactions, each checkpointing the WAL, and one merge.
        #expect(db.dbStats.compactions == 6 && db.dbStats.checkpoints == 5 && db.dbStats.compactionsFailed == 0)
        #expect(db.dbStats.blocksLoaded == 3 && db.dbStats.blocksBytes > 0)
        #expect(Self.bits(try readAll(db)) == Self.bits(expected))
        // Ranges inside a block, across block and head, and matchers.
        let part = try readAll(db, mint: 8_500, maxt: 51_000, [.equal("parity", "odd"), .equal("__name__", "m")])
        #expect(part.count == 10)
        #expect(part["m{parity=\"odd\", s=\"1\"}"]!.map(\.t) == Array(stride(from: 9_000, through: 51_000, by: 1000)))
        let q = try db.querier(mint: 0, maxt: 100_000)
        #expect(try q.labelValues("s", matchers: []).count == 20)
        #expect(try q.labelNames(matchers: []) == ["__name__", "parity", "s"])
        #expect(try q.labelValues("s", matchers: [.equal("parity", "even")]).count == 10)
        // WAL segments before the checkpoint are gone.
        let wal = try FileSystem.list(tmp.path + "/wal")
        #expect(wal.contains { $0.hasPrefix("checkpoint.") })
        #expect(try WALSegments.list(tmp.path + "/wal").count <= 2)
        // Samples older than the newest block are out of bounds now.
        let app = db.appender()
        #expect(throws: AppendError.outOfBounds) { try app.append(.unknown, Labels.metric("late"), t: 49_999, v: 1) }
    }

    @Test func everythingSurvivesACrashAfterCompaction() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        var expected: [String: [Sample]] = [:]
        do {
            let db = try makeDB(Self.options, directory: tmp.path)
            expected = try Self.fill(db, seconds: 40)
            try db.compact()
            for (k, v) in try Self.fill(db, from: 40, seconds: 15) { expected[k, default: []] += v }
            try db.compact()
            #expect(db.blockCount == 2)  // [0,30s) merged, [30s,40s)
            // Crash: no close.
        }
        let db = try makeDB(Self.options, directory: tmp.path)
        #expect(db.blockCount == 2)
        #expect(Self.bits(try readAll(db)) == Self.bits(expected))
        // And after a clean close too, with more data appended and compacted.
        for (k, v) in try Self.fill(db, from: 55, seconds: 20) { expected[k, default: []] += v }
        try db.compact()
        try db.close()
        let again = try makeDB(Self.options, directory: tmp.path)
        #expect(Self.bits(try readAll(again)) == Self.bits(expected))
    }

    @Test func retentionDeletesOldBlocks() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        var options = Self.options
        options.retentionDuration = 20_000
        let db = try makeDB(options, directory: tmp.path)
        try Self.fill(db, seconds: 80)
        try db.compact()
        // Blocks end at 10s…70s; the newest ends at 70s, so blocks ending before 50s are deleted.
        #expect(db.blockCount == 3)
        #expect(db.dbStats.timeRetentions == 4)
        let all = try readAll(db)
        #expect(all["m{parity=\"odd\", s=\"1\"}"]!.first!.t == 40_000)
        let dirs = try FileSystem.list(tmp.path).filter { ULID($0) != nil }
        #expect(dirs.count == 3)
    }

    @Test func sizeRetentionKeepsTheNewestBlocks() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        // A retention of 200 s caps block ranges at 20 s: no merging, seven 10 s blocks.
        var options = Self.options
        options.retentionDuration = 200_000
        let db = try makeDB(options, directory: tmp.path)
        try Self.fill(db, seconds: 80)
        try db.compact()
        #expect(db.blockCount == 7)
        let oneBlock = db.blocksSize / 7
        options.maxBytes = Int64(oneBlock * 2 + oneBlock / 2)
        try db.close()
        let limited = try makeDB(options, directory: tmp.path)
        #expect(limited.blockCount == 2)
        #expect(try readAll(limited)["m{parity=\"odd\", s=\"1\"}"]!.first!.t == 50_000)
    }

    @Test func inMemoryHeadAppliesTimeRetention() throws {
        let db = try makeDB(TSDBOptions(blockDuration: 10_000, retentionDuration: 20_000))
        try Self.fill(db, seconds: 80)
        try db.compact()
        #expect(db.stats.minTime >= 50_000 && db.stats.minTime <= 60_000)
    }

    @Test func blocksAreMergedIntoLargerRanges() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let db = try makeDB(Self.options, directory: tmp.path)
        let expected = try Self.fill(db, seconds: 120)
        try db.compact()
        let metas = db.blocks.withLock { $0.map(\.meta) }
        // [0,90s) is one level-3 block (three 30 s blocks of three 10 s blocks), then [90s,100s) and [100s,110s).
        #expect(metas.map(\.minTime) == [0, 90_000, 100_000])
        #expect(metas.map(\.maxTime) == [90_000, 100_000, 110_000])
        #expect(metas[0].compaction.level == 3)
        #expect(metas[0].compaction.sources.count == 9)
        #expect(metas[0].stats.numSeries == 20)
        #expect(db.blockInfos.map(\.compactionLevel) == [3, 1, 1])
        #expect(db.blockInfos.allSatisfy { $0.sizeBytes > 0 && $0.numChunks > 0 })
        #expect(Self.bits(try readAll(db)) == Self.bits(expected))
        // Only the live blocks remain on disk.
        #expect(try FileSystem.list(tmp.path).filter { ULID($0) != nil }.count == 3)
        try db.close()
        let again = try makeDB(Self.options, directory: tmp.path)
        #expect(again.blockCount == 3)
        #expect(Self.bits(try readAll(again)) == Self.bits(expected))
    }

    @Test func plannerTable() {
        #expect(BlockCompactor.ranges(blockDuration: 7_200_000, retention: 15 * 86_400_000)
            == [7_200_000, 21_600_000, 64_800_000])
        #expect(BlockCompactor.ranges(blockDuration: 10, retention: 0).count == 10)
        #expect(BlockCompactor.ranges(blockDuration: 10, retention: 200) == [10])
    }
}

struct SnapshotTests {
    @Test(arguments: [true, false])
    func snapshotOpensAsItsOwnDatabase(withHead: Bool) throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let db = try makeDB(CompactionTests.options, directory: tmp.file("data"))
        let expected = try CompactionTests.fill(db, seconds: 60)
        try db.compact()
        try db.snapshot(to: tmp.file("snap"), withHead: withHead)
        // The source keeps working after the snapshot.
        try CompactionTests.fill(db, from: 60, seconds: 5)
        let snap = try makeDB(CompactionTests.options, directory: tmp.file("snap"))
        let got = try readAll(snap)
        if withHead {
            #expect(CompactionTests.bits(got) == CompactionTests.bits(expected))
        } else {
            // Only the persisted blocks: everything before 50 s.
            let persisted = expected.mapValues { $0.filter { $0.t < 50_000 } }
            #expect(CompactionTests.bits(got) == CompactionTests.bits(persisted))
        }
    }
}

struct TruncationRaceTests {
    /// A series whose data is all persisted but which has a sample waiting in an open appender must survive head
    /// truncation, so that the sample lands in it and in the WAL checkpoint (and survives a crash).
    @Test func pendingSampleKeepsItsSeriesThroughTruncation() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let a = Labels.metric("a")
        var ref = SeriesRef.unknown
        do {
            let db = try makeDB(CompactionTests.options, directory: tmp.path)
            let first = db.appender()
            ref = try first.append(.unknown, a, t: 1000, v: 1)
            try first.commit()
            try CompactionTests.fill(db, seconds: 45, series: 3)
            let pending = db.appender()
            #expect(try pending.append(ref, a, t: 44_500, v: 2) == ref)
            try db.compact()
            #expect(db.stats.seriesRemoved == 1)  // series 0 of the fill, not `a`
            try pending.commit()
            #expect(try readAll(db)["a"]?.map(\.t) == [1000, 44_500])
            // Crash without close.
        }
        let db = try makeDB(CompactionTests.options, directory: tmp.path)
        #expect(try readAll(db)["a"]?.map(\.t) == [1000, 44_500])
    }
}
