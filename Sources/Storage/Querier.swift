public import PromModel

/// Something that opens queriers over a time range. PromQL and the HTTP API take this.
public protocol Queryable: Sendable {
    /// A querier over samples with `mint <= t <= maxt`.
    func querier(mint: Timestamp, maxt: Timestamp) throws(QueryError) -> any Querier
}

/// Hints a querier may use to read less; it must still return correct results when it ignores them.
public struct SelectHints: Sendable {
    public var start: Timestamp
    public var end: Timestamp
    public var step: Int64
    public var function: String?
    public init(start: Timestamp, end: Timestamp, step: Int64 = 0, function: String? = nil) {
        self.start = start
        self.end = end
        self.step = step
        self.function = function
    }
}

/// A read view of a storage over a fixed time range.
public protocol Querier: Sendable {
    /// Series whose labels satisfy every matcher, sorted by labels when `sorted` is true.
    func select(sorted: Bool, hints: SelectHints?, matchers: [Matcher]) throws(QueryError) -> [any Series]

    /// Sorted distinct values of `name` among series matching `matchers` (all series when empty).
    func labelValues(_ name: String, matchers: [Matcher]) throws(QueryError) -> [String]

    /// Sorted distinct label names among series matching `matchers` (all series when empty).
    func labelNames(matchers: [Matcher]) throws(QueryError) -> [String]
}

/// One series: its labels and a way to iterate its samples in time order.
public protocol Series: Sendable {
    var labels: Labels { get }
    func makeIterator() -> any SampleIterator
}

/// A cursor over the samples of one series, oldest first.
///
/// Usage: call `next()` or `seek(_:)`, then read `at()` while the returned kind is not `.none`.
/// The iterator owns no per-sample allocation; values read through `at()` stay valid until the next move.
public protocol SampleIterator {
    /// Moves to the next sample; `.none` when exhausted.
    mutating func next() -> ValueKind
    /// Moves to the first sample with timestamp >= t (never backwards); `.none` when there is none.
    mutating func seek(_ t: Timestamp) -> ValueKind
    /// The current float sample.
    func at() -> Sample
    /// The current timestamp.
    var atT: Timestamp { get }
}

/// A query-side storage failure.
public struct QueryError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Samples of a series collected into memory; used by storages that materialise results and by tests.
public struct ListSeries: Series {
    public let labels: Labels
    public let samples: [Sample]

    public init(labels: Labels, samples: [Sample]) {
        self.labels = labels
        self.samples = samples
    }

    public func makeIterator() -> any SampleIterator { ListSampleIterator(samples) }
}

public struct ListSampleIterator: SampleIterator {
    let samples: [Sample]
    var i = -1

    public init(_ samples: [Sample]) { self.samples = samples }

    public mutating func next() -> ValueKind {
        i += 1
        return i < samples.count ? .float : .none
    }

    public mutating func seek(_ t: Timestamp) -> ValueKind {
        if i < 0 { i = 0 }
        // Binary search from the current position: seek never goes backwards.
        var lo = i
        var hi = samples.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if samples[mid].t < t { lo = mid + 1 } else { hi = mid }
        }
        i = lo
        return i < samples.count ? .float : .none
    }

    public func at() -> Sample { samples[i] }
    public var atT: Timestamp { samples[i].t }
}
