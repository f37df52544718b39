import Foundation
import HTTPClient
import TestSupport
import Testing

@Suite("HTTPClient concurrency, cancellation and shutdown")
struct HTTPClientConcurrencyTests {
    /// Threads of this process, from /proc (Linux).
    private func threadCount() throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").count
    }

    @Test func twoHundredConcurrentRequestsShareOneLoopThread() async throws {
        let server = try await FixtureServer.start()
        try await withClient { client in
            let before = try threadCount()
            let (statuses, during) = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        let response = try await client.execute(loopback(server.url("/sleep?ms=300&i=\(index)")))
                        return response.status
                    }
                }
                // Sample while requests are in flight: a thread per request would add ~200.
                try await Task.sleep(for: .milliseconds(150))
                let during = try threadCount()
                var statuses: [Int] = []
                for try await status in group { statuses.append(status) }
                return (statuses, during)
            }
            #expect(statuses.count == 200)
            #expect(statuses.allSatisfy { $0 == 200 })
            let grown = during - before
            #expect(grown < 100, "the process grew by \(grown) threads for 200 requests")
        }
    }

    @Test func cancellingTheTaskAbortsTheTransfer() async throws {
        let server = try await FixtureServer.start()
        try await withClient { client in
            let task = Task {
                try await client.execute(loopback(server.url("/sleep?ms=20000")))
            }
            try await Task.sleep(for: .milliseconds(200))
            task.cancel()
            let result = await task.result
            guard case .failure(let error as HTTPClientError) = result else {
                Issue.record("expected a cancellation error, got \(result)")
                return
            }
            #expect(error.kind == .cancelled)
            // The client stays usable after a cancellation.
            #expect(try await client.execute(loopback(server.url("/echo"))).status == 200)
        }
    }

    @Test func alreadyCancelledTaskFailsWithoutSending() async throws {
        let server = try await FixtureServer.start()
        try await withClient { client in
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await client.execute(loopback(server.url("/echo")))
            }
            let result = await task.result
            guard case .failure(let error as HTTPClientError) = result else {
                Issue.record("expected a cancellation error, got \(result)")
                return
            }
            #expect(error.kind == .cancelled)
        }
    }

    @Test func shutdownFailsPendingAndLaterRequests() async throws {
        let server = try await FixtureServer.start()
        let client = try HTTPClient()
        let pending = Task {
            try await client.execute(loopback(server.url("/sleep?ms=20000")))
        }
        // Make sure the request is in flight before shutting down.
        _ = try await client.execute(loopback(server.url("/echo")))
        try await Task.sleep(for: .milliseconds(200))
        client.shutdown()
        let result = await pending.result
        guard case .failure(let error as HTTPClientError) = result else {
            Issue.record("expected a shutdown error, got \(result)")
            return
        }
        #expect(error.kind == .shutdown)
        let later = await failure { try await client.execute(loopback(server.url("/echo"))) }
        #expect(later?.kind == .shutdown)
        client.shutdown()  // idempotent
    }
}
