import Foundation
import Testing
import TestSupport

/// Damaged WAL segments and head chunk files at server level.
@Suite(.serialized)
struct WALCorruptionTests {
    enum Damage: String, CaseIterable, Sendable {
        case truncateMidRecord, flipByteMidSegment
    }

    /// The segment is cut at the first bad record and later segments are dropped; the log names segment and
    /// offset; every sample before the damage is still there, and ingestion carries on.
    @Test(arguments: Damage.allCases)
    func damagedSegmentIsCutAtTheDamage(_ damage: Damage) async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let first = try await SelfScrapingServer.start(dir: dir)
        let time = queryTimeAhead()
        _ = try #require(try await StoredSamples.waitForUp(first.server.baseURL, count: 15, time: time))
        first.server.stop()
        let walDir = first.dataDirectory + "/wal"
        let segments = listFiles(walDir).filter { $0.allSatisfy(\.isNumber) }
        let segment = try #require(segments.first)
        let path = "\(walDir)/\(segment)"
        let size = fileSize(path)
        try #require(size > 2000, "segment \(segment) has only \(size) bytes")
        let at = size / 2
        switch damage {
        case .truncateMidRecord: try truncateFile(path, to: at)
        case .flipByteMidSegment: try flipByte(path, at: at)
        }

        let second = try await first.restarted()
        defer { second.server.stop() }
        let line = try #require(
            second.output.split(separator: "\n").first { $0.contains("WAL corruption") }, "\(second.output)")
        #expect(line.contains("segment=\(segment)"))
        let offset = try #require(Int(line.split(separator: " ").first { $0.hasPrefix("offset=") }?.dropFirst(7) ?? ""))
        #expect(offset <= at && offset > 0, "\(line)")
        // What was before the damage is served: the oldest samples of up.
        let up = try await StoredSamples.read(second.server.baseURL, selector: #"up{job="self"}"#, time: time)
        #expect(!up.isEmpty)
        // And the server ingests again.
        let more = try await StoredSamples.waitForUp(second.server.baseURL, count: up.count + 3, time: time)
        #expect(more != nil, "ingestion did not resume:\n\(second.output)")
        let metrics = try await TestHTTP.get("\(second.server.baseURL)/metrics")
        #expect(metrics.body.contains("prometheus_tsdb_wal_corruptions_total 1"))
    }

    /// Head chunk files are rebuilt from the WAL at start: damaging them loses nothing.
    @Test func damagedHeadChunkFilesLoseNothing() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let first = try await SelfScrapingServer.start(dir: dir)
        defer { first.server.stop() }
        let chunksDir = first.dataDirectory + "/chunks_head"
        // 120 samples per chunk at 10 scrapes a second: the first chunks are cut, and a file started, after
        // about 12 s (their bytes are buffered until 64 KiB).
        let files = try await TestHTTP.eventually(timeout: .seconds(60)) {
            let f = listFiles(chunksDir).filter { fileSize("\(chunksDir)/\($0)") >= 8 }
            return f.isEmpty ? nil : f
        }
        let file = try #require(files?.first, "no head chunk file written:\n\(first.output)")
        let time = queryTimeAhead()
        let acknowledged = try await StoredSamples.read(first.server.baseURL, selector: #"{job="self"}"#, time: time)
        first.kill9()
        let path = "\(chunksDir)/\(file)"
        // A bad magic and a torn chunk after it.
        try flipByte(path, at: 0)
        let h = try #require(FileHandle(forWritingAtPath: path))
        try h.seekToEnd()
        try h.write(contentsOf: [0, 0, 0, 0, 0, 0, 0, 9, 1, 2, 3])
        try h.close()

        let second = try await first.restarted()
        defer { second.server.stop() }
        let after = try await StoredSamples.read(second.server.baseURL, selector: #"{job="self"}"#, time: time)
        let lost = acknowledged.subtracting(after)
        #expect(lost.count == 0, "\(lost.count) of \(acknowledged.count) samples lost")
    }
}
