import Foundation
import PromModel
import Storage
import Testing
import TestSupport
@testable import TSDB

/// A database on a tiny tmpfs that runs full: commits fail with the OS error, what was committed stays readable
/// (head chunks that could not be written stay in memory, partial writes are cut off), commits succeed again
/// once space is freed, and a reopen finds exactly the committed samples.
@Suite(.serialized)
struct TSDBDiskFullTests {
    static func batch(_ db: TSDB, _ i: Int64) throws(AppendError) -> [String: Sample] {
        let app = db.appender()
        var out: [String: Sample] = [:]
        for s in 0..<50 {
            let labels = Labels.metric("full", ["s": "\(s)"])
            try app.append(.unknown, labels, t: i * 1000, v: Double(i * 100 + Int64(s)))
            out[labels.description] = Sample(t: i * 1000, v: Double(i * 100 + Int64(s)))
        }
        try app.commit()
        return out
    }

    @Test(.enabled(if: Tmpfs.available, "mounting a tmpfs needs root; skipped"))
    func commitsFailWhileFullAndResumeAfter() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let fs = try Tmpfs(path: tmp.file("mnt"), size: "2m")
        defer { fs.unmount() }
        // Small chunks, so that head chunk files are written (and fail) too.
        let options = TSDBOptions(samplesPerChunk: 4)
        var expected: [String: [Sample]] = [:]
        func commit(_ db: TSDB, _ i: Int64) -> Bool {
            guard let b = try? Self.batch(db, i) else { return false }
            for (k, s) in b { expected[k, default: []].append(s) }
            return true
        }
        do {
            let db = try makeDB(options, directory: fs.path + "/data")
            for i in Int64(0)..<200 { #expect(commit(db, i)) }
            // Full but for a reserve smaller than a head chunk flush (64 KiB) and larger than a commit: WAL writes
            // go on for a while, a chunk file write fails part way, then the WAL fails too.
            try Data(count: 40 * 1024).write(to: URL(fileURLWithPath: fs.path + "/reserve"))
            Tmpfs.fill(fs.path + "/filler")
            try FileManager.default.removeItem(atPath: fs.path + "/reserve")
            var failures = 0
            var lastError: AppendError?
            for i in Int64(200)..<600 {
                do { for (k, s) in try Self.batch(db, i) { expected[k, default: []].append(s) } } catch {
                    failures += 1
                    lastError = error
                }
            }
            #expect(failures > 0)
            #expect(lastError.map { "\($0)".contains("No space left on device") } == true, "\(String(describing: lastError))")
            #expect(db.dbStats.walWritesFailed == failures)
            #expect(try readAll(db) == expected, "while full")
            try FileManager.default.removeItem(atPath: fs.path + "/filler")
            for i in Int64(600)..<1000 { #expect(commit(db, i)) }
            #expect(try readAll(db) == expected, "after freeing space")
            try db.close()
        }
        let db = try makeDB(options, directory: fs.path + "/data")
        #expect(db.dbStats.walCorruptions == 0)
        #expect(try readAll(db) == expected, "after reopening")
        try db.close()
    }
}
