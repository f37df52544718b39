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
    var dropped: [Labels] = []
    var invalid: [(Labels, TargetError)] = []

    init(options: ScrapeOptions) { self.options = options }

    struct Changes {
        var start: [ScrapeLoop] = []
        var stop: [ScrapeLoop] = []
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
        var newInvalid: [(Labels, TargetError)] = []
        for source in groups.keys.sorted() {
            let g = groups[source]!
            for t in g.targets {
                switch resolveTarget(t, group: g.labels, options: options) {
                case .active(let target): wanted[target.hash] = target
                case .dropped(let d): newDropped.append(d)
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
        invalid = newInvalid
        return changes
    }
}
