import Foundation
import PromModel
import Storage
import Testing
import TestSupport
@testable import TSDB

/// Reads Sextant's data directory with Prometheus's own `promtool` (a real peer): blocks, index, chunk files,
/// WAL segments and checkpoints must all be readable by it.
struct PromtoolCompatibilityTests {
    static let promtool = "/usr/bin/promtool"

    static func run(_ args: [String]) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: promtool)
        p.arguments = args
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: promtool)))
    func promtoolDumpsEverySample() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let db = try makeDB(CompactionTests.options, directory: tmp.path)
        var expected = try CompactionTests.fill(db, seconds: 60)
        try db.compact()
        // A deletion across blocks and head: rewritten blocks and WAL tombstones must read back in promtool too.
        try db.deleteSeries(matchers: [.equal("s", "4")], mint: 12_000, maxt: 55_000)
        let victim = "m{parity=\"even\", s=\"4\"}"
        expected[victim] = expected[victim]!.filter { $0.t < 12_000 || $0.t > 55_000 }
        try db.close()
        #expect(db.blockCount == 3)

        let r = try Self.run(["tsdb", "dump", "--min-time=-1", "--max-time=1000000", tmp.path])
        #expect(r.status == 0, "\(r.err)")
        // Lines look like: {__name__="m", parity="odd", s="1"} 101 1000
        var got: [String: Int] = [:]
        for line in r.out.split(separator: "\n") where line.hasPrefix("{") {
            let labels = line[..<line.lastIndex(of: "}")!]
            got[String(labels), default: 0] += 1
        }
        let total = expected.values.reduce(0) { $0 + $1.count }
        #expect(got.values.reduce(0, +) == total)
        #expect(got.count == 20)

        let a = try Self.run(["tsdb", "analyze", tmp.path])
        #expect(a.status == 0, "\(a.err)")
        // analyze reports the most recently written block, one of ours: a rewritten one lacks series 4 where all its
        // samples were deleted, and the later ones lack series 0 (it stopped after 5 s).
        let ulids = Set(db.blockInfos.map(\.ulid))
        let reported = a.out.split(separator: "\n").first { $0.hasPrefix("Block ID: ") }?.dropFirst("Block ID: ".count)
        #expect(reported.map { ulids.contains(String($0)) } == true, "\(a.out)")
        let series = a.out.split(separator: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .first { $0.hasPrefix("Series: ") }
            .flatMap { Int($0.dropFirst("Series: ".count)) }
        #expect(series.map { (18...20).contains($0) } == true, "\(a.out)")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: promtool)))
    func readsBlocksWrittenByPromtool() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        var om = "# TYPE m gauge\n"
        for i in 0..<300 {
            om += "m{job=\"a\"} \(i) \(1000 + i * 15)\n"
            om += "m{job=\"b\",zone=\"x\"} \(Double(i) / 4) \(1000 + i * 15)\n"
        }
        om += "# EOF\n"
        try om.write(toFile: tmp.file("in.om"), atomically: true, encoding: .utf8)
        let data = tmp.file("data")
        let r = try Self.run(["tsdb", "create-blocks-from", "openmetrics", tmp.file("in.om"), data])
        #expect(r.status == 0, "\(r.err)")
        let db = try makeDB(TSDBOptions(), directory: data)
        #expect(db.blockCount >= 1)
        let all = try readAll(db)
        #expect(all.keys.sorted() == ["m{job=\"a\"}", "m{job=\"b\", zone=\"x\"}"])
        #expect(all["m{job=\"a\"}"]!.map(\.v) == (0..<300).map(Double.init))
        let wantT: [Int64] = (0..<300).map { (i: Int) -> Int64 in Int64(1000 + i * 15) * 1000 }
        let gotT: [Int64] = all["m{job=\"b\", zone=\"x\"}"]!.map(\.t)
        #expect(gotT == wantT)
        let q = try db.querier(mint: 0, maxt: Int64.max)
        #expect(try q.labelValues("zone", matchers: []) == ["x"])
        #expect(try q.select(sorted: true, hints: nil, matchers: [try Matcher(.regexMatch, "job", "b|c")]).count == 1)
    }
}
