import PromModel
import Testing
@testable import TSDB

/// The registry's open-addressing table agrees with a dictionary under random inserts, overwrites and removals
/// (removal shifts entries back, the part most likely to go wrong).
@Suite struct SeriesByRefTests {
    @Test(arguments: [1, 7, 300])
    func matchesADictionary(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        var table = SeriesByRef()
        var model: [UInt64: MemSeries] = [:]
        let pool = (0..<64).map { MemSeries(ref: UInt64($0), labels: Labels.metric("m", ["i": String($0)])) }
        for step in 0..<5000 {
            // Refs from a small range (with 0) so that probe runs collide, are overwritten and removed.
            let ref = (rng.next() % 200) &* (step % 3 == 0 ? 1024 : 1)
            if rng.next() % 3 == 0 {
                table[ref] = nil
                model[ref] = nil
            } else {
                let s = pool[Int(rng.next() % 64)]
                table[ref] = s
                model[ref] = s
            }
            if step % 250 == 0 {
                for r in Set(model.keys).union((0..<50).map { UInt64($0) }) {
                    #expect(table[r] === model[r], "step \(step) ref \(r)")
                }
                #expect(table.count + (model[0] == nil ? 0 : 1) == model.count)
                #expect(table.all.count == model.count)
            }
        }
    }
}
