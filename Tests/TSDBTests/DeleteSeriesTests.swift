import PromModel
import Storage
import Testing
import TestSupport
@testable import TSDB

struct DeleteSeriesTests {
    @Test func deletesARangeInTheInMemoryHead() throws {
        let db = try makeDB(TSDBOptions(samplesPerChunk: 5))
        let expected = try CompactionTests.fill(db, seconds: 30, series: 4)
        try db.deleteSeries(matchers: [.equal("s", "1")], mint: 10_000, maxt: 19_999)
        let got = try readAll(db)
        var want = expected
        want["m{parity=\"odd\", s=\"1\"}"] = expected["m{parity=\"odd\", s=\"1\"}"]!.filter { $0.t < 10_000 || $0.t > 19_999 }
        #expect(CompactionTests.bits(got) == CompactionTests.bits(want))
        // Appending continues after the last sample, deleted or not.
        let app = db.appender()
        try app.append(.unknown, Labels.metric("m", ["s": "1", "parity": "odd"]), t: 30_000, v: 1)
        try app.commit()
    }

    @Test func deletionsSurviveRestartsCheckpointsAndReachBlocks() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let options = CompactionTests.options
        var want: [String: [Sample]] = [:]
        let victim = "m{parity=\"even\", s=\"2\"}"
        do {
            let db = try makeDB(options, directory: tmp.path)
            want = try CompactionTests.fill(db, seconds: 40)
            try db.compact()  // blocks up to 30 s, the head after
            // A range across blocks and head.
            try db.deleteSeries(matchers: [.equal("s", "2")], mint: 5_000, maxt: 34_999)
            want[victim] = want[victim]!.filter { $0.t < 5_000 || $0.t > 34_999 }
            #expect(CompactionTests.bits(try readAll(db)) == CompactionTests.bits(want))
            // Crash: the head deletion must come back from the WAL tombstone.
        }
        do {
            let db = try makeDB(options, directory: tmp.path)
            #expect(CompactionTests.bits(try readAll(db)) == CompactionTests.bits(want))
            // More data; a deletion in a head chunk already on disk (40 s…47 s, 8 samples per chunk); a compaction
            // whose checkpoint must carry that tombstone, since the chunk file still holds the deleted samples.
            for (k, v) in try CompactionTests.fill(db, from: 40, seconds: 12) { want[k, default: []] += v }
            try db.deleteSeries(matchers: [.equal("s", "3")], mint: 41_000, maxt: 42_000)
            let other = "m{parity=\"odd\", s=\"3\"}"
            want[other] = want[other]!.filter { $0.t < 41_000 || $0.t > 42_000 }
            try db.compact()
            #expect(db.dbStats.checkpoints >= 1)
            try db.close()
        }
        let db = try makeDB(options, directory: tmp.path)
        #expect(CompactionTests.bits(try readAll(db)) == CompactionTests.bits(want))
        #expect(try FileSystem.list(tmp.path).filter { $0.hasSuffix(".tmp-for-deletion") }.isEmpty)
    }

    @Test func tombstoneRecordsRoundTrip() throws {
        let stones = [WALRecord.Tombstone(ref: 3, mint: -5, maxt: 9), .init(ref: 1 << 40, mint: 0, maxt: Int64.max)]
        #expect(try WALRecord.decode(WALRecord.encodeTombstones(stones)) == .tombstones(stones))
    }
}
