import PromModel
import Storage
import Testing
@testable import TSDB

/// Sharded WAL replay: many batches per shard, sorted by series, give the same head as replaying in order on one
/// thread, including refused (out of order) samples, remapped refs and tombstones between sample records.
@Suite struct ReplayShardsTests {
    /// WAL records: 50 series, 40 scrapes, one samples record per scrape (as a scrape loop commits), a repeated
    /// timestamp every 7th scrape (refused), a second series record re-defining series 3 under ref 1003 (remap),
    /// and a tombstone in the middle.
    static func records() -> [[UInt8]] {
        var out: [[UInt8]] = []
        let labels = (1...50).map { Labels.metric("m", ["i": String($0)]) }
        out.append(WALRecord.encodeSeries(labels.enumerated().map { .init(ref: UInt64($0.offset + 1), labels: $0.element) }))
        out.append(WALRecord.encodeSeries([.init(ref: 1003, labels: labels[2])]))
        for k in 0..<40 {
            let t = Int64(k / 7 * 7 == k && k > 0 ? k - 1 : k) * 1000
            out.append(WALRecord.encodeSamples((1...50).map { i in
                .init(ref: i == 3 && k % 2 == 1 ? 1003 : UInt64(i), t: t, valueBits: Double(k * 100 + i).bitPattern)
            }))
            if k == 20 { out.append(WALRecord.encodeTombstones([.init(ref: 5, mint: 3000, maxt: 8000)])) }
        }
        return out
    }

    static func replayed(shards: Int, batchSize: Int) throws -> (head: Head, state: Head.ReplayState) {
        let head = Head(chunkRange: 3_600_000, samplesPerChunk: 16)
        var state = Head.ReplayState(shards: shards, batchSize: batchSize)
        for r in records() { try head.replay(payload: r, state: &state) }
        head.finishReplay(state: &state)
        return (head, state)
    }

    static func contents(_ head: Head) throws -> [String: [Sample]] {
        try readAll(HeadQueryable(head: head))
    }

    @Test(arguments: [(2, 7), (3, 64), (4, 100_000)])
    func shardedMatchesSerial(shards: Int, batchSize: Int) throws {
        let serial = try Self.replayed(shards: 1, batchSize: batchSize)
        let sharded = try Self.replayed(shards: shards, batchSize: batchSize)
        #expect(sharded.state.samples == serial.state.samples)
        #expect(sharded.state.outOfOrder == serial.state.outOfOrder)
        #expect(serial.state.outOfOrder > 0)
        #expect(sharded.state.unknownRefs == 0)
        let a = try Self.contents(serial.head), b = try Self.contents(sharded.head)
        #expect(a.count == 50)
        #expect(a == b)
        #expect(sharded.head.minTime == serial.head.minTime && sharded.head.maxTime == serial.head.maxTime)
    }
}

/// The head alone as a `Queryable`, for comparing replays.
struct HeadQueryable: Queryable {
    let head: Head
    func querier(mint: Timestamp, maxt: Timestamp) throws(QueryError) -> any Querier {
        HeadQuerier(head: head, mint: mint, maxt: maxt)
    }
}
