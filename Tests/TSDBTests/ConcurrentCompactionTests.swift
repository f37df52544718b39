import PromModel
import Storage
import Synchronization
import Testing
import TestSupport
@testable import TSDB

/// Appenders, queriers and compactions at the same time, as in the server; then a reopen.
struct ConcurrentCompactionTests {
    final class Shared: Sendable {
        let committed = Mutex<[String: Int]>([:])
        let stop = Atomic<Bool>(false)
        let deletedSlots = Mutex<Set<Int64>>([])
    }

    /// The ref, or nil when the sample is out of bounds.
    static func appendInWindow(_ app: any Appender, _ ref: SeriesRef, _ l: Labels, t: Int64, v: Double) throws -> SeriesRef? {
        let result: Result<SeriesRef, AppendError> = Result { () throws(AppendError) in try app.append(ref, l, t: t, v: v) }
        switch result {
        case .success(let r): return r
        case .failure(.outOfBounds): return nil
        case .failure(let e): throw e
        }
    }

    @Test func appendsQueriesAndCompactionsInterleave() async throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let options = TSDBOptions(blockDuration: 5_000, samplesPerChunk: 10, retentionDuration: 0, walSegmentSize: 32 * 1024)
        let db = try makeDB(options, directory: tmp.path)
        let shared = Shared()
        let writers = 4
        let seriesPerWriter = 10
        let batches = 300
        let first = db.appender()
        for t in stride(from: Int64(0), to: 30_000, by: 100) { try first.append(.unknown, Labels.metric("static"), t: t, v: 1) }
        try first.commit()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for w in 0..<writers {
                group.addTask {
                    var refs = [SeriesRef](repeating: .unknown, count: seriesPerWriter)
                    var counts = [String: Int]()
                    for b in 0..<batches {
                        let app = db.appender()
                        var appended: [String] = []
                        for s in 0..<seriesPerWriter where !(w == 0 && s == 0) {
                            let l = Labels.metric("w", ["w": "\(w)", "s": "\(s)"])
                            // A writer far behind the others may fall out of the head's appendable window.
                            if let r = try Self.appendInWindow(app, refs[s], l, t: Int64(b) * 100, v: Double(b)) {
                                refs[s] = r
                                appended.append(l.description)
                            }
                        }
                        try app.commit()
                        for k in appended { counts[k, default: 0] += 1 }
                        await Task.yield()
                    }
                    shared.committed.withLock { c in for (k, v) in counts { c[k, default: 0] += v } }
                }
            }
            group.addTask {
                while !shared.stop.load(ordering: .relaxed) {
                    try db.compact()
                    await Task.yield()
                }
            }
            group.addTask {
                // Deletions in a series written up front, racing with commits and compactions (which move its
                // samples into blocks that the deletions then rewrite).
                var slot: Int64 = 0
                while !shared.stop.load(ordering: .relaxed) {
                    try db.deleteSeries(matchers: [.equal("__name__", "static")], mint: slot * 1000, maxt: slot * 1000 + 300)
                    shared.deletedSlots.withLock { _ = $0.insert(slot) }
                    slot = (slot + 7) % 30
                    await Task.yield()
                }
            }
            group.addTask {
                while !shared.stop.load(ordering: .relaxed) {
                    let got = try readAll(db, [.equal("__name__", "w")])
                    for (_, samples) in got {
                        #expect(zip(samples, samples.dropFirst()).allSatisfy { $0.t < $1.t })
                    }
                    await Task.yield()
                }
            }
            // Wait for the writers (the first `writers` tasks to finish), then stop the others.
            for _ in 0..<writers { try await group.next() }
            shared.stop.store(true, ordering: .relaxed)
            try await group.waitForAll()
        }
        try db.compact()
        let expected = shared.committed.withLock { $0 }
        let got = try readAll(db, [.equal("__name__", "w")]).mapValues(\.count)
        #expect(got == expected)
        #expect(db.blockCount > 0)
        #expect(db.dbStats.compactionsFailed == 0)
        let slots = shared.deletedSlots.withLock { $0 }
        let staticWant = stride(from: Int64(0), to: 30_000, by: 100).filter { !slots.contains($0 / 1000) || $0 % 1000 > 300 }
        #expect(!slots.isEmpty)
        #expect(try readAll(db, [.equal("__name__", "static")])["static"]?.map(\.t) ?? [] == staticWant)
        // Reopen: everything committed is still there.
        try db.close()
        let again = try makeDB(options, directory: tmp.path)
        #expect(try readAll(again, [.equal("__name__", "w")]).mapValues(\.count) == expected)
        #expect(try readAll(again, [.equal("__name__", "static")])["static"]?.map(\.t) ?? [] == staticWant)
    }
}
