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
    /// Opens one watch and returns its events in order. The sequence ends when the server closes the
    /// watch (after `timeoutSeconds`) and throws `KubeError` when the connection fails. It does not
    /// reconnect: use `ListWatch` (or an `Informer`) for a watch that survives restarts, 410 and errors.
    /// Cancelling the consuming task closes the connection.
    public func watch<T: KubeObject>(
        _ type: T.Type, in resource: APIResource, namespace: String? = nil, options: WatchOptions = WatchOptions()
    ) async throws(KubeError) -> WatchStream<T> {
        let path = resource.path(namespace: resource.namespaced ? namespace : nil)
        let request = try httpRequest(.get, path: path, query: options.query, timeout: nil)
        let head: HTTPResponseHead
        let body: AsyncThrowingStream<[UInt8], any Error>
        do {
            (head, body) = try await http.stream(request)
        } catch {
            throw KubeError(kind: .transport, verb: "GET", url: request.url, transport: error, message: error.description)
        }
        guard head.status == 200 else {
            var bytes: [UInt8] = []
            do {
                for try await chunk in body where bytes.count < 65536 { bytes += chunk }
            } catch {}
            throw Self.apiError(status: head.status, body: bytes, verb: "GET", url: request.url)
        }
        return WatchStream(body: body, url: request.url)
    }

    public func watch<T: KubeResource>(
        _ type: T.Type, namespace: String? = nil, options: WatchOptions = WatchOptions()
    ) async throws(KubeError) -> WatchStream<T> {
        try await watch(T.self, in: T.apiResource, namespace: namespace, options: options)
    }
}

/// The events of one watch connection: newline-delimited JSON `{"type": …, "object": …}` frames.
public struct WatchStream<Object: KubeObject>: AsyncSequence, Sendable {
    public typealias Element = WatchEvent<Object>
    public typealias Failure = KubeError

    let body: AsyncThrowingStream<[UInt8], any Error>
    let url: String

    public func makeAsyncIterator() -> Iterator {
        Iterator(chunks: body.makeAsyncIterator(), url: url)
    }

    public struct Iterator: AsyncIteratorProtocol {
        var chunks: AsyncThrowingStream<[UInt8], any Error>.AsyncIterator
        let url: String
        var buffer: [UInt8] = []
        /// Start of the not yet consumed bytes in `buffer` (compacted when a chunk arrives).
        var start = 0
        var finished = false
        let decoder = JSONDecoder()

        init(chunks: AsyncThrowingStream<[UInt8], any Error>.AsyncIterator, url: String) {
            self.chunks = chunks
            self.url = url
        }

        public mutating func next() async throws(KubeError) -> WatchEvent<Object>? {
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
                    if let chunk = try await chunks.next() {
                        if start > 0 {
                            buffer.removeSubrange(0..<start)
                            start = 0
                        }
                        buffer += chunk
                    } else {
                        finished = true
                    }
                } catch let error as HTTPClientError {
                    throw KubeError(kind: .transport, verb: "GET", url: url, transport: error, message: error.description)
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
