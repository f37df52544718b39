import Synchronization

/// Bounds how many queries evaluate at once (`--query.max-concurrency`), as Prometheus's query gate does:
/// a query beyond the limit waits for a slot, in arrival order, and gives up when its timeout passes first
/// ("query timed out in query queue") or its task is cancelled.
final class QueryGate: Sendable {
    private struct State {
        var free: Int
        var waiters: [(id: Int, continuation: CheckedContinuation<Bool, Never>)] = []
        /// Waiters registered but not yet suspended; a timeout that hits one of them marks it abandoned.
        var pending: Set<Int> = []
        var abandoned: Set<Int> = []
        var nextID = 0
    }

    let capacity: Int
    private let state: Mutex<State>

    /// `capacity` ≤ 0 means no limit.
    init(capacity: Int) {
        self.capacity = capacity
        state = Mutex(State(free: capacity))
    }

    /// Queries evaluating now (for tests and metrics).
    var active: Int { capacity <= 0 ? 0 : state.withLock { capacity - $0.free } }

    /// Takes a slot, waiting at most `timeout`; false when none came in time or the task was cancelled.
    /// Every `true` must be paired with `leave()`.
    func enter(timeout: Duration) async -> Bool {
        guard capacity > 0 else { return true }
        let id: Int? = state.withLock { s in
            if s.free > 0 {
                s.free -= 1
                return nil
            }
            s.nextID += 1
            s.pending.insert(s.nextID)
            return s.nextID
        }
        guard let id else { return true }
        let timer = Task {
            try? await Task.sleep(for: timeout)
            self.giveUp(id)
        }
        defer { timer.cancel() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Bool, Never>) in
                let now: Bool? = state.withLock { s in
                    s.pending.remove(id)
                    if s.abandoned.remove(id) != nil { return false }
                    if s.free > 0 {
                        // A slot was freed between registering and suspending.
                        s.free -= 1
                        return true
                    }
                    s.waiters.append((id, c))
                    return nil
                }
                if let now { c.resume(returning: now) }
            }
        } onCancel: {
            giveUp(id)
        }
    }

    /// Returns a slot: the longest waiting query gets it, else it is free.
    func leave() {
        guard capacity > 0 else { return }
        let next = state.withLock { s -> CheckedContinuation<Bool, Never>? in
            if s.waiters.isEmpty {
                s.free += 1
                return nil
            }
            return s.waiters.removeFirst().continuation
        }
        next?.resume(returning: true)
    }

    private func giveUp(_ id: Int) {
        let waiting = state.withLock { s -> CheckedContinuation<Bool, Never>? in
            if let i = s.waiters.firstIndex(where: { $0.id == id }) { return s.waiters.remove(at: i).continuation }
            if s.pending.remove(id) != nil { s.abandoned.insert(id) }
            return nil
        }
        waiting?.resume(returning: false)
    }
}
