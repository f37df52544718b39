import CCurl
import Synchronization

/// The state shared between callers and the loop thread: a mailbox of new submissions and cancel requests.
///
/// Callers only ever append to the mailbox and wake the loop with `curl_multi_wakeup` (documented as
/// thread-safe); everything else about the multi handle and its easy handles belongs to the loop thread.
/// No continuation is resumed while `state` is locked, because resuming can run arbitrary code
/// (for example an `AsyncThrowingStream` termination handler that cancels).
final class LoopShared: Sendable {
    struct State {
        var incoming: [Submission] = []
        var cancels: [TransferToken] = []
        /// Set by `stop()`; afterwards `submit` refuses new work.
        var stopping = false
    }

    /// Owned by the loop thread except for `curl_multi_wakeup`; cleaned up in `deinit`, when no caller
    /// can wake it any more and the loop thread has exited (it holds a reference while running).
    nonisolated(unsafe) let multi: UnsafeMutableRawPointer
    let state = Mutex(State())
    private let nextID = Atomic<UInt64>(1)

    init(multi: UnsafeMutableRawPointer) {
        self.multi = multi
    }

    deinit {
        curl_multi_cleanup(multi)
    }

    func makeToken() -> TransferToken {
        TransferToken(id: nextID.wrappingAdd(1, ordering: .relaxed).oldValue)
    }

    /// Queues `submission` for the loop; returns `false` when the client is shut down.
    func submit(_ submission: Submission) -> Bool {
        let accepted = state.withLock { state in
            guard !state.stopping else { return false }
            state.incoming.append(submission)
            return true
        }
        if accepted { curl_multi_wakeup(multi) }
        return accepted
    }

    /// Asks the loop to abort the transfer of `token`, wherever it is.
    func cancel(_ token: TransferToken) {
        guard token.markCancelled() else { return }
        let queued = state.withLock { state in
            guard !state.stopping else { return false }
            state.cancels.append(token)
            return true
        }
        if queued { curl_multi_wakeup(multi) }
    }

    /// Makes the loop fail everything and exit at its next iteration.
    func stop() {
        state.withLock { $0.stopping = true }
        curl_multi_wakeup(multi)
    }

    /// Takes the mailbox content for one loop iteration.
    func takeWork() -> (incoming: [Submission], cancels: [TransferToken], stopping: Bool) {
        state.withLock { state in
            defer {
                state.incoming.removeAll()
                state.cancels.removeAll()
            }
            return (state.incoming, state.cancels, state.stopping)
        }
    }
}
