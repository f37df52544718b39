import PromModel
import Storage

extension ScriptRunner {
    /// promqltest's histogram comparison: same schema, zero threshold and custom bounds; count, sum,
    /// zero count and non-empty buckets equal within 1e-6; the counter reset hint only when the
    /// script names it.
    func histogramsEqual(_ want: ScriptHistogram, _ got: FloatHistogram) -> Bool {
        let e = want.h
        guard e.schema == got.schema, floatsEqual(e.count, got.count), floatsEqual(e.sum, got.sum),
              e.zeroThreshold == got.zeroThreshold, floatsEqual(e.zeroCount, got.zeroCount) else { return false }
        if e.usesCustomBuckets && e.customValues != got.customValues { return false }
        if want.hintSet && e.counterResetHint != got.counterResetHint { return false }
        return e.sameBuckets(as: got, within: floatsEqual)
    }

    /// Histogram points of one expected series against a result series: same count, timestamps
    /// (range queries: `start + i·step`) and values.
    func histogramPointsMatch(_ ev: EvalCommand, _ want: [ScriptHistogram?], _ got: [HistogramSample]) -> Bool {
        var expected: [(Timestamp, ScriptHistogram)] = []
        for (i, h) in want.enumerated() {
            if let h { expected.append((ev.start + Int64(i) * ev.step, h)) }
        }
        guard expected.count == got.count else { return false }
        for (w, g) in zip(expected, got) {
            if ev.isRange && w.0 != g.t { return false }
            if !histogramsEqual(w.1, g.h) { return false }
        }
        return true
    }
}
