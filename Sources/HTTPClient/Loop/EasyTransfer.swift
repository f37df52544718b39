import CCurl

/// One running transfer: its easy handle, the C memory libcurl points into, and the response so far.
///
/// Lives only on the loop thread. libcurl calls the write and header callbacks from inside
/// `curl_multi_perform` on that thread, with an unretained pointer to this object as user data;
/// the loop's table keeps it alive until `cleanup()`.
final class EasyTransfer {
    let submission: Submission
    let easy: UnsafeMutableRawPointer
    /// libcurl writes its detailed message here (`CURLOPT_ERRORBUFFER`); must outlive the transfer.
    let errorBuffer: UnsafeMutablePointer<CChar>
    /// Header lists handed to libcurl by pointer; freed in `cleanup()`.
    var headerList: UnsafeMutablePointer<curl_slist>?
    var connectToList: UnsafeMutablePointer<curl_slist>?

    private var responseHeaders: [HTTPHeader] = []
    private var body: [UInt8] = []
    private var received = 0
    private var headDelivered = false
    /// Set when the write callback refused data, so `CURLE_WRITE_ERROR` can be told apart.
    private(set) var exceededLimit = false
    private(set) var consumerGone = false

    init?(submission: Submission) {
        guard let easy = curl_easy_init() else { return nil }
        self.submission = submission
        self.easy = easy
        let size = Int(SX_CURL_ERROR_SIZE)
        errorBuffer = .allocate(capacity: size)
        errorBuffer.initialize(repeating: 0, count: size)
    }

    func cleanup() {
        curl_easy_cleanup(easy)
        curl_slist_free_all(headerList)
        curl_slist_free_all(connectToList)
        errorBuffer.deallocate()
    }

    var request: HTTPRequest { submission.request }

    /// libcurl's message for the last failure, empty when it wrote none.
    var errorText: String {
        String(cString: errorBuffer)
    }

    // MARK: - Callbacks (loop thread, inside curl_multi_perform)

    /// One header line including its CRLF. A status line starts a new response (redirect, 100-continue),
    /// so headers collected so far are dropped: the caller sees only the final response's headers.
    func receiveHeaderLine(_ line: UnsafeBufferPointer<UInt8>) {
        var end = line.count
        while end > 0, line[end - 1] == UInt8(ascii: "\r") || line[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        let text = String(decoding: UnsafeBufferPointer(rebasing: line[..<end]), as: UTF8.self)
        if text.hasPrefix("HTTP/") {
            responseHeaders.removeAll(keepingCapacity: true)
            return
        }
        guard let colon = text.firstIndex(of: ":") else { return }
        let name = String(text[..<colon])
        let value = text[text.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
        responseHeaders.append(HTTPHeader(name, String(value)))
    }

    /// Body bytes (already decoded when gzip was negotiated). Returns `false` to abort the transfer.
    func receiveBody(_ chunk: UnsafeBufferPointer<UInt8>) -> Bool {
        received += chunk.count
        if let limit = request.maxBodySize, received > limit {
            exceededLimit = true
            return false
        }
        switch submission.sink {
        case .buffered:
            body.append(contentsOf: chunk)
            return true
        case .streaming(let head, let stream):
            deliverHead(head)
            if case .terminated = stream.yield(Array(chunk)) {
                consumerGone = true
                return false
            }
            return true
        }
    }

    // MARK: - Completion (loop thread, after the handle left the multi handle)

    /// Hands the result to the caller; `error == nil` means success.
    func complete(error: HTTPClientError?) {
        if let error {
            switch submission.sink {
            case .buffered(let continuation):
                continuation.resume(returning: .failure(error))
            case .streaming(let head, let stream):
                if !headDelivered {
                    headDelivered = true
                    head.resume(returning: .failure(error))
                }
                stream.finish(throwing: error)
            }
            return
        }
        switch submission.sink {
        case .buffered(let continuation):
            let response = HTTPResponse(status: status(), headers: responseHeaders, body: body)
            body = []
            continuation.resume(returning: .success(response))
        case .streaming(let head, let stream):
            deliverHead(head)
            stream.finish()
        }
    }

    private func deliverHead(_ head: CheckedContinuation<Result<HTTPResponseHead, HTTPClientError>, Never>) {
        guard !headDelivered else { return }
        headDelivered = true
        head.resume(returning: .success(HTTPResponseHead(status: status(), headers: responseHeaders)))
    }

    private func status() -> Int {
        var code = 0
        _ = sx_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &code)
        return code
    }
}
