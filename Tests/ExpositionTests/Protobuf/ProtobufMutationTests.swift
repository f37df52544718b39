import Exposition
import PromModel
import Testing
import TestSupport

/// Seeded random corruption of a valid protobuf body: every mutant must either parse or throw an
/// `ExpositionError` with an offset inside the body — never trap or loop.
@Suite struct ProtobufMutationTests {
    static let seedBody = ProtoMessage.delimited([
        ProtoMetrics.family("c_total", help: "h", type: .counter, metrics: [
            ProtoMetrics.metric(labels: [("a", "b")], type: .counter, value: 1, timestampMs: 5)
        ]),
        ProtoMetrics.family("s", type: .summary, metrics: [
            ProtoMetrics.summaryMetric(count: 3, sum: 1, quantiles: [(0.5, 1)])
        ]),
        ProtoMetrics.family("h_seconds", type: .histogram, unit: "seconds", metrics: [
            ProtoMetrics.histogramMetric(
                labels: [("x", "y")], count: 4, sum: 2, buckets: [(1, 2), (2, 3)],
                native: ProtoMetrics.Native(
                    schema: 2, zeroThreshold: 1e-3, zeroCount: 1, positiveSpans: [(0, 2), (1, 1)],
                    positiveDeltas: [1, 0, 1], negativeSpans: [(-3, 1)], negativeDeltas: [1], packed: true))
        ]),
    ])

    @Test func mutantsNeverTrap() {
        var r = SplitMix64(state: 23)
        let base = Self.seedBody
        var accepted = 0
        var rejected = 0
        for _ in 0..<5000 {
            var body = base
            for _ in 0..<Int.random(in: 1...3, using: &r) {
                let i = Int.random(in: 0..<body.count, using: &r)
                switch Int.random(in: 0..<4, using: &r) {
                case 0: body[i] = UInt8.random(in: 0...255, using: &r)
                case 1: body.remove(at: i)
                case 2: body.insert(UInt8.random(in: 0...255, using: &r), at: i)
                default: body.removeSubrange(i...)
                }
                if body.isEmpty { break }
            }
            do {
                var p = ProtobufParser(body, classicHistograms: true)
                while let e = try p.next() {
                    switch e {
                    case .series: _ = p.labels()
                    case .histogram:
                        _ = p.labels()
                        _ = try p.nativeHistogram()
                    default: _ = p.metricFamilyName
                    }
                }
                accepted += 1
            } catch {
                rejected += 1
                #expect(error.byteOffset.map { $0 >= 0 && $0 <= body.count } == true, "\(error)")
            }
        }
        #expect(accepted > 0 && rejected > 0)
    }
}
