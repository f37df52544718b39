import Foundation
import PromModel
import Storage
import Testing
import TestSupport
@testable import TSDB

struct TSDBWALTests {
    static let options = TSDBOptions(walSegmentSize: 2 * WALSegments.pageSize)

    /// Commits `batches` batches of 10 series each; returns what was committed.
    @discardableResult
    static func fill(_ db: TSDB, batches: Range<Int>) throws -> [String: [Sample]] {
        var expected: [String: [Sample]] = [:]
        for b in batches {
            let app = db.appender()
            for s in 0..<10 {
                let labels = Labels.metric("m", ["s": "\(s)"])
                let v = b % 7 == 3 ? StaleNaN.value : Double(b * 10 + s)
                try app.append(.unknown, labels, t: Int64(b) * 1000, v: v)
                expected[labels.description, default: []].append(Sample(t: Int64(b) * 1000, v: v))
            }
            try app.commit()
        }
        return expected
    }

    static func bits(_ d: [String: [Sample]]) -> [String: [UInt64]] {
        d.mapValues { $0.map { UInt64(bitPattern: $0.t) &* 31 ^ $0.v.bitPattern } }
    }

    @Test func reopenAfterCrashRestoresAllCommittedSamples() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        var expected: [String: [Sample]] = [:]
        do {
            let db = try makeDB(Self.options, directory: tmp.path)
            expected = try Self.fill(db, batches: 0..<1000)
            // An uncommitted batch must not come back.
            let app = db.appender()
            try app.append(.unknown, Labels.metric("uncommitted"), t: 5_000_000, v: 1)
            // "Crash": the database is dropped without close().
        }
        #expect(try WALSegments.list(tmp.path + "/wal").count >= 2)
        let db2 = try makeDB(Self.options, directory: tmp.path)
        let got = try readAll(db2)
        #expect(Self.bits(got) == Self.bits(expected))
        #expect(db2.stats.numSeries == 10)
        // New series get fresh refs and new samples persist across another reopen.
        let more = try Self.fill(db2, batches: 1000..<1010)
        let app = db2.appender()
        try app.append(.unknown, Labels.metric("new"), t: 3_000_000, v: 42)
        try app.commit()
        try db2.close()
        let db3 = try makeDB(Self.options, directory: tmp.path)
        let got3 = try readAll(db3)
        for (k, v) in more { expected[k, default: []] += v }
        expected["new"] = [Sample(t: 3_000_000, v: 42)]
        #expect(Self.bits(got3) == Self.bits(expected))
        #expect(db3.stats.numSeries == 11)
    }

    @Test func commitAfterCloseFails() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let db = try makeDB(Self.options, directory: tmp.path)
        try db.close()
        let app = db.appender()
        try app.append(.unknown, Labels.metric("m"), t: 1, v: 1)
        #expect(throws: AppendError.self) { try app.commit() }
    }

    /// Truncates or damages the last WAL segment at many positions and checks that every reopen keeps a prefix of
    /// the committed batches, that nothing after the damage survives, and that the repaired WAL accepts new data.
    @Test(arguments: [false, true])
    func damagedTailIsRepaired(flip: Bool) throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let walDir = tmp.path + "/wal"
        do {
            let db = try makeDB(Self.options, directory: tmp.path)
            try Self.fill(db, batches: 0..<40)
            try db.close()
        }
        let segments = try WALSegments.list(walDir)
        let last = WALSegments.path(walDir, segments.last!)
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: last)))
        let pristine = tmp.path + "/pristine"
        try FileManager.default.copyItem(atPath: walDir, toPath: pristine)
        var counts: [Int] = []
        for cut in stride(from: 1, to: original.count, by: max(1, original.count / 23)) {
            try? FileManager.default.removeItem(atPath: walDir)
            try FileManager.default.copyItem(atPath: pristine, toPath: walDir)
            var damaged = original
            if flip { damaged[cut] ^= 0x20 } else { damaged = Array(original.prefix(cut)) }
            try Data(damaged).write(to: URL(fileURLWithPath: last))
            let db = try makeDB(Self.options, directory: tmp.path)
            let got = try readAll(db)
            let n = got["m{s=\"0\"}"]?.count ?? 0
            // Batches are all-or-nothing per series set: every series has the same prefix.
            for s in 0..<10 { #expect((got["m{s=\"\(s)\"}"]?.count ?? 0) == n, "cut \(cut)") }
            #expect(n < 40, "damage at \(cut) went unnoticed")
            counts.append(n)
            // The repaired WAL takes new writes that survive a reopen.
            let app = db.appender()
            try app.append(.unknown, Labels.metric("after"), t: 100_000, v: 1)
            try app.commit()
            try db.close()
            let again = try makeDB(Self.options, directory: tmp.path)
            #expect(try readAll(again)["after"]?.count == 1, "cut \(cut)")
            #expect((try readAll(again)["m{s=\"0\"}"]?.count ?? 0) == n, "cut \(cut)")
        }
        // Later damage keeps more.
        #expect(counts == counts.sorted())
        #expect(counts.first! < counts.last!)
    }
}

struct TSDBHeadChunksTests {
    @Test func closedChunksLiveOnDiskAndSurviveRestart() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let options = TSDBOptions(samplesPerChunk: 20)
        var expected: [String: [Sample]] = [:]
        do {
            let db = try makeDB(options, directory: tmp.path)
            expected = try TSDBWALTests.fill(db, batches: 0..<105)
            let s = db.head.series.get(hash: Labels.metric("m", ["s": "0"]).stableHash, labels: Labels.metric("m", ["s": "0"]))!
            let onDisk = s.state.withLock { st in st.closed.filter { $0.bytes == nil }.count }
            #expect(onDisk == 5)
            #expect(TSDBWALTests.bits(try readAll(db)) == TSDBWALTests.bits(expected))
            // Crash without close: chunk writes still buffered are lost, the WAL brings the samples back.
        }
        do {
            let db = try makeDB(options, directory: tmp.path)
            #expect(TSDBWALTests.bits(try readAll(db)) == TSDBWALTests.bits(expected))
            try db.close()
        }
        // After a clean close every chunk file is complete and the chunks are attached from disk.
        let db = try makeDB(options, directory: tmp.path)
        #expect(TSDBWALTests.bits(try readAll(db)) == TSDBWALTests.bits(expected))
        let s = db.head.series.get(hash: Labels.metric("m", ["s": "3"]).stableHash, labels: Labels.metric("m", ["s": "3"]))!
        #expect(s.state.withLock { st in st.closed.allSatisfy { $0.bytes == nil } && st.closed.count >= 5 })
        // An exact repeat of the last sample of a restored series is still accepted silently.
        let app = db.appender()
        try app.append(.unknown, Labels.metric("m", ["s": "3"]), t: 104_000, v: expected["m{s=\"3\"}"]!.last!.v)
        try app.commit()
    }
}
