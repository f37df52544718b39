import Testing
@testable import TSDB

/// The appender's per-batch table agrees with a dictionary over random refs, growth and resets included.
@Suite struct BatchLastSamplesTests {
    @Test(arguments: [1, 50, 1000])
    func matchesADictionary(refs: Int) {
        var rng = SeededRandom(seed: UInt64(refs))
        var table = BatchLastSamples()
        for round in 0..<3 {
            var model: [UInt64: (Int64, UInt64)] = [:]
            for _ in 0..<(refs * 3) {
                let ref = rng.next() % UInt64(refs * 2)  // includes ref 0 and repeats
                let t = Int64(rng.next() % 1000)
                let bits = rng.next()
                table.set(ref, t: t, bits: bits)
                model[ref] = (t, bits)
            }
            for ref in 0..<UInt64(refs * 2 + 5) {
                let got = table.get(ref)
                #expect(got?.t == model[ref]?.0, "round \(round) ref \(ref)")
                #expect(got?.bits == model[ref]?.1, "round \(round) ref \(ref)")
            }
            table.removeAll()
            #expect(table.get(0) == nil && table.get(1) == nil)
        }
    }
}
