import HTTPClient
import TestSupport
import Testing

@Suite("HTTPClient streaming bodies")
struct HTTPClientStreamTests {
    @Test func chunksArriveAsTheServerWritesThem() async throws {
        let server = try await FixtureServer.start()
        try await withClient { client in
            let (head, body) = try await client.stream(loopback(server.url("/chunks?n=5&delay_ms=150")))
            #expect(head.status == 200)
            #expect(head.header("transfer-encoding") == "chunked")
            var chunks: [[UInt8]] = []
            for try await chunk in body { chunks.append(chunk) }
            #expect(String(decoding: chunks.joined(), as: UTF8.self) == (0..<5).map { "chunk-\($0)\n" }.joined())
            // The server pauses between chunks, so they cannot all arrive in one piece.
            #expect(chunks.count >= 2)
        }
    }

    @Test func emptyBodyStillDeliversTheHead() async throws {
        let server = try await FixtureServer.start()
        try await withClient { client in
            let (head, body) = try await client.stream(loopback(server.url("/status?code=204")))
            #expect(head.status == 204)
            var count = 0
            for try await chunk in body { count += chunk.count }
            #expect(count == 0)
        }
    }

    @Test func cancellingTheConsumerAbortsTheStream() async throws {
        let server = try await FixtureServer.start()
        try await withClient { client in
            let (_, body) = try await client.stream(loopback(server.url("/chunks?n=1000&delay_ms=100")))
            let consumer = Task {
                var received = 0
                for try await chunk in body {
                    received += chunk.count
                }
                return received
            }
            try await Task.sleep(for: .milliseconds(300))
            consumer.cancel()
            // Without the abort the consumer would wait ~100 s for the rest of the body.
            let result = await consumer.result
            switch result {
            case .success(let received): #expect(received < 1000 * 8)
            case .failure: break
            }
            #expect(try await client.execute(loopback(server.url("/echo"))).status == 200)
        }
    }

    @Test func transferErrorEndsTheStreamWithThatError() async throws {
        let server = try await FixtureServer.start()
        try await withClient { client in
            let (head, body) = try await client.stream(
                loopback(server.url("/chunks?n=100&delay_ms=50")) { $0.timeout = .milliseconds(400) })
            #expect(head.status == 200)
            var received = 0
            do {
                for try await chunk in body { received += chunk.count }
                Issue.record("the stream should have failed with a timeout")
            } catch let error as HTTPClientError {
                #expect(error.kind == .timeout)
            }
            #expect(received > 0)
        }
    }

    @Test func connectErrorIsThrownBeforeTheHead() async throws {
        let port = try PeerProcess.freeTCPPort()
        try await withClient { client in
            let error = await failure { try await client.stream(loopback("http://127.0.0.1:\(port)/watch")) }
            #expect(error?.kind == .connect)
        }
    }

    @Test func bodyLimitAppliesToStreams() async throws {
        let server = try await FixtureServer.start()
        try await withClient { client in
            let (_, body) = try await client.stream(
                loopback(server.url("/chunks?n=50&delay_ms=1")) { $0.maxBodySize = 30 })
            do {
                for try await _ in body {}
                Issue.record("the stream should have failed")
            } catch let error as HTTPClientError {
                #expect(error.kind == .bodyTooLarge(limit: 30))
            }
        }
    }
}
