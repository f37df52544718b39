import PromModel
import Testing
@testable import TSDB

/// The head snapshot's series record decoder on seeded mutations of a valid record: it never traps, and the
/// valid record decodes to what was encoded.
struct HeadSnapshotFuzzTests {
    @Test func seriesRecordDecoderSurvivesGarbage() throws {
        let head = Head(chunkRange: 7_200_000, samplesPerChunk: 30)
        let s = head.getOrCreate(Labels.metric("m", ["a": "b", "c": "d"])).series
        var rng = SeededRandom(seed: 11)
        for i in Int64(0)..<100 { _ = head.append(s, t: i * 15_000, valueBits: Double(rng.next() % 1000).bitPattern) }
        let valid = try #require(HeadSnapshot.encode(s, mapper: nil))
        let decoded = try HeadSnapshot.decodeSeries(valid)
        #expect(decoded.labels == s.labels)
        #expect(decoded.closed.count == 3)
        #expect(decoded.open != nil)
        #expect(decoded.lastT == 99 * 15_000)
        for _ in 0..<20_000 {
            _ = try? HeadSnapshot.decodeSeries(DecoderFuzzTests.mutate(valid, &rng))
        }
    }
}
