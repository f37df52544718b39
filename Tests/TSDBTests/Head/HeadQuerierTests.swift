import PromModel
import Storage
import Testing
@testable import TSDB

struct HeadQuerierTests {
    let m = Labels.metric("m")

    /// One series with samples every 10ms from 0 to 9990, spread over many chunks.
    func filled() throws -> TSDB {
        let db = try makeDB(TSDBOptions(blockDuration: 2000, samplesPerChunk: 30))
        let app = db.appender()
        for i in 0..<1000 { try app.append(.unknown, m, t: Int64(i) * 10, v: Double(i)) }
        try app.commit()
        return db
    }

    @Test func restrictsSamplesToTheQueriedRange() throws {
        let db = try filled()
        let got = try readAll(db, mint: 1005, maxt: 1100)["m"]!
        #expect(got.map(\.t) == Array(stride(from: 1010, through: 1100, by: 10)))
        #expect(try readAll(db, mint: 20_000, maxt: 30_000).isEmpty)
        #expect(try readAll(db, mint: 9990, maxt: 9990)["m"]!.map(\.t) == [9990])
    }

    struct SeekCase: Sendable, CustomStringConvertible {
        var steps: [(seek: Int64?, expect: Int64?)]  // seek nil means next()
        var description: String { steps.map { "\($0.seek.map { "seek \($0)" } ?? "next")" }.joined(separator: ",") }
    }

    static let seekCases: [SeekCase] = [
        SeekCase(steps: [(nil, 0), (nil, 10), (45, 50), (45, 50), (nil, 60)]),
        SeekCase(steps: [(5000, 5000), (4000, 5000), (5001, 5010), (nil, 5020)]),
        SeekCase(steps: [(9990, 9990), (nil, nil), (nil, nil), (0, nil)]),
        SeekCase(steps: [(-100, 0), (9991, nil)]),
        // Crossing chunk boundaries (30 samples per chunk = 300ms) and block boundaries (2000ms).
        SeekCase(steps: [(295, 300), (nil, 310), (1999, 2000), (nil, 2010)]),
    ]

    @Test(arguments: seekCases)
    func iteratorSeekAndNext(_ c: SeekCase) throws {
        let db = try filled()
        let s = try db.querier(mint: Int64.min, maxt: Int64.max).select(sorted: false, hints: nil, matchers: [
            .equal("__name__", "m")
        ])
        try #require(s.count == 1)
        var it = s[0].makeIterator()
        for (i, step) in c.steps.enumerated() {
            let kind = step.seek.map { it.seek($0) } ?? it.next()
            if let want = step.expect {
                #expect(kind == .float && it.atT == want, "step \(i)")
                #expect(kind != .float || it.at().v == Double(want / 10), "step \(i)")
            } else {
                #expect(kind == .none, "step \(i)")
            }
        }
    }

    @Test func seriesSnapshotIgnoresLaterCommits() throws {
        let db = try makeDB()
        let app = db.appender()
        try app.append(.unknown, m, t: 1, v: 1)
        try app.commit()
        let q = try db.querier(mint: 0, maxt: 100)
        let series = try q.select(sorted: false, hints: nil, matchers: [.equal("__name__", "m")])
        let app2 = db.appender()
        try app2.append(.unknown, m, t: 2, v: 2)
        try app2.commit()
        var it = series[0].makeIterator()
        var n = 0
        while it.next() == .float { n += 1 }
        #expect(n == 1)
        #expect(try readAll(db)["m"]!.count == 2)
    }
}
