import PromModel
import Storage
import Testing
@testable import TSDB

struct HeadAppenderTests {
    let a = Labels.metric("up", ["job": "a"])
    let b = Labels.metric("up", ["job": "b"])

    @Test func samplesBecomeVisibleAtCommit() throws {
        let db = try makeDB()
        let app = db.appender()
        let ref = try app.append(.unknown, a, t: 1000, v: 1)
        try app.append(ref, a, t: 2000, v: 2)
        #expect(try readAll(db).isEmpty)
        try app.commit()
        #expect(try readAll(db)["up{job=\"a\"}"] == [Sample(t: 1000, v: 1), Sample(t: 2000, v: 2)])
        #expect(db.stats.samplesAppended == 2)
        #expect(db.stats.numSeries == 1)
        #expect(db.stats.minTime == 1000 && db.stats.maxTime == 2000)
    }

    @Test func rollbackDiscardsTheBatch() throws {
        let db = try makeDB()
        let app = db.appender()
        try app.append(.unknown, a, t: 1000, v: 1)
        app.rollback()
        #expect(try readAll(db).isEmpty)
        #expect(db.stats.samplesAppended == 0)
        // The same timestamp is free again for a later batch.
        let app2 = db.appender()
        try app2.append(.unknown, a, t: 1000, v: 5)
        try app2.commit()
        #expect(try readAll(db)["up{job=\"a\"}"] == [Sample(t: 1000, v: 5)])
    }

    @Test func refusesOutOfOrderAndDuplicates() throws {
        let db = try makeDB()
        let app = db.appender()
        try app.append(.unknown, a, t: 2000, v: 1)
        try app.commit()

        let app2 = db.appender()
        #expect(throws: AppendError.outOfOrderSample) { try app2.append(.unknown, a, t: 1000, v: 1) }
        #expect(throws: AppendError.duplicateSampleForTimestamp) { try app2.append(.unknown, a, t: 2000, v: 9) }
        // Same timestamp, same value: accepted silently and stored once.
        try app2.append(.unknown, a, t: 2000, v: 1)
        // Within one batch too.
        try app2.append(.unknown, a, t: 3000, v: 3)
        #expect(throws: AppendError.outOfOrderSample) { try app2.append(.unknown, a, t: 2500, v: 1) }
        #expect(throws: AppendError.duplicateSampleForTimestamp) { try app2.append(.unknown, a, t: 3000, v: 4) }
        // The batch stays usable after refused samples.
        try app2.append(.unknown, b, t: 1000, v: 7)
        try app2.commit()
        let all = try readAll(db)
        #expect(all["up{job=\"a\"}"] == [Sample(t: 2000, v: 1), Sample(t: 3000, v: 3)])
        #expect(all["up{job=\"b\"}"] == [Sample(t: 1000, v: 7)])
        #expect(db.stats.outOfOrderSamples == 2)
    }

