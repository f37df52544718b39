import PromModel
import Testing
@testable import TSDB

struct WALRecordTests {
    @Test func seriesRoundTrip() throws {
        let series = [
            WALRecord.RefSeries(ref: 1, labels: Labels(["__name__": "up", "job": "node"])),
            WALRecord.RefSeries(ref: 1 << 40, labels: Labels(["a": "ü✓", "b": String(repeating: "x", count: 300)])),
        ]
        let bytes = WALRecord.encodeSeries(series)
        #expect(bytes.first == 1)
        #expect(try WALRecord.decode(bytes) == .series(series))
    }

    @Test func samplesRoundTripWithDeltasFromTheFirstSample() throws {
        let samples = [
            WALRecord.RefSample(ref: 10, t: 1000, valueBits: StaleNaN.bits),
            WALRecord.RefSample(ref: 3, t: 999, valueBits: (1.5).bitPattern),
            WALRecord.RefSample(ref: 12, t: -5, valueBits: Double.nan.bitPattern),
        ]
        let bytes = WALRecord.encodeSamples(samples)
        // type | ref 10 (BE64) | t 1000 (BE64) | Δref 0, Δt 0, value | …
        #expect(Array(bytes.prefix(19)) == [2, 0, 0, 0, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0x03, 0xe8, 0, 0])
        #expect(try WALRecord.decode(bytes) == .samples(samples))
        #expect(try WALRecord.decode([2]) == .samples([]))
    }

    @Test func truncatedRecordsThrow() throws {
        let s = WALRecord.encodeSeries([.init(ref: 1, labels: Labels(["a": "b"]))])
        let m = WALRecord.encodeSamples([.init(ref: 1, t: 1, valueBits: 1), .init(ref: 2, t: 2, valueBits: 2)])
        // Cuts at entry boundaries leave valid shorter records; every other cut must throw.
        for cut in 2..<s.count { #expect(throws: DecodeError.self) { try WALRecord.decode(Array(s.prefix(cut))) } }
        for cut in 2..<m.count where ![17, 27].contains(cut) {
            #expect(throws: DecodeError.self, "cut \(cut)") { try WALRecord.decode(Array(m.prefix(cut))) }
        }
        #expect(try WALRecord.decode(Array(m.prefix(27))) == .samples([.init(ref: 1, t: 1, valueBits: 1)]))
        #expect(try WALRecord.decode([9, 1, 2]) == .unknown(9))
    }
}
