import Foundation
import Logging
import PromModel
import Storage
import Testing
import TestSupport
@testable import TSDB

/// Native histograms through the whole database: appends, queries, WAL replay, checkpoints, head snapshots,
/// blocks and compaction, deletion.
struct HistogramStorageTests {
    static let options = TSDBOptions(blockDuration: 10_000, samplesPerChunk: 8, retentionDuration: 0,
                                     walSegmentSize: 2 * 32 * 1024)

    /// Sample `i` of histogram series `s`: counters that grow, gain a bucket at i = 13 and reset at i = 29.
    static func histogram(_ s: Int, _ i: Int) -> FloatHistogram {
        let n = Double(i % 29) + Double(s)
        var positive = [1 + n, 2 * n, 3 + n]
        if i % 29 >= 13 { positive.append(n) }
        let zero = n / 2
        return FloatHistogram(
            schema: Int32(s % 3), zeroThreshold: 0x1p-128, zeroCount: zero,
            count: zero + positive.reduce(0, +), sum: 1.25 * n, positiveOffset: Int32(s) - 1, positive: positive)
    }

    /// Appends one sample per second for `seconds` seconds: 3 histogram series and 2 float series, and
    /// `mixed` that turns from floats to histograms at 20 s. Returns what a full read must give.
    @discardableResult
    static func fill(_ db: TSDB, seconds: Int = 45) throws -> Expected {
        var want = Expected()
        for i in 0..<seconds {
            let t = Int64(i) * 1000
            let app = db.appender()
            for s in 0..<3 {
                let l = Labels.metric("latency", ["s": "\(s)"])
                try app.appendHistogram(.unknown, l, t: t, h: histogram(s, i))
                want.histograms[l.description, default: []].append(HistogramSample(t: t, h: histogram(s, i)))
            }
            for s in 0..<2 {
                let l = Labels.metric("up", ["s": "\(s)"])
                try app.append(.unknown, l, t: t, v: Double(i * s))
                want.floats[l.description, default: []].append(Sample(t: t, v: Double(i * s)))
            }
            let m = Labels.metric("mixed")
            if i < 20 {
                try app.append(.unknown, m, t: t, v: Double(i))
                want.floats[m.description, default: []].append(Sample(t: t, v: Double(i)))
            } else {
                try app.appendHistogram(.unknown, m, t: t, h: histogram(4, i))
                want.histograms[m.description, default: []].append(HistogramSample(t: t, h: histogram(4, i)))
            }
            // `reverse` turns from histograms to floats at 20 s; `flip` has histograms, then floats from 15 s, then
            // histograms again from 25 s (replay and checkpoints must keep each series' order).
            let r = Labels.metric("reverse")
            if i < 20 {
                try app.appendHistogram(.unknown, r, t: t, h: histogram(5, i))
                want.histograms[r.description, default: []].append(HistogramSample(t: t, h: histogram(5, i)))
            } else {
                try app.append(.unknown, r, t: t, v: Double(i))
                want.floats[r.description, default: []].append(Sample(t: t, v: Double(i)))
            }
            let f = Labels.metric("flip")
            if i < 15 || i >= 25 {
                try app.appendHistogram(.unknown, f, t: t, h: histogram(6, i))
                want.histograms[f.description, default: []].append(HistogramSample(t: t, h: histogram(6, i)))
            } else {
                try app.append(.unknown, f, t: t, v: -Double(i))
                want.floats[f.description, default: []].append(Sample(t: t, v: -Double(i)))
            }
            try app.commit()
        }
        return want
    }

    struct Expected: Equatable {
        var floats: [String: [Sample]] = [:]
        var histograms: [String: [HistogramSample]] = [:]
    }

    static func read(_ q: some Queryable, mint: Int64 = Int64.min, maxt: Int64 = Int64.max) throws -> Expected {
        var out = Expected()
        let querier = try q.querier(mint: mint, maxt: maxt)
        for s in try querier.select(sorted: true, hints: nil, matchers: [try Matcher(.regexMatch, "__name__", ".+")]) {
            var it = s.makeIterator()
            loop: while true {
                switch it.next() {
                case .float: out.floats[s.labels.description, default: []].append(it.at())
                case .floatHistogram, .histogram:
                    out.histograms[s.labels.description, default: []].append(it.atFloatHistogram()!)
                case .none: break loop
                }
            }
        }
        return out
    }

