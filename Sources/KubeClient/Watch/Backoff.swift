/// Exponential backoff with full jitter: delays grow from `initial` by `factor` up to `maximum`.
///
/// A value type with pure transitions so it is tested without clocks: `next(random:)` returns the delay to
/// wait now and advances; `reset()` after a success.
public struct Backoff: Sendable, Hashable {
    public var initial: Duration
    public var maximum: Duration
    public var factor: Double
    /// Current upper bound of the delay.
    public private(set) var current: Duration

    public init(initial: Duration = .milliseconds(800), maximum: Duration = .seconds(30), factor: Double = 2) {
        self.initial = initial
        self.maximum = maximum
        self.factor = factor
        self.current = initial
    }

    /// The delay before the next attempt: `current` scaled by `random` in [0.5, 1] (jitter, so many
    /// watchers failing together do not retry together), then `current` grows.
    public mutating func next(random: Double = Double.random(in: 0...1)) -> Duration {
        let jitter = 0.5 + 0.5 * min(max(random, 0), 1)
        let delay = current * jitter
        current = min(current * factor, maximum)
        return delay
    }

    public mutating func reset() { current = initial }
}
