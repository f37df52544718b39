import PromModel
import Storage
import Testing
@testable import Scrape

/// Staleness bookkeeping and hash conflicts of the per-target cache, without a scrape loop.
@Suite struct ScrapeCacheTests {
    private func entry(_ raw: String, _ labels: Labels, ref: UInt64, _ cache: ScrapeCache) -> ScrapeCache.Entry {
        .init(raw: Array(raw.utf8), ref: SeriesRef(ref), labels: labels, dropped: false, lastIteration: cache.iteration)
    }

    /// Stores a new series as the scrape loop does: stored, then tracked as appended.
    private func store(_ cache: inout ScrapeCache, _ e: ScrapeCache.Entry, hash: UInt64) {
        let slot = cache.store(e, hash: hash)
        cache.trackSeen(slot)
    }

    private func touch(_ cache: inout ScrapeCache, _ raw: String, hash: UInt64, ref: UInt64) {
        guard let slot = lookupSlot(cache, raw, hash: hash) else {
            Issue.record("\(raw) not cached")
            return
        }
        cache.touch(slot, ref: SeriesRef(ref))
        cache.trackSeen(slot)
    }

    private func lookupSlot(_ cache: ScrapeCache, _ raw: String, hash: UInt64) -> Int? {
        Array(raw.utf8).withUnsafeBytes { cache.lookup($0, hash: hash) }
    }

    private func lookup(_ cache: ScrapeCache, _ raw: String, hash: UInt64) -> ScrapeCache.Entry? {
        lookupSlot(cache, raw, hash: hash).map { cache[$0] }
    }

    @Test func collidingHashesAndVanishedSeries() {
        var cache = ScrapeCache()
        let a = Labels.init(["__name__": "a"]), b = Labels(["__name__": "b"]), c = Labels(["__name__": "c"])
        cache.beginIteration()
        // Three raw series under one hash: a conflict table keeps them apart.
        store(&cache, entry("a", a, ref: 1, cache), hash: 9)
        store(&cache, entry("b", b, ref: 2, cache), hash: 9)
        store(&cache, entry("c", c, ref: 3, cache), hash: 5)
        #expect(lookup(cache, "a", hash: 9)?.labels == a)
        #expect(lookup(cache, "b", hash: 9)?.labels == b)
        #expect(lookup(cache, "x", hash: 9) == nil)
        #expect(cache.vanished().isEmpty)
        cache.endIteration()
        #expect(Set(cache.lastSeen.map(\.0)) == [a, b, c])

        // Next scrape: only b and c; a goes stale once.
        cache.beginIteration()
        touch(&cache, "b", hash: 9, ref: 20)
        touch(&cache, "c", hash: 5, ref: 30)
        #expect(cache.vanished().map(\.0) == [a])
        #expect(lookup(cache, "b", hash: 9)?.ref == SeriesRef(20))
        cache.endIteration()

        // A scrape that appends nothing: everything of the previous one vanishes.
        cache.beginIteration()
        #expect(Set(cache.vanished().map(\.0)) == [b, c])
        cache.endIteration()
        cache.beginIteration()
        #expect(cache.vanished().isEmpty)
    }

    @Test func labelsStillProducedByAnotherRawSeriesDoNotGoStale() {
        var cache = ScrapeCache()
        let same = Labels(["__name__": "m"])
        cache.beginIteration()
        store(&cache, entry("m{x=\"1\"}", same, ref: 1, cache), hash: 1)
        store(&cache, entry("m{x=\"2\"}", same, ref: 1, cache), hash: 2)
        cache.endIteration()
        cache.beginIteration()
        touch(&cache, "m{x=\"2\"}", hash: 2, ref: 1)
        #expect(cache.vanished().isEmpty)
        cache.endIteration()
        cache.beginIteration()
        #expect(cache.vanished().map(\.0) == [same])
    }
}

struct SlotIndexTests {
    @Test func findsWhatWasStoredAndNothingElse() {
        var index = SlotIndex()
        #expect(index[42] == nil)
        // Hashes that share their low bits probe into the same run.
        let hashes = (0..<5_000).map { UInt64($0) << 20 | 7 } + (0..<5_000).map { UInt64($0) &* 0x9E37_79B9_7F4A_7C15 }
        for (i, h) in hashes.enumerated() { index[h] = i }
        for (i, h) in hashes.enumerated() { #expect(index[h] == i) }
        #expect(index[3 << 40] == nil)
        index[hashes[10]] = 99
        #expect(index[hashes[10]] == 99)
        index.removeAll()
        #expect(index[hashes[0]] == nil && index[hashes[9_999]] == nil)
        index[hashes[1]] = 1
        #expect(index[hashes[1]] == 1 && index[hashes[2]] == nil)
    }
}
