import Foundation
import Testing
import TestSupport

/// `kill -9` while the server ingests: every sample a query returned before the kill (so committed, hence in
/// the WAL) must be there after a restart on the same data directory.
@Suite(.serialized)
struct CrashRecoveryTests {
    @Test func acknowledgedSamplesSurviveSIGKILL() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let first = try await SelfScrapingServer.start(dir: dir)
        defer { first.server.stop() }
        let time = queryTimeAhead()
        _ = try #require(
            try await StoredSamples.waitForUp(first.server.baseURL, count: 20, time: time), "no scrapes:\n\(first.output)")
        // Everything the server scraped from itself, a few thousand samples over many series.
        let acknowledged = try await StoredSamples.read(first.server.baseURL, selector: #"{job="self"}"#, time: time)
        first.kill9()

        let second = try await first.restarted()
        defer { second.server.stop() }
        let after = try await StoredSamples.read(second.server.baseURL, selector: #"{job="self"}"#, time: time)
        let lost = acknowledged.subtracting(after)
        #expect(acknowledged.count > 100)
        #expect(lost.count == 0, "\(lost.count) of \(acknowledged.count) acknowledged samples lost, e.g. \(lost.prefix(5))")
        #expect(second.output.contains("WAL replay completed"))
    }

    /// A write torn by the crash: the newest segment ends in half a record. The server cuts the segment at the
    /// last whole record, says where, and keeps every acknowledged sample.
    @Test func tornWALTailIsRepairedAndLogged() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let first = try await SelfScrapingServer.start(dir: dir)
        defer { first.server.stop() }
        let time = queryTimeAhead()
        _ = try #require(try await StoredSamples.waitForUp(first.server.baseURL, count: 10, time: time))
        let acknowledged = try await StoredSamples.read(first.server.baseURL, selector: #"{job="self"}"#, time: time)
        first.kill9()

        let walDir = first.dataDirectory + "/wal"
        let segment = try #require(listFiles(walDir).filter { $0.allSatisfy(\.isNumber) }.last, "no WAL segment")
        let path = walDir + "/" + segment
        let size = fileSize(path)
        // The start of a full record of 200 bytes of which only 13 made it to disk.
        let h = try #require(FileHandle(forWritingAtPath: path))
        try h.seekToEnd()
        try h.write(contentsOf: [1, 0, 200, 0xDE, 0xAD, 0xBE, 0xEF] + [UInt8](repeating: 0x42, count: 13))
        try h.close()

        let second = try await first.restarted()
        defer { second.server.stop() }
        let after = try await StoredSamples.read(second.server.baseURL, selector: #"{job="self"}"#, time: time)
        let lost = acknowledged.subtracting(after)
        #expect(lost.count == 0, "\(lost.count) of \(acknowledged.count) acknowledged samples lost")
        let log = second.output
        let line = try #require(log.split(separator: "\n").first { $0.contains("WAL corruption") }, "\(log)")
        #expect(line.contains("segment=\(segment)"))
        #expect(line.contains("offset=\(size)"))
        #expect(fileSize(path) == size, "the segment is cut back to its last whole record")
    }
}
