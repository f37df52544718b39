public import PromModel
public import Storage
import Synchronization

/// A simple in-memory `Queryable` for promqltest's `load` command: series kept sorted by labels,
/// samples sorted by time. Only the script runner (and tests) use it; the server uses the TSDB.
public final class MemoryStorage: Queryable, Sendable {
    struct State {
        var series: [Labels: [Sample]] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// Adds samples to a series; a sample at an existing timestamp replaces the old one.
    public func add(_ labels: Labels, _ samples: [Sample]) {
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
        }
    }

    public func clear() {
        state.withLock { $0.series.removeAll() }
    }

    public func querier(mint: Timestamp, maxt: Timestamp) throws(QueryError) -> any Querier {
        let snapshot = state.withLock { $0.series }
        return MemoryQuerier(series: snapshot, mint: mint, maxt: maxt)
    }
}

struct MemoryQuerier: Querier {
    let series: [Labels: [Sample]]
    let mint: Timestamp
    let maxt: Timestamp

    func select(sorted: Bool, hints: SelectHints?, matchers: [Matcher]) throws(QueryError) -> [any Series] {
        var out: [ListSeries] = []
        for (l, s) in series where l.matches(matchers) {
            let inRange = s.filter { $0.t >= mint && $0.t <= maxt }
            if !inRange.isEmpty { out.append(ListSeries(labels: l, samples: inRange)) }
        }
        out.sort { $0.labels < $1.labels }
        return out
    }

    func labelValues(_ name: String, matchers: [Matcher]) throws(QueryError) -> [String] {
        var set = Set<String>()
        for (l, _) in series where l.matches(matchers) {
            let v = l.get(name)
            if !v.isEmpty { set.insert(v) }
        }
        return set.sorted { byteCompare($0, $1) < 0 }
    }

    func labelNames(matchers: [Matcher]) throws(QueryError) -> [String] {
        var set = Set<String>()
        for (l, _) in series where l.matches(matchers) {
            for x in l { set.insert(x.name) }
        }
        return set.sorted { byteCompare($0, $1) < 0 }
    }
}