    @Test func staleMarkersAreStoredBitExact() throws {
        let db = try makeDB()
        let app = db.appender()
        try app.append(.unknown, a, t: 1000, v: 1)
        try app.append(.unknown, a, t: 2000, v: StaleNaN.value)
        try app.append(.unknown, a, t: 3000, v: .nan)
        // A stale marker after a stale marker at the same timestamp is an exact repeat.
        try app.append(.unknown, b, t: 1000, v: StaleNaN.value)
        try app.append(.unknown, b, t: 1000, v: StaleNaN.value)
        #expect(throws: AppendError.duplicateSampleForTimestamp) {
            try app.append(.unknown, b, t: 1000, v: .nan)
        }
        try app.commit()
        let got = try readAll(db)["up{job=\"a\"}"]!
        #expect(got.map(\.v.bitPattern) == [(1.0).bitPattern, StaleNaN.bits, Double.nan.bitPattern])
        #expect(try readAll(db)["up{job=\"b\"}"]!.map(\.v.bitPattern) == [StaleNaN.bits])
    }

    @Test func refusesSamplesOutOfBounds() throws {
        let db = try makeDB(TSDBOptions(blockDuration: 10_000))
        let app = db.appender()
        try app.append(.unknown, a, t: 100_000, v: 1)
        try app.commit()
        let app2 = db.appender()
        // Half a block range behind the newest sample is still accepted; older is not.
        try app2.append(.unknown, b, t: 95_000, v: 1)
        #expect(throws: AppendError.outOfBounds) { try app2.append(.unknown, b, t: 94_999, v: 1) }
        try app2.commit()
        #expect(db.stats.outOfBoundSamples == 1)
    }

    @Test(arguments: [
        Labels.empty,
        Labels(sortedUnchecked: [Label(name: "a", value: "1"), Label(name: "a", value: "2")]),
        Labels(sortedUnchecked: [Label(name: "b", value: "1"), Label(name: "a", value: "2")]),
        Labels(sortedUnchecked: [Label(name: "a", value: "")]),
    ])
    func refusesInvalidLabels(_ labels: Labels) throws {
        let db = try makeDB()
        let app = db.appender()
        #expect(throws: AppendError.self) { try app.append(.unknown, labels, t: 1, v: 1) }
        try app.commit()
        #expect(db.stats.numSeries == 0)
    }

    @Test func refsAreStableAcrossBatches() throws {
        let db = try makeDB()
        let app = db.appender()
        let r1 = try app.append(.unknown, a, t: 1, v: 1)
        let r2 = try app.append(.unknown, b, t: 1, v: 1)
        try app.commit()
        #expect(r1 != r2 && r1 != .unknown)
        let app2 = db.appender()
        #expect(try app2.append(.unknown, a, t: 2, v: 1) == r1)
        #expect(try app2.append(r2, b, t: 2, v: 1) == r2)
        try app2.commit()
        #expect(db.stats.numSeries == 2)
    }

    @Test func chunksAreCutAt120SamplesAndAtBlockBoundaries() throws {
        let db = try makeDB(TSDBOptions(blockDuration: 1_000_000))
        let app = db.appender()
        // 300 samples every 1s from t=0: cuts at 120, 240; then the block boundary at 1_000_000.
        for i in 0..<300 { try app.append(.unknown, a, t: Int64(i) * 1000, v: Double(i)) }
        try app.append(.unknown, a, t: 999_999, v: 1)
        try app.append(.unknown, a, t: 1_000_000, v: 2)
        try app.commit()
        #expect(db.stats.chunks == 4)
        let s = db.head.series.get(hash: a.stableHash, labels: a)!
        let views = s.state.withLock { $0.chunks(mint: Int64.min, maxt: Int64.max) }
        #expect(views.map(\.minT) == [0, 120_000, 240_000, 1_000_000])
        #expect(views.map(\.maxT) == [119_000, 239_000, 999_999, 1_000_000])
        #expect(try readAll(db)["up{job=\"a\"}"]!.count == 302)
    }

    @Test func concurrentAppendsFromSeveralTasks() async throws {
        let db = try makeDB()
        let tasks = 8
        let batches = 50
        let seriesPerTask = 20
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<tasks {
                group.addTask {
                    var refs = [SeriesRef](repeating: .unknown, count: seriesPerTask)
                    for batch in 0..<batches {
                        let app = db.appender()
                        for s in 0..<seriesPerTask {
                            // Half the series are shared between all tasks, to contend on the same locks.
                            let owner = s % 2 == 0 ? "shared" : "task\(task)"
                            let labels = Labels.metric("m", ["owner": owner, "s": "\(s)"])
                            refs[s] = (try? app.append(refs[s], labels, t: Int64(batch) * 1000 + Int64(task), v: 1))
                                ?? refs[s]
                        }
                        try? app.commit()
                    }
                }
            }
        }
        let all = try readAll(db)
        #expect(all.count == 10 + tasks * 10)
        for (name, samples) in all where !name.contains("shared") {
            #expect(samples.count == batches, "\(name)")
        }
        for (_, samples) in all {
            #expect(zip(samples, samples.dropFirst()).allSatisfy { $0.t < $1.t })
        }
        #expect(db.stats.numSeries == 10 + tasks * 10)
        let total = all.values.reduce(0) { $0 + $1.count }
        #expect(db.stats.samplesAppended == total)
    }
}
