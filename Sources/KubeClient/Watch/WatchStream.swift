import Foundation
import HTTPClient

/// Options of a single watch request.
public struct WatchOptions: Sendable, Hashable {
    public var labelSelector: String?
    public var fieldSelector: String?
    /// Start after this version; `nil` or `"0"` first sends the current state as `ADDED` events.
    public var resourceVersion: String?
    public var allowWatchBookmarks: Bool
    /// The server closes the watch after this many seconds; the default (5 min) keeps a long-running
    /// watcher reconnecting now and then rather than trusting one connection forever.
    public var timeoutSeconds: Int?

    public init(
        labelSelector: String? = nil, fieldSelector: String? = nil, resourceVersion: String? = nil,
        allowWatchBookmarks: Bool = true, timeoutSeconds: Int? = 300
    ) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.resourceVersion = resourceVersion
        self.allowWatchBookmarks = allowWatchBookmarks
        self.timeoutSeconds = timeoutSeconds
    }

    var query: [(String, String)] {
        var q: [(String, String)] = [("watch", "true")]
        if let labelSelector, !labelSelector.isEmpty { q.append(("labelSelector", labelSelector)) }
        if let fieldSelector, !fieldSelector.isEmpty { q.append(("fieldSelector", fieldSelector)) }
        if let resourceVersion { q.append(("resourceVersion", resourceVersion)) }
        if allowWatchBookmarks { q.append(("allowWatchBookmarks", "true")) }
        if let timeoutSeconds { q.append(("timeoutSeconds", String(timeoutSeconds))) }
        return q
    }
}

extension KubeClient {
    /// A single watch: its events in order. The request is sent when iteration starts (Kubernetes 1.20
    /// sends no response headers before the first event, so opening it eagerly could wait forever); pass the
    /// `resourceVersion` of a preceding list so nothing in between is missed. The sequence ends when the
    /// server closes the watch (after `timeoutSeconds`) and throws `KubeError` for a refused watch (e.g.
    /// 410 Gone) or a failed connection. It does not reconnect: use `ListWatch` (or an `Informer`) for a
    /// watch that survives restarts, 410 and errors. Cancelling the consuming task closes the connection.
    public func watch<T: KubeObject>(
        _ type: T.Type, in resource: APIResource, namespace: String? = nil, options: WatchOptions = WatchOptions()
    ) throws(KubeError) -> WatchStream<T> {
        let path = resource.path(namespace: resource.namespaced ? namespace : nil)
        let request = try httpRequest(.get, path: path, query: options.query, timeout: nil)
        return WatchStream(client: self, request: request)
    }

    public func watch<T: KubeResource>(
        _ type: T.Type, namespace: String? = nil, options: WatchOptions = WatchOptions()
    ) throws(KubeError) -> WatchStream<T> {
        try watch(T.self, in: T.apiResource, namespace: namespace, options: options)
    }

    /// Sends a watch request and returns its body once the server accepted it with 200.
    func openStream(_ request: HTTPRequest) async throws(KubeError) -> AsyncThrowingStream<[UInt8], any Error> {
        let head: HTTPResponseHead
        let body: AsyncThrowingStream<[UInt8], any Error>
        do {
            (head, body) = try await http.stream(request)
        } catch {
            throw KubeError(
                kind: .transport, verb: "GET", url: request.url, transport: error, message: error.description)
        }
        guard head.status == 200 else {
            var bytes: [UInt8] = []
            do {
                for try await chunk in body where bytes.count < 65536 { bytes += chunk }
            } catch {}
            throw Self.apiError(status: head.status, body: bytes, verb: "GET", url: request.url)
        }
        return body
    }
}

/// The events of one watch connection: newline-delimited JSON `{"type": …, "object": …}` frames.
public struct WatchStream<Object: KubeObject>: AsyncSequence, Sendable {
    public typealias Element = WatchEvent<Object>
    public typealias Failure = KubeError

    /// Where the bytes come from: a request still to send, or a body already open (tests feed frames).
    enum Source: Sendable {
        case request(KubeClient, HTTPRequest)
        case body(AsyncThrowingStream<[UInt8], any Error>)
    }

    let source: Source
    let url: String

    init(client: KubeClient, request: HTTPRequest) {
        source = .request(client, request)
        url = request.url
    }

    init(body: AsyncThrowingStream<[UInt8], any Error>, url: String) {
        source = .body(body)
        self.url = url
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(source: source, url: url)
    }

    public struct Iterator: AsyncIteratorProtocol {
        var source: Source?
        var chunks: AsyncThrowingStream<[UInt8], any Error>.AsyncIterator?
        let url: String
        var buffer: [UInt8] = []
        /// Start of the not yet consumed bytes in `buffer` (compacted when a chunk arrives).
        var start = 0
        var finished = false
        let decoder = JSONDecoder()

        init(source: Source, url: String) {
            self.source = source
            self.url = url
        }

        public mutating func next() async throws(KubeError) -> WatchEvent<Object>? {
            if let pending = source {
                source = nil
                switch pending {
                case .body(let body): chunks = body.makeAsyncIterator()
                case .request(let client, let request):
                    chunks = try await client.openStream(request).makeAsyncIterator()
                }
            }
            guard chunks != nil else { return nil }
            while true {
                if let newline = buffer[start...].firstIndex(of: 0x0A) {
                    let line = buffer[start..<newline]
                    start = newline + 1
                    if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) { continue }
                    return try decodeFrame(line)
                }
                if finished {
                    // A final frame without a trailing newline.
                    guard start < buffer.count else { return nil }
                    let line = buffer[start...]
                    start = buffer.count
                    return try decodeFrame(line)
                }
                do {
                    if let chunk = try await chunks!.next() {
                        if start > 0 {
                            buffer.removeSubrange(0..<start)
                            start = 0
                        }
                        buffer += chunk
                    } else {
                        finished = true
                    }
                } catch let error as HTTPClientError {
                    throw KubeError(
                        kind: .transport, verb: "GET", url: url, transport: error, message: error.description)
                } catch {
                    throw KubeError(kind: .transport, verb: "GET", url: url, message: "\(error)")
                }
            }
        }

        private func decodeFrame(_ line: ArraySlice<UInt8>) throws(KubeError) -> WatchEvent<Object> {
            do {
                return try decoder.decode(WatchEvent<Object>.self, from: Data(line))
            } catch {
                throw KubeError(
                    kind: .decoding, verb: "GET", url: url,
                    message: "watch event: \(error) in \(String(decoding: line.prefix(200), as: UTF8.self))")
            }
        }
    }
}