    /// Equal floats, and histograms equal sample by sample (same time, same distribution bit for bit).
    static func same(_ a: Expected, _ b: Expected, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a.floats == b.floats, sourceLocation: sourceLocation)
        #expect(a.histograms.keys.sorted() == b.histograms.keys.sorted(), sourceLocation: sourceLocation)
        for (k, list) in a.histograms {
            let other = b.histograms[k] ?? []
            #expect(list.count == other.count, "\(k): \(list.count) vs \(other.count)", sourceLocation: sourceLocation)
            for (x, y) in zip(list, other) where x.t != y.t || !x.h.sameSample(as: y.h) {
                Issue.record("\(k) at \(x.t)/\(y.t): \(x.h) != \(y.h)", sourceLocation: sourceLocation)
                break
            }
        }
    }

    @Test func histogramsAreQueriedBackAndSurviveAWALReplay() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        var opts = Self.options
        opts.blockDuration = 3_600_000  // all in the head
        let want: Expected
        do {
            let db = try makeDB(opts, directory: tmp.path)
            want = try Self.fill(db)
            Self.same(try Self.read(db), want)
            // Chunks were cut: by the sample count (8), the new bucket and the reset.
            #expect(db.stats.numSeries == 8)
            try db.close()
        }
        let db = try makeDB(opts, directory: tmp.path)
        Self.same(try Self.read(db), want)
        // A sub-range reads only what lies in it.
        let part = try Self.read(db, mint: 10_000, maxt: 14_000)
        #expect(part.histograms[Labels.metric("latency", ["s": "1"]).description]?.map(\.t) == [10_000, 11_000, 12_000, 13_000, 14_000])
        try db.close()
    }

    @Test func countersResetsAndRepeatsFollowPrometheus() throws {
        let db = try makeDB()
        let l = Labels.metric("h")
        let app = db.appender()
        try app.appendHistogram(.unknown, l, t: 1000, h: Self.histogram(0, 5))
        try app.commit()
        let again = db.appender()
        // The same histogram at the same time: accepted silently; another one: a duplicate.
        try again.appendHistogram(.unknown, l, t: 1000, h: Self.histogram(0, 5))
        #expect(throws: AppendError.duplicateSampleForTimestamp) {
            try again.appendHistogram(.unknown, l, t: 1000, h: Self.histogram(0, 6))
        }
        #expect(throws: AppendError.outOfOrderSample) { try again.appendHistogram(.unknown, l, t: 500, h: Self.histogram(0, 6)) }
        #expect(throws: AppendError.self) {
            try again.appendHistogram(.unknown, l, t: 2000, h: FloatHistogram(schema: 9, count: 1))
        }
        #expect(throws: AppendError.self) {
            try again.appendHistogram(.unknown, l, t: 2000, h: FloatHistogram(schema: 0, count: 1, positive: [-1]))
        }
        // After a reset, the first sample of the new chunk reads as unknown so the engine compares itself.
        try again.appendHistogram(.unknown, l, t: 2000, h: Self.histogram(0, 1))
        try again.commit()
        let read = try Self.read(db)
        #expect(read.histograms[l.description]?.count == 2)
        #expect(read.histograms[l.description]?.last?.h.counterResetHint == .unknown)
        // A stale marker reads back as one.
        let stale = db.appender()
        try stale.appendHistogram(.unknown, l, t: 3000, h: FloatHistogram(sum: Double(bitPattern: StaleNaN.bits)))
        try stale.commit()
        #expect(try Self.read(db).histograms[l.description]?.last?.h.sum.bitPattern == StaleNaN.bits)
    }

    @Test func blocksAndCompactionKeepHistograms() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let want: Expected
        do {
            let db = try makeDB(Self.options, directory: tmp.path)
            want = try Self.fill(db, seconds: 65)
            try db.compact()
            #expect(db.blockCount >= 2)
            Self.same(try Self.read(db), want)
            try db.close()
        }
        let db = try makeDB(Self.options, directory: tmp.path)
        Self.same(try Self.read(db), want)
        // The blocks' chunk files carry encoding 3 for histogram chunks.
        let blocks = try FileManager.default.contentsOfDirectory(atPath: tmp.path).filter { $0.count == 26 }
        var encodings = Set<UInt8>()
        for b in blocks {
            let block = try Block(directory: "\(tmp.path)/\(b)")
            for ref in block.index.postings(for: []) {
                for c in block.index.series(ref)?.chunks ?? [] {
                    if let chunk = block.chunk(c.ref) { encodings.insert(chunk.encoding.rawValue) }
                }
            }
        }
        #expect(encodings == [1, 3])
        try db.close()
    }

    /// A histogram series that stops before a block's end leaves the head with it; compaction terminates (it
    /// looped when the idle open histogram chunk kept the head's minimum time in the persisted range).
    @Test func idleHistogramSeriesLeaveTheHeadAtCompaction() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let db = try makeDB(Self.options, directory: tmp.path)
        var want = Expected()
        for i in 0..<40 {
            let t = Int64(i) * 1000
            let app = db.appender()
            if i < 5 {
                let l = Labels.metric("short")
                try app.appendHistogram(.unknown, l, t: t, h: Self.histogram(0, i))
                want.histograms[l.description, default: []].append(HistogramSample(t: t, h: Self.histogram(0, i)))
            }
            try app.append(.unknown, Labels.metric("up"), t: t, v: 1)
            want.floats[Labels.metric("up").description, default: []].append(Sample(t: t, v: 1))
            try app.commit()
        }
        try db.compact()
        #expect(db.stats.numSeries == 1, "the idle histogram series left the head")
        #expect(db.blockCount >= 1)
        Self.same(try Self.read(db), want)
        try db.close()
    }

    /// Late floats of a series with histogram chunks are merged between its histograms.
    @Test func lateFloatsMergeAroundHistograms() throws {
        let db = try makeDB()
        db.outOfOrderTimeWindow = 60_000
        let l = Labels.metric("m")
        let app = db.appender()
        try app.appendHistogram(.unknown, l, t: 10_000, h: Self.histogram(0, 1))
        try app.appendHistogram(.unknown, l, t: 30_000, h: Self.histogram(0, 2))
        try app.commit()
        let late = db.appender()
        try late.append(.unknown, l, t: 5_000, v: 1)
        try late.append(.unknown, l, t: 20_000, v: 2)
        try late.commit()
        let read = try Self.read(db)
        #expect(read.floats[l.description] == [Sample(t: 5_000, v: 1), Sample(t: 20_000, v: 2)])
        #expect(read.histograms[l.description]?.map(\.t) == [10_000, 30_000])
        // A float stale marker for a histogram series is stored as a histogram stale marker.
        let stale = db.appender()
        try stale.append(.unknown, l, t: 40_000, v: StaleNaN.value)
        try stale.commit()
        let after = try Self.read(db)
        #expect(after.histograms[l.description]?.last?.t == 40_000)
        #expect(after.histograms[l.description]?.last?.h.sum.bitPattern == StaleNaN.bits)
    }

    @Test func headSnapshotKeepsHistogramChunks() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        var opts = Self.options
        opts.blockDuration = 3_600_000
        opts.memorySnapshotOnShutdown = true
        let want: Expected
        do {
            let db = try makeDB(opts, directory: tmp.path)
            want = try Self.fill(db)
            try db.close()
        }
        let logs = LogCapture()
        let db = try TSDB(directory: tmp.path, options: opts, logger: logs.logger)
        #expect(logs.messages.contains("head snapshot loaded"))
        Self.same(try Self.read(db), want)
        // The open histogram chunk continues after the load.
        let app = db.appender()
        try app.appendHistogram(.unknown, Labels.metric("latency", ["s": "0"]), t: 45_000, h: Self.histogram(0, 45))
        try app.commit()
        #expect(try Self.read(db).histograms[Labels.metric("latency", ["s": "0"]).description]?.count == 46)
        try db.close()
    }

    @Test func deletingARangeRemovesHistogramSamples() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        var opts = Self.options
        opts.blockDuration = 3_600_000
        let db = try makeDB(opts, directory: tmp.path)
        var want = try Self.fill(db, seconds: 30)
        try db.deleteSeries(matchers: [try Matcher(.equal, "__name__", "latency")], mint: 5_000, maxt: 9_000)
        for k in want.histograms.keys where k.contains("latency") {
            want.histograms[k]!.removeAll { $0.t >= 5_000 && $0.t <= 9_000 }
        }
        Self.same(try Self.read(db), want)
        try db.close()
        let again = try makeDB(opts, directory: tmp.path)
        Self.same(try Self.read(again), want)
        try again.close()
    }
}
