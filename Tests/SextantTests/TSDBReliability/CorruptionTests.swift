import Foundation
import Testing
import TestSupport

/// Damaged files in a data directory: the server must start, say what it dropped and where, and keep serving
/// everything else.
@Suite(.serialized)
struct CorruptionTests {
    static let hour: Int64 = 3_600_000
    /// Three blocks, each in its own 18h window so that no compaction merges them during a test.
    static let window: Int64 = 18 * hour

    /// Imports `imported{block="i"}` with 10 samples into three blocks; returns the data dir and block ULIDs
    /// ordered by time.
    func importBlocks(_ dir: TemporaryDirectory) throws -> (data: String, ulids: [String]) {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let base = now / Self.window * Self.window - 3 * Self.window
        var text = "# TYPE imported gauge\n"
        for b in 0..<3 {
            for i in 0..<10 {
                let t = base + Int64(b) * Self.window + Self.hour + Int64(i) * 15_000
                text += "imported{block=\"\(b)\"} \(b * 100 + i) \(Double(t) / 1000)\n"
            }
        }
        text += "# EOF\n"
        let input = dir.file("import.om")
        try text.write(toFile: input, atomically: true, encoding: .utf8)
        let data = dir.file("data")
        let r = try SextantCLI.run(["tsdb", "import", "openmetrics", input, data])
        #expect(r.status == 0, "\(r.stderr)")
        let ulids = listFiles(data).filter { $0.count == 26 && !$0.contains("/") }
        try #require(ulids.count == 3, "\(ulids)")
        // ULIDs sort by creation time, and the import writes windows oldest first.
        return (data, ulids.sorted())
    }

    func importedCounts(_ baseURL: String) async throws -> [String: Int] {
        let s = try await StoredSamples.read(baseURL, selector: "imported", range: "5d", time: queryTimeAhead())
        var out: [String: Int] = [:]
        for x in s { out[x.series, default: 0] += 1 }
        return out
    }

    struct BlockDamage: CustomTestStringConvertible, Sendable {
        var name: String
        /// File inside the block directory.
        var file: String
        var damage: @Sendable (String) throws -> Void
        /// Text the log line must carry as the reason.
        var reason: String
        var testDescription: String { name }
    }

    static let blockDamages: [BlockDamage] = [
        BlockDamage(name: "meta.json deleted", file: "meta.json", damage: { try FileManager.default.removeItem(atPath: $0) },
                    reason: "meta.json"),
        BlockDamage(name: "meta.json byte flipped", file: "meta.json", damage: { try flipByte($0, at: 5) },
                    reason: "meta.json"),
        BlockDamage(name: "index truncated", file: "index", damage: { try truncateFile($0, to: fileSize($0) / 2) },
                    reason: "index"),
        BlockDamage(name: "index series entry flipped", file: "index", damage: { path in
            // The TOC's second offset is the series section; its first entry starts at the next multiple of 16
            // (zero padding before). Flip a byte inside that entry.
            let bytes = try #require(FileManager.default.contents(atPath: path))
            let toc = bytes.count - 52
            let seriesOffset = bytes[(toc + 8)..<(toc + 16)].reduce(0) { $0 << 8 | Int($1) }
            try flipByte(path, at: (seriesOffset + 15) / 16 * 16 + 3)
        }, reason: "series entry"),
        BlockDamage(name: "index deleted", file: "index", damage: { try FileManager.default.removeItem(atPath: $0) },
                    reason: "index"),
        BlockDamage(name: "chunk file truncated", file: "chunks/000001",
                    damage: { try truncateFile($0, to: fileSize($0) - 10) }, reason: "cut short"),
        BlockDamage(name: "chunk file deleted", file: "chunks/000001",
                    damage: { try FileManager.default.removeItem(atPath: $0) }, reason: "missing"),
    ]

    /// Each kind of damage to the middle block: it is moved aside with its ULID and the reason in the log; the
    /// other blocks and live ingestion are untouched.
    @Test(arguments: blockDamages)
    func damagedBlockIsMovedAside(_ c: BlockDamage) async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let (data, ulids) = try importBlocks(dir)
        try c.damage("\(data)/\(ulids[1])/\(c.file)")

        let s = try await SelfScrapingServer.start(dir: dir, dataDirectory: data)
        defer { s.server.stop() }
        let counts = try await importedCounts(s.server.baseURL)
        #expect(counts == [#"__name__=imported,block=0"#: 10, #"__name__=imported,block=2"#: 10], "\(s.output)")
        let line = s.output.split(separator: "\n").first { $0.contains("corrupt block moved aside") }
        let logged = try #require(line, "no log line about the block:\n\(s.output)")
        #expect(logged.contains("ulid=\(ulids[1])"))
        #expect(logged.contains(c.reason), "\(logged)")
        #expect(FileManager.default.fileExists(atPath: "\(data)/\(ulids[1]).corrupted"))
        #expect(!FileManager.default.fileExists(atPath: "\(data)/\(ulids[1])"))
        _ = try #require(try await StoredSamples.waitForUp(s.server.baseURL, count: 3, time: queryTimeAhead()))
        // Started again, the set-aside block is not looked at any more.
        s.server.stop()
        let again = try await s.restarted()
        defer { again.server.stop() }
        #expect(!again.output.contains("corrupt block"))
    }

    /// A flipped byte inside chunk data is only seen when a query reads it: that chunk is skipped and the block
    /// named in the log; every other sample is returned.
    @Test func flippedChunkByteIsSkippedAtQueryTime() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let (data, ulids) = try importBlocks(dir)
        try flipByte("\(data)/\(ulids[1])/chunks/000001", at: 12)

        let s = try await SelfScrapingServer.start(dir: dir, dataDirectory: data)
        defer { s.server.stop() }
        let counts = try await importedCounts(s.server.baseURL)
        #expect(counts == [#"__name__=imported,block=0"#: 10, #"__name__=imported,block=2"#: 10])
        let line = try #require(
            s.output.split(separator: "\n").first { $0.contains("corrupt block data skipped") }, "\(s.output)")
        #expect(line.contains("ulid=\(ulids[1])"))
        #expect(line.contains("imported"))
        let metrics = try await TestHTTP.get("\(s.server.baseURL)/metrics")
        #expect(metrics.body.contains("sextant_tsdb_block_corruptions_total 1"))
    }
}
