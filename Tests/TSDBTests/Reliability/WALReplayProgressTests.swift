import Foundation
import Logging
import PromModel
import Storage
import Testing
import TestSupport
@testable import TSDB

/// `/api/v1/status/walreplay`'s source and the progress log lines during replay.
struct WALReplayProgressTests {
    @Test func progressCoversEverySegmentAndIsLogged() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        var options = TSDBOptions(walSegmentSize: 32 * 1024)
        do {
            let db = try makeDB(options, directory: tmp.path)
            try TSDBWALTests.fill(db, batches: 0..<3000)
            try db.close()
        }
        let segments = try WALSegments.list(tmp.path + "/wal")
        try #require(segments.count > 3, "\(segments)")
        let progress = WALReplayProgress()
        #expect(progress.state == (0, 0, 0))
        options.walReplayProgress = progress
        options.walReplayLogInterval = .zero
        let logs = LogCapture()
        let db = try TSDB(directory: tmp.path, options: options, logger: logs.logger)
        defer { try? db.close() }
        #expect(progress.state == (segments.first!, segments.last!, segments.last!))
        let lines = logs.lines.filter { $0.hasPrefix("WAL replay in progress") }
        // With no interval, a line per segment at least, naming it and the last one.
        #expect(lines.count >= segments.count, "\(logs.lines)")
        #expect(lines.contains { $0.contains("segment=\(segments.last!)") && $0.contains("max_segment=\(segments.last!)") })
    }
}
