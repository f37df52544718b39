/// Milliseconds since the Unix epoch, Prometheus's timestamp unit everywhere.
public typealias Timestamp = Int64

/// One float sample.
public struct Sample: Sendable, Equatable {
    public var t: Timestamp
    public var v: Double

    @inlinable
    public init(t: Timestamp, v: Double) {
        self.t = t
        self.v = v
    }
}

/// The special NaN Prometheus writes to end a series ("staleness marker").
///
/// It is a signalling-NaN bit pattern distinct from the NaN arithmetic produces, so a scraped NaN
/// never looks stale: compare bits with `isStaleNaN`, never with `==`.
public enum StaleNaN {
    public static let bits: UInt64 = 0x7ff0_0000_0000_0002
    public static let value = Double(bitPattern: bits)

    @inlinable
    public static func isStale(_ v: Double) -> Bool { v.bitPattern == bits }
}

/// The kind of value an iterator is positioned at.
public enum ValueKind: Sendable, Equatable {
    case none
    case float
    case histogram
    case floatHistogram
}

extension Timestamp {
    /// Milliseconds of the wall clock now.
    public static func now() -> Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
