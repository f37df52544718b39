import PromModel
import Testing
@testable import TSDB

/// The registry keeps series whose label hashes collide apart, and removal promotes a conflicting series.
@Suite struct StripeSeriesTests {
    @Test func collidingHashesKeepDistinctSeries() {
        let reg = StripeSeries(stripes: 4)
        let a = Labels.metric("a"), b = Labels.metric("b"), c = Labels.metric("c")
        var next: UInt64 = 0
        let make: () -> UInt64 = { next += 1; return next }
        // The same hash for three different label sets.
        let sa = reg.getOrCreate(hash: 42, labels: a, makeRef: make)
        let sb = reg.getOrCreate(hash: 42, labels: b, makeRef: make)
        let sc = reg.getOrCreate(hash: 42, labels: c, makeRef: make)
        #expect(sa.created && sb.created && sc.created)
        #expect(Set([sa.series.ref, sb.series.ref, sc.series.ref]).count == 3)
        #expect(reg.getOrCreate(hash: 42, labels: b, makeRef: make).created == false)
        #expect(reg.get(hash: 42, labels: a) === sa.series)
        #expect(reg.get(hash: 42, labels: b) === sb.series)
        #expect(reg.get(hash: 42, labels: c) === sc.series)
        #expect(reg.get(hash: 42, labels: Labels.metric("d")) == nil)
        #expect(reg.get(ref: sb.series.ref) === sb.series)
    }

    @Test func removingTheMainEntryPromotesAConflict() {
        let reg = StripeSeries(stripes: 4)
        let a = Labels.metric("a"), b = Labels.metric("b"), c = Labels.metric("c")
        var next: UInt64 = 0
        let make: () -> UInt64 = { next += 1; return next }
        let sa = reg.getOrCreate(hash: 7, labels: a, makeRef: make).series
        let sb = reg.getOrCreate(hash: 7, labels: b, makeRef: make).series
        let sc = reg.getOrCreate(hash: 7, labels: c, makeRef: make).series
        reg.remove(sa, hash: 7)
        #expect(reg.get(hash: 7, labels: a) == nil)
        #expect(reg.get(ref: sa.ref) == nil)
        #expect(reg.get(hash: 7, labels: b) === sb)
        #expect(reg.get(hash: 7, labels: c) === sc)
        reg.remove(sc, hash: 7)
        #expect(reg.get(hash: 7, labels: b) === sb)
        #expect(reg.get(hash: 7, labels: c) == nil)
        reg.remove(sb, hash: 7)
        #expect(reg.get(hash: 7, labels: b) == nil)
        var seen: [UInt64] = []
        reg.forEach { seen.append($0.ref) }
        #expect(seen.isEmpty)
        // Labels' own hash is the default.
        let sd = reg.getOrCreate(hash: a.stableHash, labels: a, makeRef: make).series
        reg.remove(sd)
        #expect(reg.get(hash: a.stableHash, labels: a) == nil)
    }
}
