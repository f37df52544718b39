import Discovery
import PromModel
import Synchronization

/// What a consumer of discovery updates sees: groups by source, updates applied in order.
final class GroupView: Sendable {
    private let groups = Mutex<[String: TargetGroup]>([:])
    private let count = Mutex(0)

    func apply(_ update: [TargetGroup]) {
        groups.withLock { g in
            for group in update { g[group.source] = group.targets.isEmpty ? nil : group }
        }
        count.withLock { $0 += 1 }
    }

    var updates: Int { count.withLock { $0 } }
    var sources: [String] { groups.withLock { $0.keys.sorted() } }
    var all: [TargetGroup] { groups.withLock { $0.values.sorted { $0.source < $1.source } } }

    /// Every target's address, sorted.
    var addresses: [String] {
        all.flatMap { $0.targets.map { $0.get(LabelName.address) } }.sorted()
    }

    /// The group labels of the group holding `address`.
    func labels(of address: String) -> Labels? {
        all.first { $0.targets.contains { $0.get(LabelName.address) == address } }?.labels
    }
}
