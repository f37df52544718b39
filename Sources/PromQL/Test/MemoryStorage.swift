import PromModel
import Storage
import Synchronization

/// A simple in-memory `Queryable` for promqltest's `load` command: series kept sorted by labels,
/// samples sorted by time. Only the script runner (and tests) use it; the server uses the TSDB.
final class MemoryStorage: Queryable, Sendable {
    struct State {
        var series: [Labels: [Sample]] = [:]
        var histograms: [Labels: [HistogramSample]] = [:]
    }

    private let state = Mutex(State())

    init() {}

    /// Adds samples to a series; a sample at an existing timestamp replaces the old one.
    func add(_ labels: Labels, _ samples: [Sample]) {
        state.withLock { st in
            var cur = st.series[labels] ?? []
            cur.append(contentsOf: samples)
            cur.sort { $0.t < $1.t }
            var dedup: [Sample] = []
            dedup.reserveCapacity(cur.count)
            for s in cur {
                if let l = dedup.last, l.t == s.t { dedup[dedup.count - 1] = s } else { dedup.append(s) }
            }
            st.series[labels] = dedup
            if let hs = st.histograms[labels] {
                let ts = Set(samples.map(\.t))
                st.histograms[labels] = hs.filter { !ts.contains($0.t) }
            }
        }
    }

    /// Adds native histogram samples; a sample at an existing timestamp (float or histogram) is replaced.
    func addHistograms(_ labels: Labels, _ samples: [HistogramSample]) {
        guard !samples.isEmpty else { return }
        state.withLock { st in
            let ts = Set(samples.map(\.t))
            var cur = (st.histograms[labels] ?? []).filter { !ts.contains($0.t) }
            cur.append(contentsOf: samples)
            cur.sort { $0.t < $1.t }
            st.histograms[labels] = cur
            if let fs = st.series[labels] { st.series[labels] = fs.filter { !ts.contains($0.t) } }
        }
    }

    func clear() {
        state.withLock {
            $0.series.removeAll()
            $0.histograms.removeAll()
        }
    }

    func querier(mint: Timestamp, maxt: Timestamp) throws(QueryError) -> any Querier {
        let (floats, hists) = state.withLock { ($0.series, $0.histograms) }
        return MemoryQuerier(series: floats, histograms: hists, mint: mint, maxt: maxt)
    }
}

struct MemoryQuerier: Querier {
    let series: [Labels: [Sample]]
    let histograms: [Labels: [HistogramSample]]
    let mint: Timestamp
    let maxt: Timestamp

    func select(sorted: Bool, hints: SelectHints?, matchers: [Matcher]) throws(QueryError) -> [any Series] {
        var out: [MixedListSeries] = []
        var names = Set(series.keys)
        names.formUnion(histograms.keys)
        for l in names where l.matches(matchers) {
            let f = (series[l] ?? []).filter { $0.t >= mint && $0.t <= maxt }
            let h = (histograms[l] ?? []).filter { $0.t >= mint && $0.t <= maxt }
            if !f.isEmpty || !h.isEmpty { out.append(MixedListSeries(labels: l, floats: f, histograms: h)) }
        }
        out.sort { $0.labels < $1.labels }
        return out
    }

    func labelValues(_ name: String, matchers: [Matcher]) throws(QueryError) -> [String] {
        var set = Set<String>()
        for l in Set(series.keys).union(histograms.keys) where l.matches(matchers) {
            let v = l.get(name)
            if !v.isEmpty { set.insert(v) }
        }
        return set.sorted { byteCompare($0, $1) < 0 }
    }

    func labelNames(matchers: [Matcher]) throws(QueryError) -> [String] {
        var set = Set<String>()
        for l in Set(series.keys).union(histograms.keys) where l.matches(matchers) {
            for x in l { set.insert(x.name) }
        }
        return set.sorted { byteCompare($0, $1) < 0 }
    }
}
