import Synchronization

/// How far the WAL replay at open has got, for `/api/v1/status/walreplay`: the first and last segment to
/// replay and the one being read. Created by the caller before opening the database so that it can be read
/// while `TSDB.init` runs. Thread-safe.
public final class WALReplayProgress: Sendable {
    private let minSegment = Atomic<Int>(0)
    private let maxSegment = Atomic<Int>(0)
    private let currentSegment = Atomic<Int>(0)

    public init() {}

    /// `(min, max, current)` segment indexes; all 0 before the replay starts, `current == max` once done.
    public var state: (min: Int, max: Int, current: Int) {
        (
            minSegment.load(ordering: .relaxed), maxSegment.load(ordering: .relaxed),
            currentSegment.load(ordering: .relaxed)
        )
    }

    func begin(min: Int, max: Int) {
        minSegment.store(min, ordering: .relaxed)
        maxSegment.store(max, ordering: .relaxed)
        currentSegment.store(min, ordering: .relaxed)
    }

    func reading(_ segment: Int) { currentSegment.store(segment, ordering: .relaxed) }

    func finish() { currentSegment.store(maxSegment.load(ordering: .relaxed), ordering: .relaxed) }
}

/// Logs replay progress at most every `interval`, so that a long replay shows it is alive without a line per
/// record. Checking the clock costs a syscall, so callers ask once per segment and every few thousand records.
struct ReplayProgressLog {
    let interval: Duration
    private var last = ContinuousClock.now

    init(interval: Duration = .seconds(5)) { self.interval = interval }

    /// Whether a progress line is due now; resets the timer when it is.
    mutating func due() -> Bool {
        let now = ContinuousClock.now
        guard now - last >= interval else { return false }
        last = now
        return true
    }
}
