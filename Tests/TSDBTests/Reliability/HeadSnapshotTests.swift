import Foundation
import Logging
import PromModel
import Storage
import Synchronization
import Testing
import TestSupport
@testable import TSDB

/// Head snapshots written on close and loaded at open (`memorySnapshotOnShutdown`).
struct HeadSnapshotTests {
    static func options(snapshot: Bool) -> TSDBOptions {
        var o = TSDBOptions(samplesPerChunk: 20, walSegmentSize: 2 * 32 * 1024)
        o.memorySnapshotOnShutdown = snapshot
        return o
    }

    /// 50 series × 100 samples (closed and open chunks), a deletion, and late samples.
    static func fill(_ db: TSDB) throws -> [String: [Sample]] {
        db.outOfOrderTimeWindow = 60_000
        for i in Int64(0)..<100 {
            let app = db.appender()
            for s in 0..<50 { try app.append(.unknown, Labels.metric("m", ["s": "\(s)"]), t: i * 1000, v: Double(i * 100 + Int64(s))) }
            try app.commit()
        }
        let late = db.appender()
        try late.append(.unknown, Labels.metric("m", ["s": "7"]), t: 98_500, v: -1)
        try late.commit()
        try db.deleteSeries(matchers: [try Matcher(.equal, "s", "3")], mint: 10_000, maxt: 19_000)
        return try readAll(db)
    }

    static func snapshots(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasPrefix("chunk_snapshot.") }
    }

    @Test func closeWritesASnapshotThatReopensIdentically() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let expected: [String: [Sample]]
        do {
            let db = try makeDB(Self.options(snapshot: true), directory: tmp.path)
            expected = try Self.fill(db)
            try db.close()
        }
        #expect(Self.snapshots(tmp.path).count == 1)
        let logs = LogCapture()
        let db = try TSDB(directory: tmp.path, options: Self.options(snapshot: true), logger: logs.logger)
        #expect(try readAll(db) == expected)
        #expect(logs.messages.contains("head snapshot loaded"))
        // Nothing left in the WAL to replay: it was all in the snapshot.
        #expect(logs.lines.contains { $0.hasPrefix("WAL replay completed") && $0.contains("records=0") }, "\(logs.lines)")
        // Appends continue on top of the loaded chunks.
        let app = db.appender()
        try app.append(.unknown, Labels.metric("m", ["s": "1"]), t: 100_000, v: 1)
        try app.commit()
        #expect(try readAll(db)[Labels.metric("m", ["s": "1"]).description]?.count == 101)
        try db.close()
    }

    /// After a snapshot load, a crash: the next open loads the snapshot again plus the WAL written since.
    @Test func crashAfterSnapshotLoadReplaysTheWALTail() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        var expected: [String: [Sample]]
        do {
            let db = try makeDB(Self.options(snapshot: true), directory: tmp.path)
            expected = try Self.fill(db)
            try db.close()
        }
        do {
            let db = try makeDB(Self.options(snapshot: true), directory: tmp.path)
            let app = db.appender()
            try app.append(.unknown, Labels.metric("m", ["s": "1"]), t: 100_000, v: 42)
            try app.commit()
            expected = try readAll(db)
            // No close: as if killed (the lock goes with the instance).
        }
        let db = try makeDB(Self.options(snapshot: true), directory: tmp.path)
        #expect(try readAll(db) == expected)
        try db.close()
    }

    @Test func damagedSnapshotFallsBackToTheWholeWAL() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let expected: [String: [Sample]]
        do {
            let db = try makeDB(Self.options(snapshot: true), directory: tmp.path)
            expected = try Self.fill(db)
            try db.close()
        }
        let snap = "\(tmp.path)/\(try #require(Self.snapshots(tmp.path).first))/00000000"
        let h = try #require(FileHandle(forUpdatingAtPath: snap))
        try h.seek(toOffset: 100)
        try h.write(contentsOf: [0xFF, 0xFF, 0xFF])
        try h.close()
        let logs = LogCapture()
        let db = try TSDB(directory: tmp.path, options: Self.options(snapshot: true), logger: logs.logger)
        #expect(logs.messages.contains("head snapshot unusable; replaying the whole WAL instead"))
        #expect(try readAll(db) == expected)
        try db.close()
    }

    @Test func snapshotIsIgnoredAndRemovedWithoutTheFeature() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let expected: [String: [Sample]]
        do {
            let db = try makeDB(Self.options(snapshot: true), directory: tmp.path)
            expected = try Self.fill(db)
            try db.close()
        }
        let db = try makeDB(Self.options(snapshot: false), directory: tmp.path)
        #expect(try readAll(db) == expected)
        #expect(Self.snapshots(tmp.path).isEmpty)
        try db.close()
    }
}

/// Collects log records, for tests that check what the database says.
final class LogCapture: Sendable {
    private let records = Mutex<[(message: String, metadata: [String: String])]>([])

    var logger: Logger {
        Logger(label: "capture") { _ in Handler(capture: self) }
    }

    var messages: [String] { records.withLock { $0.map(\.message) } }

    /// "message k=v k=v", keys sorted.
    var lines: [String] {
        records.withLock { list in
            list.map { r in ([r.message] + r.metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }).joined(separator: " ") }
        }
    }

    struct Handler: LogHandler {
        let capture: LogCapture
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            var m: [String: String] = [:]
            for (k, v) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) { m[k] = "\(v)" }
            capture.records.withLock { $0.append(("\(event.message)", m)) }
        }
    }
}
