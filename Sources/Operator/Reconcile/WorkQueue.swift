/// A de-duplicating, rate-limited queue of `namespace/name` keys, as client-go's workqueue: a key is queued at most
/// once, a key being processed is not handed to a second worker (a re-add while processing is queued again when it
/// is done), and a failed key comes back after an exponential per-key delay, so errors never become a hot loop.
package actor WorkQueue {
    private var queue: [String] = []
    private var queued: Set<String> = []
    private var processing: Set<String> = []
    /// Keys re-added while being processed: queued again by `done`.
    private var dirty: Set<String> = []
    private var failures: [String: Int] = [:]
    /// Keys with a pending `addAfter`: at most one timer per key, so periodic resyncs cannot multiply.
    private var delayed: Set<String> = []
    private var waiters: [CheckedContinuation<String?, Never>] = []
    private var shutDown = false
    private let baseDelay: Duration
    private let maxDelay: Duration

    package init(baseDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(300)) {
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    package func add(_ key: String) {
        guard !shutDown else { return }
        if processing.contains(key) {
            dirty.insert(key)
            return
        }
        guard queued.insert(key).inserted else { return }
        if !waiters.isEmpty {
            queued.remove(key)
            processing.insert(key)
            waiters.removeFirst().resume(returning: key)
        } else {
            queue.append(key)
        }
    }

    /// The next key to process, or nil once shut down. Call `done` (or `failed`) when finished with it.
    package func next() async -> String? {
        if shutDown { return nil }
        if !queue.isEmpty {
            let key = queue.removeFirst()
            queued.remove(key)
            processing.insert(key)
            return key
        }
        return await withCheckedContinuation { waiters.append($0) }
    }

    /// The key was processed successfully: its backoff is forgotten.
    package func done(_ key: String) {
        failures[key] = nil
        finish(key)
    }

    /// The key failed: it is queued again after `base * 2^(failures-1)`, capped at `maxDelay`.
    package func failed(_ key: String) {
        let n = (failures[key] ?? 0) + 1
        failures[key] = n
        finish(key)
        let delay = backoff(failures: n)
        Task { [weak self] in
            try? await Task.sleep(for: delay)
            await self?.add(key)
        }
    }

    /// Adds `key` after `delay`, unless a delayed add of it is already pending (for periodic resyncs).
    package func addAfter(_ key: String, _ delay: Duration) {
        guard !shutDown, delayed.insert(key).inserted else { return }
        Task { [weak self] in
            try? await Task.sleep(for: delay)
            await self?.fireDelayed(key)
        }
    }

    private func fireDelayed(_ key: String) {
        delayed.remove(key)
        add(key)
    }

    /// The delay after `failures` consecutive failures.
    package func backoff(failures n: Int) -> Duration {
        var d = baseDelay
        for _ in 1..<max(1, min(n, 32)) {
            d *= 2
            if d >= maxDelay { return maxDelay }
        }
        return min(d, maxDelay)
    }

    package func failureCount(_ key: String) -> Int { failures[key] ?? 0 }
    package var length: Int { queue.count }
    /// Keys waiting for a delayed add.
    package var pendingDelayed: Int { delayed.count }

    package func shutdown() {
        shutDown = true
        for w in waiters { w.resume(returning: nil) }
        waiters = []
    }

    private func finish(_ key: String) {
        processing.remove(key)
        if dirty.remove(key) != nil { add(key) }
    }
}
