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

struct IsolationTests {
    /// A commit being applied (its sequence not yet published) is invisible to queriers, on every series it
    /// touches, and becomes visible as a whole.
    @Test func inFlightCommitIsInvisibleUntilPublished() throws {
        let db = try makeDB()
        let a = Labels.metric("a"), b = Labels.metric("b")
        let app = db.appender()
        try app.append(.unknown, a, t: 1, v: 1)
        try app.append(.unknown, b, t: 1, v: 1)
        try app.commit()
        let head = db.head
        let seq = head.visibleSeq.load(ordering: .relaxed) + 1
        // Half-applied commit: two samples on `a`, one on `b`, another commit's sequence not yet published.
        let sa = head.series.get(hash: a.stableHash, labels: a)!
        let sb = head.series.get(hash: b.stableHash, labels: b)!
        _ = head.append(sa, t: 2, valueBits: (2.0).bitPattern, seq: seq)
        _ = head.append(sa, t: 3, valueBits: (3.0).bitPattern, seq: seq)
        _ = head.append(sb, t: 2, valueBits: (2.0).bitPattern, seq: seq)
        var all = try readAll(db)
        #expect(all["a"]?.map(\.t) == [1])
        #expect(all["b"]?.map(\.t) == [1])
        head.visibleSeq.store(seq, ordering: .releasing)
        all = try readAll(db)
        #expect(all["a"]?.map(\.t) == [1, 2, 3])
        #expect(all["b"]?.map(\.t) == [1, 2])
    }

    @Test func recentCommitsTable() {
        var r = RecentCommits()
        #expect(r.visibleMaxT(0) == Int64.max)
        for (seq, t) in [(UInt64(3), Int64(30)), (4, 40), (5, 50), (6, 60), (7, 70)] { r.record(seq: seq, firstT: t) }
        #expect(r.lastSeq == 7)
        #expect(r.visibleMaxT(7) == Int64.max)
        #expect(r.visibleMaxT(6) == 69)
        #expect(r.visibleMaxT(4) == 49)
        // Seq 3 fell out of the four kept: the oldest kept commit bounds what is hidden.
        #expect(r.visibleMaxT(2) == 39)
    }
}
