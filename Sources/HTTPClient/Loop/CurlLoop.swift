import CCurl
import Logging

/// The body of the client's single I/O thread: drives every transfer through one `curl_multi` handle.
///
/// Each iteration takes the mailbox (new submissions, cancel requests, stop), lets libcurl do all
/// ready I/O with `curl_multi_perform`, hands finished transfers to their callers, and then sleeps in
/// `curl_multi_poll` until a socket is ready, a libcurl timer fires, or `curl_multi_wakeup` is called.
/// Connections stay in the multi handle's cache between transfers, so later requests to the same
/// host reuse them (keep-alive, HTTP/2 multiplexing).
final class CurlLoop {
    /// Upper bound of one `curl_multi_poll` sleep; libcurl shortens it to its own next timer.
    private static let idlePollMilliseconds: Int32 = 1000

    private let shared: LoopShared
    private let logger: Logger
    private var transfers: [UnsafeMutableRawPointer: EasyTransfer] = [:]
    private var handleByID: [UInt64: UnsafeMutableRawPointer] = [:]

    init(shared: LoopShared, logger: Logger) {
        self.shared = shared
        self.logger = logger
    }

    func run() {
        logger.debug("HTTP client loop started")
        while true {
            let work = shared.takeWork()
            if work.stopping {
                stopAll(refused: work.incoming)
                logger.debug("HTTP client loop stopped")
                return
            }
            for submission in work.incoming { start(submission) }
            for token in work.cancels { cancel(token) }

            var running: Int32 = 0
            let performed = curl_multi_perform(shared.multi, &running)
            if performed != CURLM_OK {
                logger.debug(
                    "curl_multi_perform failed",
                    metadata: ["error": "\(String(cString: curl_multi_strerror(performed)))"])
            }
            collectFinished()
            _ = curl_multi_poll(shared.multi, nil, 0, Self.idlePollMilliseconds, nil)
        }
    }

    private func start(_ submission: Submission) {
        if submission.token.isCancelled {
            submission.fail(submission.error(.cancelled, "cancelled before the request was sent"))
            return
        }
        guard let transfer = EasyTransfer(submission: submission) else {
            submission.fail(submission.error(.initialization, "curl_easy_init() returned NULL"))
            return
        }
        do {
            try transfer.configure()
        } catch {
            transfer.cleanup()
            submission.fail(error)
            return
        }
        let added = curl_multi_add_handle(shared.multi, transfer.easy)
        guard added == CURLM_OK else {
            transfer.cleanup()
            let reason = String(cString: curl_multi_strerror(added))
            submission.fail(submission.error(.other, "curl_multi_add_handle: \(reason)"))
            return
        }
        transfers[transfer.easy] = transfer
        handleByID[submission.token.id] = transfer.easy
        logger.debug(
            "HTTP request started",
            metadata: [
                "id": "\(submission.token.id)", "method": "\(submission.request.method.rawValue)",
                "url": "\(submission.request.url)",
            ])
    }

    private func cancel(_ token: TransferToken) {
        // Not found: already finished, or refused at start because the flag was set. Both are complete.
        guard let easy = handleByID[token.id] else { return }
        finish(easy) { transfer in
            transfer.submission.error(.cancelled, "request cancelled by the caller")
        }
    }

    private func collectFinished() {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(shared.multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            let code = sx_msg_result(message)
            finish(easy) { transfer in transfer.error(for: code) }
        }
    }

    /// Detaches the handle, computes the outcome while the easy handle is still valid, resumes the caller.
    private func finish(_ easy: UnsafeMutableRawPointer, outcome: (EasyTransfer) -> HTTPClientError?) {
        guard let transfer = transfers.removeValue(forKey: easy) else { return }
        handleByID[transfer.submission.token.id] = nil
        curl_multi_remove_handle(shared.multi, easy)
        let error = outcome(transfer)
        logger.debug(
            "HTTP request finished",
            metadata: ["id": "\(transfer.submission.token.id)", "error": "\(error.map { "\($0)" } ?? "none")"])
        transfer.complete(error: error)
        transfer.cleanup()
    }

    private func stopAll(refused: [Submission]) {
        for submission in refused {
            submission.fail(submission.error(.shutdown, "the HTTP client was shut down"))
        }
        for easy in Array(transfers.keys) {
            finish(easy) { transfer in
                transfer.submission.error(.shutdown, "the HTTP client was shut down")
            }
        }
    }
}
