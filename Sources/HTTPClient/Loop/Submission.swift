import Synchronization

/// Where a transfer's outcome goes. Resumed exactly once, always on the loop thread.
enum ResponseSink: Sendable {
    /// `execute`: the whole response, or the error.
    case buffered(CheckedContinuation<Result<HTTPResponse, HTTPClientError>, Never>)
    /// `stream`: the head as soon as the first body byte (or the end) arrives, then body chunks.
    case streaming(
        head: CheckedContinuation<Result<HTTPResponseHead, HTTPClientError>, Never>,
        body: AsyncThrowingStream<[UInt8], any Error>.Continuation)
}

/// A caller's handle on one transfer, used to cancel it from any thread.
///
/// Cancellation is a flag plus a wake-up of the loop: the loop checks the flag when it picks the
/// submission up (cancel before start) and removes the easy handle when it sees the cancel request
/// (cancel while running). A cancel after completion is ignored.
final class TransferToken: Sendable {
    let id: UInt64
    private let cancelled = Atomic<Bool>(false)

    init(id: UInt64) {
        self.id = id
    }

    var isCancelled: Bool { cancelled.load(ordering: .acquiring) }

    /// Sets the flag; `true` only for the first call, so the loop gets one cancel request per transfer.
    func markCancelled() -> Bool {
        !cancelled.exchange(true, ordering: .acquiringAndReleasing)
    }
}

/// Everything the loop thread needs to start a transfer; crosses from the caller to the loop.
struct Submission: Sendable {
    var request: HTTPRequest
    var token: TransferToken
    var sink: ResponseSink

    /// Resumes the sink with `error`. Only the loop thread (or a submitter whose submission was refused) calls this.
    func fail(_ error: HTTPClientError) {
        switch sink {
        case .buffered(let continuation):
            continuation.resume(returning: .failure(error))
        case .streaming(let head, let body):
            head.resume(returning: .failure(error))
            body.finish(throwing: error)
        }
    }

    func error(_ kind: HTTPClientError.Kind, _ cause: String, curlCode: Int? = nil) -> HTTPClientError {
        HTTPClientError(kind: kind, method: request.method, url: request.url, cause: cause, curlCode: curlCode)
    }
}
