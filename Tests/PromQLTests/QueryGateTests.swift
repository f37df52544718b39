import PromModel
import Synchronization
import Testing
@testable import PromQL

/// `--query.max-concurrency`: queries beyond the limit wait in arrival order, time out in the queue, and a
/// cancelled waiter leaves the queue.
struct QueryGateTests {
    @Test func waitersGetFreedSlotsInOrder() async throws {
        let gate = QueryGate(capacity: 1)
        #expect(await gate.enter(timeout: .seconds(1)))
        let order = OrderLog()
        let first = Task {
            let ok = await gate.enter(timeout: .seconds(30))
            order.append(1)
            return ok
        }
        try await Task.sleep(for: .milliseconds(100))
        let second = Task {
            let ok = await gate.enter(timeout: .seconds(30))
            order.append(2)
            return ok
        }
        try await Task.sleep(for: .milliseconds(100))
        #expect(gate.active == 1)
        gate.leave()
        #expect(await first.value)
        gate.leave()
        #expect(await second.value)
        #expect(order.values == [1, 2])
        gate.leave()
        #expect(gate.active == 0)
    }

    @Test func aWaiterTimesOutAndLeavesTheQueue() async throws {
        let gate = QueryGate(capacity: 1)
        #expect(await gate.enter(timeout: .seconds(1)))
        #expect(await gate.enter(timeout: .milliseconds(100)) == false)
        // The timed-out waiter does not take the slot when it is returned.
        gate.leave()
        #expect(gate.active == 0)
        #expect(await gate.enter(timeout: .milliseconds(100)))
        gate.leave()
    }

    @Test func aCancelledWaiterLeavesTheQueue() async throws {
        let gate = QueryGate(capacity: 1)
        #expect(await gate.enter(timeout: .seconds(1)))
        let waiter = Task { await gate.enter(timeout: .seconds(30)) }
        try await Task.sleep(for: .milliseconds(100))
        waiter.cancel()
        #expect(await waiter.value == false)
        gate.leave()
        #expect(gate.active == 0)
    }

    @Test func noLimitNeverWaits() async {
        let gate = QueryGate(capacity: 0)
        for _ in 0..<100 { #expect(await gate.enter(timeout: .zero)) }
    }

    @Test func engineQueuesQueriesBeyondTheLimit() async throws {
        let engine = Engine(options: EngineOptions(maxConcurrency: 1))
        let storage = MemoryStorage()
        storage.add(Labels(["__name__": "m"]), [Sample(t: 0, v: 1)])
        // A query in flight holds the only slot (taken directly: a real long query would tie up a thread of the
        // shared test pool for its whole run).
        #expect(await engine.gate.enter(timeout: .seconds(1)))
        #expect(engine.activeQueries == 1)
        do {
            _ = try await engine.instantQuery("m", at: 0, queryable: storage, timeout: .milliseconds(200))
            Issue.record("expected the query to time out in the queue")
        } catch {
            #expect(error.kind == .timeout)
            #expect(error.message == "query timed out in query queue")
        }
        // A query waiting with enough time gets the slot once the one in flight ends.
        let waiting = Task { try await engine.instantQuery("m", at: 0, queryable: storage, timeout: .seconds(60)) }
        try await Task.sleep(for: .milliseconds(100))
        engine.gate.leave()
        let r = try await waiting.value
        #expect(r.value == .vector([VectorSample(labels: Labels(["__name__": "m"]), t: 0, v: 1)]))
        #expect(engine.activeQueries == 0)
    }
}

private final class OrderLog: Sendable {
    private let log = Mutex<[Int]>([])
    func append(_ v: Int) { log.withLock { $0.append(v) } }
    var values: [Int] { log.withLock { $0 } }
}
