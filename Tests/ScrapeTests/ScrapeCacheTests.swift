import PromModel
import Storage
import Testing
@testable import Scrape

/// Staleness bookkeeping and hash conflicts of the per-target cache, without a scrape loop.
@Suite struct ScrapeCacheTests {
    private func entry(_ raw: String, _ labels: Labels, ref: UInt64, _ cache: ScrapeCache) -> ScrapeCache.Entry {
        .init(raw: Array(raw.utf8), ref: SeriesRef(ref), labels: labels, dropped: false, lastIteration: cache.iteration,
              seenIteration: cache.iteration)
    }

    private func touch(_ cache: inout ScrapeCache, _ raw: String, hash: UInt64, ref: UInt64) {
        let bytes = Array(raw.utf8)
        bytes.withUnsafeBytes { cache.touch(hash: hash, raw: $0, ref: SeriesRef(ref), seen: true) }
    }

    private func lookup(_ cache: ScrapeCache, _ raw: String, hash: UInt64) -> ScrapeCache.Entry? {
        Array(raw.utf8).withUnsafeBytes { cache.lookup($0, hash: hash) }
    }

    @Test func collidingHashesAndVanishedSeries() {
        var cache = ScrapeCache()
        let a = Labels.init(["__name__": "a"]), b = Labels(["__name__": "b"]), c = Labels(["__name__": "c"])
        cache.beginIteration()
        // Three raw series under one hash: a conflict table keeps them apart.
        cache.store(entry("a", a, ref: 1, cache), hash: 9)
        cache.store(entry("b", b, ref: 2, cache), hash: 9)
        cache.store(entry("c", c, ref: 3, cache), hash: 5)
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
        cache.store(entry("m{x=\"1\"}", same, ref: 1, cache), hash: 1)
        cache.store(entry("m{x=\"2\"}", same, ref: 1, cache), hash: 2)
        cache.endIteration()
        cache.beginIteration()
        touch(&cache, "m{x=\"2\"}", hash: 2, ref: 1)
        #expect(cache.vanished().isEmpty)
        cache.endIteration()
        cache.beginIteration()
        #expect(cache.vanished().map(\.0) == [same])
    }
}
