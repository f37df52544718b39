public import PromModel

/// An opaque handle to a series in a storage, handed out by `append` so that callers (a scrape cache)
/// can skip hashing labels on the next sample of the same series. Zero means "unknown".
public struct SeriesRef: Hashable, Sendable {
    public var rawValue: UInt64
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }
    public static let unknown = SeriesRef(0)
}

/// Something that hands out appenders. The scrape manager and rule manager take this, never a TSDB.
public protocol Appendable: Sendable {
    /// A fresh appender for one batch (one scrape, one rule evaluation).
    func appender() -> any Appender
}

/// A batch of samples that becomes visible and durable at `commit()`, or vanishes at `rollback()`.
///
/// An appender is used by one task at a time and is not reused after commit or rollback.
public protocol Appender: AnyObject {
    /// Adds a float sample. Pass the ref returned earlier for the same labels, or `.unknown`.
    /// Errors for single samples (out of order, duplicate, out of bounds) leave the batch usable.
    @discardableResult
    func append(_ ref: SeriesRef, _ labels: Labels, t: Timestamp, v: Double) throws(AppendError) -> SeriesRef

    /// Records metric metadata for the series (optional for storages that do not keep it).
    func updateMetadata(_ ref: SeriesRef, _ labels: Labels, _ metadata: MetricMetadata)

    /// Makes the batch visible to queriers and durable as the storage promises.
    func commit() throws(AppendError)

    /// Discards the batch.
    func rollback()
}

extension Appender {
    public func updateMetadata(_ ref: SeriesRef, _ labels: Labels, _ metadata: MetricMetadata) {}
}

/// Why a sample or a batch was refused. The kinds and messages follow Prometheus's storage errors.
public enum AppendError: Error, Sendable, Equatable, CustomStringConvertible {
    case outOfOrderSample
    case duplicateSampleForTimestamp
    case outOfBounds
    case tooOldSample
    case invalidLabels(String)
    /// A native histogram that breaks Prometheus's rules (`histogram.Validate`).
    case invalidHistogram(String)
    /// A failure of the storage itself (disk full, I/O error); the whole batch is lost.
    case storage(String)

    public var description: String {
        switch self {
        case .outOfOrderSample: return "out of order sample"
        case .duplicateSampleForTimestamp: return "duplicate sample for timestamp"
        case .outOfBounds: return "out of bounds"
        case .tooOldSample: return "too old sample"
        case .invalidLabels(let why): return "invalid labels: \(why)"
        case .invalidHistogram(let why): return "invalid histogram: \(why)"
        case .storage(let why): return why
        }
    }
}
