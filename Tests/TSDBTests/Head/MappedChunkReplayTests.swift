import PromModel
import Storage
import Testing
import TestSupport
@testable import TSDB

/// Restarts reuse the closed chunks in the head chunk files: replay attaches them and appends only the WAL
/// samples after them, and the head reads back exactly what was committed — also after a crash (no close), a
/// deletion (the series' files are not reused then) and late samples of the out-of-order window.
@Suite struct MappedChunkReplayTests {
    static let options = TSDBOptions(samplesPerChunk: 10)

    /// 20 series × `n` samples at 1 s from `start`, committed one scrape at a time; the expected contents.
    static func fill(_ db: TSDB, from start: Int, count n: Int, into expected: inout [String: [Sample]]) throws {
        for k in start..<(start + n) {
            let app = db.appender()
            for s in 0..<20 {
                let l = Labels.metric("m", ["s": "\(s)"])
                let v = Double(k * 7 + s) / 4
                try app.append(.unknown, l, t: Int64(k) * 1000, v: v)
                expected[l.description, default: []].append(Sample(t: Int64(k) * 1000, v: v))
            }
            try app.commit()
        }
    }

    @Test func restartSkipsWhatTheChunkFilesHold() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        var expected: [String: [Sample]] = [:]
        do {
            let db = try makeDB(Self.options, directory: tmp.path)
            try Self.fill(db, from: 0, count: 95, into: &expected)
            try db.close()
        }
        do {
            let db = try makeDB(Self.options, directory: tmp.path)
            // 9 closed chunks of 10 per series in the files; the open chunk's 5 samples come from the WAL.
            #expect(db.replayStats.mappedChunks == 20 * 9)
            #expect(db.replayStats.skippedSamples == 20 * 90)
            #expect(db.replayStats.samples == 20 * 5)
            #expect(try readAll(db) == expected)
            // Appends go on where the files and the WAL left off; a crash (no close) follows.
            try Self.fill(db, from: 95, count: 40, into: &expected)
            #expect(try readAll(db) == expected)
        }
        let db = try makeDB(Self.options, directory: tmp.path)
        // Chunks the crashed process still buffered are gone from the files; the WAL has their samples.
        #expect(db.replayStats.mappedChunks >= 20 * 9)
        #expect(try readAll(db) == expected)
        // An exact repeat of the newest sample is still accepted silently, a different value refused.
        let last = try #require(expected[Labels.metric("m", ["s": "0"]).description]?.last)
        let app = db.appender()
        try app.append(.unknown, Labels.metric("m", ["s": "0"]), t: last.t, v: last.v)
        #expect(throws: AppendError.duplicateSampleForTimestamp) {
            try app.append(.unknown, Labels.metric("m", ["s": "0"]), t: last.t, v: last.v + 1)
        }
        try app.commit()
        try db.close()
    }

    @Test func deletedSeriesAreReplayedFromTheWAL() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        var expected: [String: [Sample]] = [:]
        do {
            let db = try makeDB(Self.options, directory: tmp.path)
            try Self.fill(db, from: 0, count: 60, into: &expected)
            // Deleting from the middle re-encodes the series in memory; its next closed chunks repeat samples
            // the files already hold.
            try db.deleteSeries(matchers: [.equal("s", "3")], mint: 20_000, maxt: 24_000)
            expected[Labels.metric("m", ["s": "3"]).description]!.removeAll { $0.t >= 20_000 && $0.t <= 24_000 }
            try Self.fill(db, from: 60, count: 30, into: &expected)
            try db.close()
        }
        let db = try makeDB(Self.options, directory: tmp.path)
        #expect(db.replayStats.mappedChunks > 0)
        #expect(try readAll(db) == expected)
        try db.close()
    }

    @Test func lateSamplesSurviveARestart() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        var expected: [String: [Sample]] = [:]
        do {
            let db = try makeDB(Self.options, directory: tmp.path)
            db.outOfOrderTimeWindow = 3_600_000
            try Self.fill(db, from: 0, count: 50, into: &expected)
            // Between two samples the files already hold: a late one, logged as such.
            let app = db.appender()
            let l = Labels.metric("m", ["s": "1"])
            try app.append(.unknown, l, t: 12_500, v: 42)
            try app.commit()
            expected[l.description]!.append(Sample(t: 12_500, v: 42))
            expected[l.description]!.sort { $0.t < $1.t }
            #expect(try readAll(db) == expected)
            try db.close()
        }
        let db = try makeDB(Self.options, directory: tmp.path)
        #expect(db.replayStats.mappedChunks > 0)
        #expect(try readAll(db) == expected)
        try db.close()
    }
}
