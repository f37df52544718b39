import Foundation
import Testing

@testable import KubeClient

struct WatchDecodingTests {
    /// Feeds frames split at awkward places through the real iterator.
    @Test func splitsFramesAcrossChunks() async throws {
        let frames = [
            #"{"type":"ADDED","object":{"metadata":{"name":"a","namespace":"d","resourceVersion":"5"},"data":{"k":"v"}}}"#,
            #"{"type":"BOOKMARK","object":{"kind":"ConfigMap","metadata":{"resourceVersion":"9"}}}"#,
            #"{"type":"DELETED","object":{"metadata":{"name":"a","namespace":"d","resourceVersion":"10"}}}"#,
            #"{"type":"ERROR","object":{"kind":"Status","code":410,"reason":"Expired","message":"too old resource version: 1 (5)"}}"#,
        ]
        let bytes = Array(frames.joined(separator: "\n").utf8) + Array("\n".utf8)
        let (body, continuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream()
        var i = 0
        var size = 1
        while i < bytes.count {
            continuation.yield(Array(bytes[i..<min(i + size, bytes.count)]))
            i += size
            size = size * 3 % 97 + 1
        }
        continuation.finish()
        var events: [WatchEvent<ConfigMap>] = []
        for try await e in WatchStream<ConfigMap>(body: body, url: "u") { events.append(e) }
        #expect(events.count == 4)
        guard case .added(let cm) = events[0] else {
            Issue.record("\(events[0])")
            return
        }
        #expect(cm.data == ["k": "v"])
        #expect(events[1].resourceVersion == "9")
        guard case .deleted = events[2] else {
            Issue.record("\(events[2])")
            return
        }
        guard case .error(let status) = events[3] else {
            Issue.record("\(events[3])")
            return
        }
        #expect(status.code == 410)
    }

    @Test func badFrameIsADecodingError() async {
        let (body, continuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream()
        continuation.yield(Array(#"{"type":"EXPLODED","object":{}}"#.utf8) + [0x0A])
        continuation.finish()
        var iterator = WatchStream<ConfigMap>(body: body, url: "u").makeAsyncIterator()
        do {
            _ = try await iterator.next()
            Issue.record("expected a decoding error")
        } catch {
            #expect(error.kind == .decoding)
            #expect(error.description.contains("EXPLODED"))
        }
    }

    @Test func backoffGrowsToTheCapAndResets() {
        var b = Backoff(initial: .seconds(1), maximum: .seconds(8), factor: 2)
        let delays = (0..<6).map { _ in b.next(random: 1) }
        #expect(delays == [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(8), .seconds(8)])
        #expect(b.next(random: 0) == .seconds(4))
        b.reset()
        #expect(b.next(random: 1) == .seconds(1))
    }
}
