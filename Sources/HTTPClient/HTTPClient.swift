import CCurl
public import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Async HTTP client over libcurl's multi interface.
///
/// One client owns one `curl_multi` handle and one dedicated thread that performs all I/O for every
/// request, so thousands of concurrent requests cost sockets, not threads. Callers suspend on
/// continuations; the loop thread resumes them. Connections are kept alive and reused across requests
/// until `shutdown()`. Share one client per process (or per subsystem); it is safe to use from any task.
///
/// Cancelling the calling task aborts its transfer promptly and throws `.cancelled`.
public final class HTTPClient: Sendable {
    private let shared: LoopShared
    private let logger: Logger
    /// The loop thread until `shutdown()` joins it.
    private let thread: Mutex<pthread_t?>

    public init(logger: Logger = Logger(label: "sextant.httpclient")) throws(HTTPClientError) {
        self.logger = logger
        // Thread-safe in libcurl ≥ 7.84 (feature "threadsafe"), and reference-counted.
        let global = curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        guard global == CURLE_OK else {
            throw Self.initError("curl_global_init: \(String(cString: curl_easy_strerror(global)))")
        }
        guard let multi = curl_multi_init() else {
            throw Self.initError("curl_multi_init() returned NULL")
        }
        let shared = LoopShared(multi: multi)
        self.shared = shared
        // Let HTTP/2 requests to one host share a connection instead of opening one each.
        _ = sx_multi_setopt_long(multi, CURLMOPT_PIPELINING, SX_CURLPIPE_MULTIPLEX)
        // libcurl's default cache holds 4 connections per transfer in flight. A scraper has few transfers in
        // flight but thousands of hosts, so the default closed nearly every connection after its request, and
        // libcurl scanned the whole cache for the oldest one each time: with 2,000 targets that was ~25% of the
        // server's CPU plus a TCP handshake per scrape (docs/performance.md). Keep one idle connection per host.
        _ = sx_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, Self.maxIdleConnections)

        let loop = CurlLoop(shared: shared, logger: logger)
        let context = Unmanaged.passRetained(LoopBox(loop)).toOpaque()
        var handle = pthread_t()
        let created = pthread_create(
            &handle, nil,
            { context in
                let box = Unmanaged<LoopBox>.fromOpaque(context!).takeRetainedValue()
                sx_set_thread_name("sextant-http")
                box.loop.run()
                return nil
            }, context)
        guard created == 0 else {
            Unmanaged<LoopBox>.fromOpaque(context).release()
            throw Self.initError("cannot start the I/O thread: \(String(cString: strerror(created)))")
        }
        thread = Mutex(handle)
    }

    deinit {
        shutdown()
    }

    /// Performs `request` and buffers the whole response body.
    ///
    /// Non-2xx statuses are not errors; check `status`. Throws `HTTPClientError` for transport failures,
    /// timeouts, `maxBodySize`, cancellation and shutdown.
    public func execute(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPResponse {
        let token = shared.makeToken()
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation {
                (continuation: CheckedContinuation<Result<HTTPResponse, HTTPClientError>, Never>) in
                let submission = Submission(request: request, token: token, sink: .buffered(continuation))
                if !shared.submit(submission) {
                    submission.fail(submission.error(.shutdown, "the HTTP client was shut down"))
                }
            }
        } onCancel: { [shared] in
            shared.cancel(token)
        }
        return try result.get()
    }

    /// Performs `request` and returns as soon as the response head is known, with the body as a stream of
    /// chunks in arrival order (for Kubernetes watches and other long-lived responses).
    ///
    /// The stream ends when the server finishes the response and throws `HTTPClientError` if the transfer
    /// fails. Cancelling the task that consumes the stream, or dropping the stream, aborts the transfer.
    /// Chunks are buffered without limit until consumed, so consume promptly or set `maxBodySize`.
    /// `timeout` covers the whole transfer including the body; leave it `nil` for watches.
    public func stream(_ request: HTTPRequest) async throws(HTTPClientError)
        -> (head: HTTPResponseHead, body: AsyncThrowingStream<[UInt8], any Error>)
    {
        let token = shared.makeToken()
        let (body, bodyContinuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream()
        bodyContinuation.onTermination = { [shared] termination in
            if case .cancelled = termination { shared.cancel(token) }
        }
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation {
                (continuation: CheckedContinuation<Result<HTTPResponseHead, HTTPClientError>, Never>) in
                let submission = Submission(
                    request: request, token: token, sink: .streaming(head: continuation, body: bodyContinuation))
                if !shared.submit(submission) {
                    submission.fail(submission.error(.shutdown, "the HTTP client was shut down"))
                }
            }
        } onCancel: { [shared] in
            shared.cancel(token)
        }
        return (try result.get(), body)
    }

    /// Fails every pending request with `.shutdown`, closes all connections and stops the I/O thread.
    ///
    /// Blocks until the thread has exited (it finishes its current iteration first). Idempotent; requests
    /// made afterwards fail with `.shutdown`.
    public func shutdown() {
        shared.stop()
        guard let handle = thread.withLock({ $0.take() }) else { return }
        if pthread_equal(handle, pthread_self()) != 0 {
            pthread_detach(handle)
        } else {
            pthread_join(handle, nil)
        }
        logger.debug("HTTP client shut down")
    }

    /// Idle connections kept for reuse (Prometheus's Go transport keeps up to 20,000); each holds a file
    /// descriptor until the server closes it or it has been idle for `EasyTransfer.maxIdleSeconds`.
    static let maxIdleConnections = 10_000

    private static func initError(_ cause: String) -> HTTPClientError {
        HTTPClientError(kind: .initialization, method: .get, url: "", cause: cause)
    }
}

/// Carries the non-Sendable loop into its thread; the thread is its only user from then on.
private final class LoopBox {
    let loop: CurlLoop
    init(_ loop: CurlLoop) { self.loop = loop }
}
