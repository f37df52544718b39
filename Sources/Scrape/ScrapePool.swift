import Logging
import PromModel
import Storage

/// The targets of one job: which are active (with a loop each) and which were dropped.
///
/// A value type owned by the manager's lock; `sync` is pure bookkeeping and returns the loops to start and
/// stop, so the manager performs all side effects outside the lock.
struct ScrapePool {
    var options: ScrapeOptions
    /// Target groups by source, as the last discovery update left them.
    var groups: [String: TargetGroup] = [:]
    var loops: [UInt64: ScrapeLoop] = [:]
    /// Targets dropped by relabeling, at most `keep_dropped_targets` of them (0: all).
    var dropped: [Labels] = []
    /// All targets dropped by relabeling, kept or not.
    var droppedCount = 0
    var invalid: [(Labels, TargetError)] = []

    init(options: ScrapeOptions) { self.options = options }

    struct Changes {
        var start: [ScrapeLoop] = []
        var stop: [ScrapeLoop] = []
    }

    /// Over `target_limit`, every loop of the pool fails its scrapes with Prometheus's message; back under it,
    /// they scrape again.
    func applyTargetLimit() {
        let limit = options.limits.targetLimit
        let message =
            limit > 0 && loops.count > limit
            ? "target_limit exceeded (number of targets: \(loops.count), limit: \(limit))" : nil
        for loop in loops.values { loop.setForcedError(message) }
    }

    /// Replaces the groups named in `updates` (an empty group removes its source) and reconciles loops.
    mutating func update(
        _ updates: [TargetGroup], makeLoop: (ScrapeTarget) -> ScrapeLoop
    ) -> Changes {
        for g in updates {
            if g.targets.isEmpty { groups[g.source] = nil } else { groups[g.source] = g }
        }
        return reconcile(makeLoop: makeLoop)
    }

    /// Recomputes targets from the current groups; keeps loops whose target is unchanged.
    mutating func reconcile(makeLoop: (ScrapeTarget) -> ScrapeLoop) -> Changes {
        var wanted: [UInt64: ScrapeTarget] = [:]
        var newDropped: [Labels] = []
        var droppedCount = 0
        let keep = options.limits.keepDroppedTargets
        var newInvalid: [(Labels, TargetError)] = []
        for source in groups.keys.sorted() {
            let g = groups[source]!
            for t in g.targets {
                switch resolveTarget(t, group: g.labels, options: options) {
                case .active(let target): wanted[target.hash] = target
                case .dropped(let d):
                    droppedCount += 1
                    if keep == 0 || newDropped.count < keep { newDropped.append(d) }
                case .invalid(let d, let err): newInvalid.append((d, err))
                }
            }
        }
        var changes = Changes()
        for (hash, loop) in loops where wanted[hash] == nil {
            changes.stop.append(loop)
            loops[hash] = nil
        }
        for (hash, target) in wanted where loops[hash] == nil {
            let loop = makeLoop(target)
            loops[hash] = loop
            changes.start.append(loop)
        }
        dropped = newDropped
        self.droppedCount = droppedCount
        invalid = newInvalid
        applyTargetLimit()
        return changes
    }
}
